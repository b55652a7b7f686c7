/**
 * Nova contract: aborting a live migration (DELETE /servers/{id}/migrations/{mid}, 2.24). The API
 * only casts the abort to the compute host (compute/rpcapi.py live_migration_abort), so the 202
 * comes first: the migration keeps its status and the server stays MIGRATING until the compute
 * has rolled back (_rollback_live_migration with migration_status 'cancelled').
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createManualClock } from '../../src/simulator/core/clock.js';
import { login } from './helpers/session.js';
import { openTarget, waitFor, type Target } from './helpers/target.js';
import { activeServer, makeWorld, mv, pollServer, show, type World } from './novaFixture.js';

const clock = createManualClock();
let target: Target;
let w: World;
before(async () => {
  target = await openTarget({ clock });
  w = await makeWorld(await login(target.admin), await login(target.source), 'ab', { ram: 512, vcpus: 1 });
});
after(() => target.close());

const liveMigrate = (id: string) => w.admin.request('compute', 'POST', `/servers/${id}/action`, { headers: mv('2.72'), body: { 'os-migrateLive': { host: null, block_migration: 'auto' } } });
const abort = (id: string, mid: number | string, version = '2.24') => w.admin.request('compute', 'DELETE', `/servers/${id}/migrations/${mid}`, { headers: mv(version) });
const inProgress = async (id: string) => (await w.admin.request('compute', 'GET', `/servers/${id}/migrations`, { headers: mv('2.80') })).body.migrations as Array<Record<string, any>>;
const history = async (id: string) => (await w.admin.request('compute', 'GET', `/os-migrations?instance_uuid=${id}`, { headers: mv('2.80') })).body.migrations as Array<Record<string, any>>;

/** A server whose live migration sits in `running` (its copy never converges); returns its ids. */
async function stalledMigration(name: string): Promise<{ id: string; source: string; mid: number }> {
  const id = await activeServer(w, name);
  const source = (await show(w.admin, id))['OS-EXT-SRV-ATTR:host'] as string;
  target.sim!.cloud('source').progression.stallNext('migration', 'running');
  assert.equal((await abort(id, 1)).status, 409, 'no live migration: the task_state is not migrating');
  assert.equal((await liveMigrate(id)).status, 202);
  for (let i = 0; i < 5; i++) await show(w.admin, id);
  const running = await inProgress(id);
  assert.equal(running[0]?.status, 'running', 'the copy never converges');
  assert.equal((await show(w.admin, id)).status, 'MIGRATING');
  return { id, source, mid: running[0]!.id as number };
}

test('a stalled live migration stays running until it is aborted, with Nova\'s status codes', async () => {
  const sim = target.sim!.cloud('source');
  try {
    const { id, source, mid } = await stalledMigration('live-stall');
    assert.equal((await abort(id, mid, '2.23')).status, 404, 'abort is 2.24');
    const unknown = await abort(id, 999999);
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.itemNotFound.message, `Migration 999999 not found for instance ${id}`);
    assert.equal((await abort(id, mid)).status, 202);
    const after = await pollServer(w.admin, id, (s) => s['OS-EXT-STS:task_state'] === null);
    assert.equal(after['OS-EXT-SRV-ATTR:host'], source);
    assert.equal(after.status, 'ACTIVE');
    assert.equal((await history(id))[0]!.status, 'cancelled');
    const actions = await w.admin.request('compute', 'GET', `/servers/${id}/os-instance-actions`, { headers: mv('2.80') });
    assert.equal(actions.body.instanceActions[0].action, 'live_migration_cancel');
    assert.equal((await abort(id, mid)).status, 409, 'nothing to abort any more');
  } finally {
    sim.progression.clearStalls('migration');
  }
});

test('the abort is carried out after its 202: the migration stays running and the server MIGRATING until the rollback', async () => {
  const sim = target.sim!.cloud('source');
  sim.progression.set('migration-abort', { type: 'polls', polls: 2 });
  try {
    const { id, source, mid } = await stalledMigration('live-abort');
    const migration = (await inProgress(id))[0]!;
    const held = () => sim.hosts.allocationsOn(migration.dest_compute as string).some((a) => a.id === migration.uuid);
    assert.equal((await abort(id, mid)).status, 202);
    const during = await show(w.admin, id);
    assert.equal(during.status, 'MIGRATING', 'the compute host has not rolled back yet');
    assert.equal(during['OS-EXT-STS:task_state'], 'migrating');
    assert.equal((await inProgress(id))[0]?.status, 'running', 'Nova has no cancelling status: the migration keeps its own');
    assert.ok(held(), 'the destination allocation is reverted by the rollback, not by the API');
    assert.equal((await abort(id, mid)).status, 202, 'still migrating: Nova accepts the abort again');
    const after = await pollServer(w.admin, id, (s) => s['OS-EXT-STS:task_state'] === null);
    assert.equal(after.status, 'ACTIVE');
    assert.equal(after['OS-EXT-SRV-ATTR:host'], source);
    assert.ok(!held(), 'the rollback gave the destination allocation back');
    assert.equal((await inProgress(id))[0]?.status, 'running', 'the rollback marks the migration cancelled last');
    assert.equal((await abort(id, mid)).status, 409, 'the task is done: nothing to abort');
    await waitFor(`migration ${mid} to end`, () => inProgress(id), (list) => list.length === 0);
    assert.equal((await history(id))[0]!.status, 'cancelled');
  } finally {
    sim.progression.set('migration-abort', { type: 'immediate' });
    sim.progression.clearStalls('migration');
  }
  assert.deepEqual(sim.internalErrors, []);
});
