import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { desiredItems, planPolicy } from '../../src/plan/desiredItems.js';
import { emptyRawDestination, observedState } from '../../src/plan/observedState.js';
import { planInfra } from '../../src/plan/planInfra.js';
import { renderPlan } from '../../src/plan/render/index.js';
import { config, exampleResources, rawDestinationFor, snap, state } from './helpers.js';

function revertPlan(prune: boolean) {
  const raw = rawDestinationFor(desiredItems(state(exampleResources())));
  const resources = exampleResources().filter((r) => r.kind !== 'network' && r.kind !== 'subnet' && r.kind !== 'router' && r.kind !== 'router_interface');
  (resources.find((r) => r.kind === 'flavor')?.params as { ram: number }).ram = 4096;
  const s = state(resources, config({ prune }));
  return planInfra({ commit: 'abc123def4567890', desired: desiredItems(s), observed: observedState(raw, new Map([['keypair', new Set(['alice'])]]), 'dst-project'), policy: planPolicy(s.config) });
}

describe('plan renderers', () => {
  it('markdown starts with summary counts and lists destructive changes first, flagged', () => {
    const md = renderPlan(revertPlan(true), 'markdown');
    assert.match(md, /^### stackshift plan for `abc123def456`/);
    assert.match(md, /\*\*0 to create, 0 to update, 1 to replace, 3 to delete\*\*/);
    assert.match(md, /\[!WARNING\]\n> 4 change\(s\)/);
    const rows = md.split('\n').filter((l) => l.startsWith('| ⚠️'));
    assert.equal(rows.length, 4);
    assert.match(md, /ram: 2048 → 4096 \(forces replace\)/);
  });
  it('markdown marks deletions that policy does not allow as needing confirmation', () => {
    const md = renderPlan(revertPlan(false), 'markdown');
    assert.match(md, /3 needing confirmation/);
    assert.match(md, /delete \(needs confirmation\)/);
  });
  it('text names each change with its symbol and reason; no changes says so', () => {
    const text = renderPlan(revertPlan(true), 'text');
    assert.match(text, /-\/\+ flavor\/m1\.app  replace  \[destructive\]/);
    assert.match(text, /- {3}network\/app-net  delete/);
    const s = state(exampleResources());
    const none = planInfra({ commit: 'c1', desired: desiredItems(s), observed: observedState(rawDestinationFor(desiredItems(s)), new Map([['keypair', new Set(['alice'])]])), policy: planPolicy(s.config) });
    assert.equal(renderPlan(none, 'text'), 'No changes: the destination matches c1.\n');
  });
  it('json round-trips the plan', () => {
    const p = revertPlan(true);
    assert.deepEqual(JSON.parse(renderPlan(p, 'json')), JSON.parse(JSON.stringify(p)));
  });
  it('markdown stays within a pull-request comment for a plan of 10,000 changes', () => {
    const resources = Array.from({ length: 10_000 }, (_, i) => snap('network', { name: `net-${i}`, description: 'x'.repeat(40) }));
    const s = state(resources);
    const p = planInfra({ commit: 'big', desired: desiredItems(s), observed: observedState(emptyRawDestination()), policy: planPolicy(s.config) });
    const md = renderPlan(p, 'markdown');
    assert.ok(md.length < 65_536, `${md.length} characters`);
    assert.match(md, /\*\*10000 to create/);
    assert.match(md, /…and 9750 more changes/);
  });
});
