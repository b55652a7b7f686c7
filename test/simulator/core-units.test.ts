import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createManualClock } from '../../src/simulator/core/clock.js';
import { ApiError } from '../../src/simulator/core/errors.js';
import { IdGenerator } from '../../src/simulator/core/ids.js';
import { atLeast, negotiateMicroversion } from '../../src/simulator/core/microversion.js';
import { paginate } from '../../src/simulator/core/pagination.js';
import { Progressions, type StateChange } from '../../src/simulator/core/progression.js';
import { Quotas } from '../../src/simulator/core/quotas.js';
import { ComputeHosts } from '../../src/simulator/core/hosts.js';
import { CloudState } from '../../src/simulator/core/state.js';

test('ids: the same seed gives the same uuids; request ids do not shift resource ids', () => {
  const a = new IdGenerator(42);
  const b = new IdGenerator(42);
  b.requestId();
  b.requestId();
  const first = a.uuid();
  assert.equal(first, b.uuid());
  assert.match(first, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.notEqual(new IdGenerator(43).uuid(), first);
  assert.match(a.mac(), /^fa:16:3e(:[0-9a-f]{2}){3}$/);
  assert.match(a.requestId(), /^req-[0-9a-f-]{36}$/);
  a.reseed();
  assert.equal(a.uuid(), first);
});

test('progression immediate: every state is entered at start', () => {
  const p = new Progressions(createManualClock());
  const seen: string[] = [];
  assert.equal(p.start('server', 's1', ['BUILD', 'ACTIVE'], { onState: (c) => seen.push(c.state) }), 'ACTIVE');
  assert.deepEqual(seen, ['BUILD', 'ACTIVE']);
  assert.equal(p.observe('server', 's1'), undefined, 'a finished run is forgotten');
});

test('progression polls: each state is seen by N polls, then the next', () => {
  const p = new Progressions(createManualClock());
  p.set('image', { type: 'polls', polls: 2 });
  const seen: string[] = [];
  p.start('image', 'i1', ['queued', 'saving', 'active'], { onState: (c) => seen.push(c.state) });
  const observed = [1, 2, 3, 4, 5].map(() => p.observe('image', 'i1'));
  assert.deepEqual(observed, ['queued', 'queued', 'saving', 'saving', 'active']);
  assert.deepEqual(seen, ['queued', 'saving', 'active']);
});

test('progression time: states last T ms on the injected clock, advanced by tick', () => {
  const clock = createManualClock();
  const p = new Progressions(clock);
  p.set('volume', { type: 'time', ms: 1000 });
  let status = '';
  p.start('volume', 'v1', ['creating', 'downloading', 'available'], { onState: (c) => (status = c.state) });
  clock.advance(999);
  p.tick();
  assert.equal(status, 'creating');
  clock.advance(1);
  p.tick();
  assert.equal(status, 'downloading');
  clock.advance(5000);
  assert.equal(p.observe('volume', 'v1'), 'available');
  assert.equal(status, 'available');
});

test('progression failNext: the next run ends in the failure state with a message, once', () => {
  const p = new Progressions(createManualClock());
  p.failNext('server', 'ERROR', 'No valid host was found.');
  const changes: StateChange[] = [];
  assert.equal(p.start('server', 'a', ['BUILD', 'ACTIVE'], { onState: (c) => changes.push(c) }), 'ERROR');
  assert.deepEqual(changes.at(-1), { state: 'ERROR', failed: true, final: true, message: 'No valid host was found.' });
  assert.equal(p.start('server', 'b', ['BUILD', 'ACTIVE']), 'ACTIVE');
});

test('pagination: limit and marker walk the list; a full page has a next marker; bad marker throws', () => {
  const items = Array.from({ length: 5 }, (_, i) => ({ id: `id${i}` }));
  const p1 = paginate(items, new URLSearchParams('limit=2'));
  assert.deepEqual(p1.items.map((i) => i.id), ['id0', 'id1']);
  assert.equal(p1.nextMarker, 'id1');
  const p3 = paginate(items, new URLSearchParams('limit=2&marker=id3'));
  assert.deepEqual(p3.items.map((i) => i.id), ['id4']);
  assert.equal(p3.nextMarker, undefined);
  assert.equal(paginate(items, new URLSearchParams()).nextMarker, undefined);
  assert.throws(() => paginate(items, new URLSearchParams('marker=nope')), (e: unknown) => e instanceof ApiError && e.status === 400);
  assert.throws(() => paginate(items, new URLSearchParams('limit=x')), (e: unknown) => e instanceof ApiError && e.status === 400);
});

test('microversions: none → min, latest → max, legacy header, 406 outside the range, 400 malformed', () => {
  const spec = { serviceType: 'compute', legacyHeaders: ['x-openstack-nova-api-version'], min: '2.1', max: '2.96' };
  assert.equal(negotiateMicroversion({}, spec).text, '2.1');
  assert.equal(negotiateMicroversion({ 'openstack-api-version': 'compute latest' }, spec).text, '2.96');
  assert.equal(negotiateMicroversion({ 'openstack-api-version': 'volume 3.60, compute 2.53' }, spec).text, '2.53');
  assert.equal(negotiateMicroversion({ 'x-openstack-nova-api-version': '2.10' }, spec).text, '2.10');
  assert.ok(atLeast(negotiateMicroversion({ 'openstack-api-version': 'compute 2.53' }, spec), '2.47'));
  assert.ok(!atLeast(negotiateMicroversion({ 'openstack-api-version': 'compute 2.9' }, spec), '2.10'));
  assert.throws(() => negotiateMicroversion({ 'openstack-api-version': 'compute 2.97' }, spec), (e: unknown) => e instanceof ApiError && e.status === 406);
  assert.throws(() => negotiateMicroversion({ 'openstack-api-version': 'compute two' }, spec), (e: unknown) => e instanceof ApiError && e.status === 400);
});

test('quotas: defaults, per-project overrides, -1 unlimited', () => {
  const q = new Quotas({ network: 2 });
  assert.ok(q.allows('p', 'network', 1));
  assert.ok(!q.allows('p', 'network', 2));
  q.set('p', 'network', 5);
  assert.ok(q.allows('p', 'network', 4));
  assert.ok(q.allows('p', 'router', 1000));
  q.reset();
  assert.equal(q.limit('p', 'network'), 2);
});

test('compute hosts: allocations count against capacity and move between hosts', () => {
  const hosts = new ComputeHosts(new CloudState(), new IdGenerator(1));
  hosts.add({ name: 'h0', vcpus: 4, memory_mb: 8192, disk_gb: 100 });
  hosts.add({ name: 'h1', vcpus: 4, memory_mb: 8192, disk_gb: 100 });
  const owner = { projectId: 'p', userId: 'u' };
  hosts.allocate('s1', 'h0', { VCPU: 3, MEMORY_MB: 4096, DISK_GB: 10 }, owner);
  assert.ok(!hosts.fits('h0', { VCPU: 2, MEMORY_MB: 1, DISK_GB: 1 }));
  assert.throws(() => hosts.allocate('s2', 'h0', { VCPU: 2, MEMORY_MB: 1, DISK_GB: 1 }, owner), (e: unknown) => e instanceof ApiError && e.status === 409);
  hosts.allocate('s1', 'h1', { VCPU: 3, MEMORY_MB: 4096, DISK_GB: 10 }, owner);
  assert.deepEqual(hosts.usage('h0'), { VCPU: 0, MEMORY_MB: 0, DISK_GB: 0 });
  assert.equal(hosts.allocationOf('s1')?.host, 'h1');
  hosts.release('s1');
  assert.equal(hosts.allocationsOn('h1').length, 0);
});
