/**
 * The kinds are open: a test-only kind (a DNS zone, kept in a Map that stands in for its API)
 * is planned and applied — created, left alone, updated, pruned — by the unchanged planner and
 * step runner, given nothing but a registry with one more entry. In the product the same is one
 * file under src/resources/ and one line in `resourceKinds`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DesiredResource, DesiredState } from '../../src/desired/model.js';
import { createMemoryEventStore } from '../../src/events/memoryStore.js';
import { IdRegistry } from '../../src/executors/infra/context.js';
import { runSteps } from '../../src/executors/infra/runSteps.js';
import { desiredItems, planPolicy } from '../../src/plan/desiredItems.js';
import { emptyRawDestination, observedState } from '../../src/plan/observedState.js';
import { planInfra } from '../../src/plan/planInfra.js';
import { KindRegistry, resourceKinds } from '../../src/resources/index.js';
import type { ResourceKindDef, Spec } from '../../src/resources/types.js';
import { systemClock } from '../../src/wiring.js';
import { config, state } from '../plan/helpers.js';

/** The whole test-only kind: everything the planner and the runner need to know about it. */
function dnsZoneKind(cloud: Map<string, { id: string; name: string; ttl: number; marked: boolean }>): ResourceKindDef {
  let next = 0;
  const kind: ResourceKindDef = {
    kind: 'dns_zone',
    order: 9,
    collection: 'dnsZones',
    observe: async () => [...cloud.values()],
    fromDesired: (r) => {
      const p = r.params as unknown as { name: string; ttl: number };
      return [{ kind: 'dns_zone', key: p.name, spec: { name: p.name, ttl: p.ttl }, refs: [{ kind: 'network', key: 'web-net' }] }];
    },
    key: (spec: Spec) => String(spec.name),
    dependsOn: () => [{ kind: 'network', key: 'web-net' }],
    diff: (desired, observed) => (desired.ttl === observed.ttl ? { action: 'none', fields: [] } : { action: 'update', fields: [{ field: 'ttl', from: observed.ttl, to: desired.ttl, inPlace: true }] }),
    fromObserved: (raw) => [{ kind: 'dns_zone', key: String(raw.name), id: String(raw.id), spec: { name: raw.name, ttl: raw.ttl }, refs: [], managed: raw.marked === true }],
    executors: {
      create: async (step) => {
        const id = `zone-${next++}`;
        cloud.set(id, { id, name: String(step.spec?.name), ttl: Number(step.spec?.ttl), marked: true });
        return { type: 'ResourceCreated', id };
      },
      update: async (step) => {
        cloud.get(String(step.targetId))!.ttl = Number(step.spec?.ttl);
        return { type: 'ResourceUpdated', id: String(step.targetId) };
      },
      delete: async (step) => {
        cloud.delete(String(step.targetId));
        return { type: 'ResourceDeleted', id: String(step.targetId) };
      },
    },
  };
  return kind;
}

test('a kind added by registry entry alone is observed, planned, created, updated and pruned by the generic code', async () => {
  const cloud = new Map<string, { id: string; name: string; ttl: number; marked: boolean }>();
  const kinds = new KindRegistry([...resourceKinds, dnsZoneKind(cloud)]);
  const zone = (name: string, ttl: number) => ({ kind: 'dns_zone', type: 'test.DnsZone', params: { name, ttl }, info: { id: `src-${name}` }, file: 'snapshots/dns_zones.yml', line: 1 }) as unknown as DesiredResource;
  const desiredState = (zones: DesiredResource[], prune = false): Pick<DesiredState, 'config' | 'resources'> => {
    const s = state([], config({ prune }));
    return { ...s, resources: { ...s.resources, dns_zone: zones } as never };
  };
  const store = createMemoryEventStore();
  const plan = async (zones: DesiredResource[], prune = false) => {
    const raw = { ...emptyRawDestination(kinds), networks: [{ id: 'n1', name: 'web-net', tags: [] }], dnsZones: await kinds.get('dns_zone').observe({} as never) };
    const s = desiredState(zones, prune);
    return planInfra({ commit: 'c1', desired: desiredItems(s, undefined, kinds), observed: observedState(raw, new Map(), undefined, kinds), policy: planPolicy(s.config), kinds });
  };
  const apply = async (p: Awaited<ReturnType<typeof plan>>) => runSteps({
    steps: p.steps, commit: 'c1', store, clock: systemClock, kinds,
    ctx: { source: {} as never, destination: {} as never, projectId: 'p', ids: new IdRegistry() },
  });

  const first = await plan([zone('example.org.', 300)]);
  assert.deepEqual(first.changes.map((c) => [c.kind, c.key, c.action]), [['dns_zone', 'example.org.', 'create']]);
  assert.equal((await apply(first)).completed, 1);
  assert.deepEqual([...cloud.values()].map((z) => [z.name, z.ttl]), [['example.org.', 300]]);
  assert.equal((await plan([zone('example.org.', 300)])).steps.length, 0, 'converged: nothing to do');

  const update = await plan([zone('example.org.', 60)]);
  assert.deepEqual(update.changes.map((c) => [c.action, c.fields.map((f) => f.field)]), [['update', ['ttl']]]);
  await apply(update);
  assert.equal([...cloud.values()][0]?.ttl, 60);

  const unprunable = await plan([]);
  assert.equal(unprunable.summary.needsConfirmation, 1, 'deleting needs policy.prune, as for every kind');
  await apply(await plan([], true));
  assert.equal(cloud.size, 0);
  const recorded = [];
  for await (const e of store.readAll()) recorded.push(`${e.stream} ${e.type}`);
  assert.ok(recorded.includes('resource:dns_zone/example.org. ResourceCreated') && recorded.includes('resource:dns_zone/example.org. ResourceDeleted'));
});
