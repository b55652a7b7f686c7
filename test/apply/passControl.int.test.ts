import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EventStore, NewEvent } from '../../src/events/store.js';
import { reconcilePass } from '../../src/reconcile/pass.js';
import { applyEvent, initialStatus } from '../../src/status/project.js';
import { repoFiles } from './desiredRepo.js';
import { startHarness, type Harness } from './harness.js';

/** The store, watching step events go by: in-flight count, and a hook per StepStarted. */
function watching(store: EventStore, onStarted: (n: number) => void): EventStore & { maxInFlight: number } {
  let inFlight = 0;
  let started = 0;
  const watched = Object.create(store) as EventStore & { maxInFlight: number };
  watched.maxInFlight = 0;
  watched.append = async (stream: string, events: NewEvent[], options?: Parameters<EventStore['append']>[2]) => {
    for (const e of events) {
      if (e.type === 'StepStarted') {
        inFlight++;
        started++;
        watched.maxInFlight = Math.max(watched.maxInFlight, inFlight);
        onStarted(started);
      } else if (['ResourceCreated', 'ResourceUpdated', 'ResourceDeleted', 'StepFailed'].includes(e.type)) inFlight--;
    }
    return store.append(stream, events, options);
  };
  return watched;
}

describe('reconcilePass control', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });

  it('an abort stops between steps; the next pass finishes without redoing anything', async () => {
    const controller = new AbortController();
    const store = watching(h.store, (n) => {
      if (n === 3) controller.abort();
    });
    const reader = await h.writeRepo(repoFiles());
    const stopped = await reconcilePass({ ...h.deps, store, concurrency: 1, signal: controller.signal }, { commit: 's1', reader, reason: 'commit' });
    assert.equal(stopped.result, 'stopped');
    const first = (await h.events()).filter((e) => e.commit === 's1');
    assert.equal(first.filter((e) => e.type === 'StepStarted').length, 3);
    assert.equal(first.filter((e) => e.type === 'ResourceCreated').length, 3, 'the step in flight finished');
    assert.ok(!first.some((e) => e.type === 'CommitApplied'));
    const done = new Set(first.filter((e) => e.type === 'ResourceCreated').map((e) => e.data.step));

    const resumed = await reconcilePass(h.deps, { commit: 's1', reader, reason: 'resume' });
    assert.equal(resumed.result, 'applied');
    const second = (await h.events()).filter((e) => e.commit === 's1' && e.type === 'StepStarted').slice(3);
    assert.ok(second.every((e) => !done.has(e.data.step)), 'no completed step ran again');
    assert.equal(resumed.changes, stopped.changes - 3);
  });

  it('runs independent steps concurrently, never more than the bound', async () => {
    const store = watching(h.store, () => undefined);
    const reader = await h.writeRepo(repoFiles({ router: false, prune: true }));
    await reconcilePass({ ...h.deps, store }, { commit: 's2', reader, reason: 'commit' });
    const files = repoFiles();
    const more = store;
    const outcome = await reconcilePass({ ...h.deps, store: more, concurrency: 2 }, { commit: 's3', reader: await h.writeRepo(files), reason: 'commit' });
    assert.equal(outcome.result, 'applied');
    assert.ok(more.maxInFlight <= 2, `at most 2 steps at once, saw ${more.maxInFlight}`);
  });

  it('a drift pass records DriftDetected and puts back what was changed by hand', async () => {
    const subnets = (await h.clients.destination.request<{ subnets: { id: string }[] }>({ service: 'network', method: 'GET', path: '/subnets', query: { name: 't-subnet' } })).body.subnets;
    await h.clients.destination.request({ service: 'network', method: 'PUT', path: `/subnets/${subnets[0]?.id}`, body: { subnet: { dns_nameservers: ['8.8.8.8'] } } });
    const reader = await h.writeRepo(repoFiles());
    const outcome = await reconcilePass(h.deps, { commit: 's3', reader, reason: 'drift' });
    assert.equal(outcome.result, 'applied');
    assert.equal(outcome.changes, 1);
    const types = (await h.events()).filter((e) => e.stream === 'commit:s3').map((e) => e.type);
    assert.deepEqual(types.slice(-4), ['CommitObserved', 'PlanComputed', 'DriftDetected', 'CommitApplied']);
    const fixed = (await h.clients.destination.request<{ subnets: { dns_nameservers: string[] }[] }>({ service: 'network', method: 'GET', path: '/subnets', query: { name: 't-subnet' } })).body.subnets;
    assert.deepEqual(fixed[0]?.dns_nameservers, ['10.77.0.2']);
  });

  it('a step that keeps getting 503 is recorded as retryable, and status calls it Reconciling, not Stalled', async () => {
    const files = repoFiles();
    (files['snapshots/networks.yml'] as { resources: Record<string, unknown>[] }).resources.push({ type: 'openstack.network.Network', params: { name: 'busy-net', tags: [] }, _info: { id: '00000000-0000-4000-8000-00000000dddd' } });
    const fault = h.sim.cloud('destination').faults.inject({ service: 'neutron', method: 'POST', route: '/v2.0/networks', status: 503, message: 'Neutron is busy', times: 50 });
    try {
      const outcome = await reconcilePass(h.deps, { commit: 's5', reader: await h.writeRepo(files), reason: 'commit' });
      assert.equal(outcome.result, 'failed');
    } finally {
      fault.remove();
    }
    const events = (await h.events()).filter((e) => e.commit === 's5');
    const failed = events.find((e) => e.type === 'StepFailed');
    assert.equal((failed?.data.error as { retry: string }).retry, 'backoff', 'the producer keeps the retry class');
    const status = events.reduce(applyEvent, initialStatus()).resources['network/busy-net'];
    assert.equal(status?.condition, 'Reconciling');
    assert.match(status?.message ?? '', /Neutron is busy/);
    assert.equal((await reconcilePass(h.deps, { commit: 's5', reader: await h.writeRepo(files), reason: 'resume' })).result, 'applied');
  });

  it('a step the cloud refuses is recorded with its error and request id; what depends on it is skipped', async () => {
    const files = repoFiles();
    (files['snapshots/networks.yml'] as { resources: Record<string, unknown>[] }).resources.push({ type: 'openstack.network.Network', params: { name: 'refused-net', tags: [] }, _info: { id: '00000000-0000-4000-8000-00000000bbbb' } });
    (files['snapshots/subnets.yml'] as { resources: Record<string, unknown>[] }).resources.push({ type: 'openstack.subnet.Subnet', params: { name: 'refused-subnet', cidr: '10.78.0.0/24', ip_version: 4, network_ref: { name: 'refused-net', project_name: '%auth%', domain_name: '%auth%' } }, _info: { id: '00000000-0000-4000-8000-00000000cccc' } });
    const fault = h.sim.cloud('destination').faults.inject({ service: 'neutron', method: 'POST', route: '/v2.0/networks', status: 400, message: 'Invalid input for mtu', times: 1 });
    const outcome = await reconcilePass(h.deps, { commit: 's4', reader: await h.writeRepo(files), reason: 'commit' });
    fault.remove();
    assert.equal(outcome.result, 'failed');
    assert.equal(outcome.failedSteps, 1);
    const events = (await h.events()).filter((e) => e.commit === 's4');
    const failed = events.find((e) => e.type === 'StepFailed');
    assert.equal(failed?.stream, 'resource:network/refused-net');
    const error = failed?.data.error as { status: number; requestId?: string; message: string };
    assert.equal(error.status, 400);
    assert.match(String(error.requestId), /^req-/);
    assert.match(error.message, /Invalid input for mtu/);
    assert.ok(!events.some((e) => e.stream === 'resource:subnet/refused-subnet'), 'the subnet never started');
    // Status folds the real producer's event: a 400 needs a person.
    assert.equal(events.reduce(applyEvent, initialStatus()).resources['network/refused-net']?.condition, 'Stalled');
    assert.deepEqual(events.filter((e) => e.stream === 'commit:s4').map((e) => e.type), ['CommitObserved', 'PlanComputed', 'CommitApplyFailed']);
    assert.equal((await reconcilePass(h.deps, { commit: 's4', reader: await h.writeRepo(files), reason: 'resume' })).result, 'applied');
  });
});
