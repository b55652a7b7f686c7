/**
 * The daemon end to end on real commits against the simulated clouds: converge, drift check,
 * change, add and revert, a commit that fails validation, and the next good commit.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { PassRecord } from '../../src/daemon/loop.js';
import { startE2E, startInProcess, type E2E, type InProcessDaemon } from './harness.js';

let e2e: E2E;
let daemon: InProcessDaemon;

before(async () => {
  e2e = await startE2E();
  daemon = await startInProcess(e2e);
});
after(async () => {
  await daemon?.stop();
  await e2e?.cleanup();
});

const commitPass = (commit: string) => (r: PassRecord) => r.reason !== 'drift' && r.commit === commit;
const duplicates = (names: string[]) => names.filter((n, i) => names.indexOf(n) !== i);
const snapshotNames = async (file: string) =>
  ((await e2e.repo.files())[file] as string).match(/^ {4}name: (.+)$/gm)?.map((l) => l.replace(/^ {4}name: /, '').trim()) ?? [];

test('a commit converges: everything desired exists once in the destination, and a drift pass finds nothing', async () => {
  const head = await e2e.repo.head();
  const first = daemon.records.find(commitPass(head)) ?? (await daemon.waitForPass(commitPass(head), 60_000));
  assert.equal(first.outcome?.result, 'applied', JSON.stringify(first));
  assert.ok((first.outcome?.changes ?? 0) > 0);
  for (const [file, collection] of [['snapshots/networks.yml', 'networks'], ['snapshots/security_groups.yml', 'security_groups'], ['snapshots/flavors.yml', 'nova_flavors'], ['snapshots/keypairs.yml', 'nova_keypairs'], ['snapshots/images.yml', 'images']] as const) {
    const wanted = await snapshotNames(file);
    const have = e2e.names(collection);
    for (const name of wanted) assert.ok(have.includes(name), `${collection} ${name} exists in the destination`);
    assert.deepEqual(duplicates(have), [], `no duplicate ${collection}`);
  }
  const drift = daemon.waitForPass((r) => r.reason === 'drift');
  daemon.loop().poke({ drift: true });
  assert.equal((await drift).outcome?.result, 'unchanged');
});

test('a change is applied, an added resource is created and a git revert removes it again', async () => {
  const sgs = () => e2e.sim.cloud('destination').state.collection<{ id: string; name: string; description: string }>('security_groups').values();
  const changed = await e2e.editYaml('snapshots/security_groups.yml', (doc) => {
    doc.resources[0].params.description = 'changed by the e2e test';
  }, 'describe web-sg better');
  assert.equal((await daemon.waitForPass(commitPass(changed))).outcome?.result, 'applied');
  assert.equal(sgs().find((g) => g.name === 'web-sg')?.description, 'changed by the e2e test');

  const added = await e2e.editYaml('snapshots/security_groups.yml', (doc) => {
    doc.resources.push({ ...doc.resources[0], params: { name: 'e2e-extra-sg', description: 'added then reverted' }, _info: { ...doc.resources[0]._info, id: '00000000-0000-4000-8000-0000000000e2' } });
  }, 'add e2e-extra-sg');
  assert.equal((await daemon.waitForPass(commitPass(added))).outcome?.result, 'applied');
  assert.ok(e2e.names('security_groups').includes('e2e-extra-sg'));

  const reverted = await e2e.repo.revert(added);
  assert.equal((await daemon.waitForPass(commitPass(reverted))).outcome?.result, 'applied');
  assert.ok(!e2e.names('security_groups').includes('e2e-extra-sg'), 'the revert removed what the reverted commit added');
  assert.ok(e2e.names('security_groups').includes('web-sg'), 'and nothing else');
});

test('a commit that fails validation is rejected, nothing is applied, and the next good commit is', async () => {
  const before = JSON.stringify(e2e.sim.cloud('destination').state.counts());
  const good = daemon.loop().status().current;
  const names = await snapshotNames('snapshots/networks.yml');
  const bad = await e2e.editYaml('snapshots/networks.yml', (doc) => {
    delete doc.resources[0].params.name;
    doc.resources[1].params.name = 'should-never-appear';
  }, 'break networks.yml');
  const rejected = await daemon.waitForPass(commitPass(bad));
  assert.equal(rejected.outcome?.result, 'rejected');
  assert.ok((rejected.outcome?.problems ?? []).length > 0);
  assert.equal(JSON.stringify(e2e.sim.cloud('destination').state.counts()), before, 'nothing was applied');
  assert.ok(!e2e.names('networks').includes('should-never-appear'));
  assert.equal(daemon.loop().status().current, good, 'the daemon keeps the last good commit');
  const events = [];
  for await (const event of daemon.runtime.store.readAll()) if (event.type === 'DesiredStateRejected' && event.commit === bad) events.push(event);
  assert.equal(events.length, 1);

  const fixed = await e2e.editYaml('snapshots/networks.yml', (doc) => {
    doc.resources[0].params.name = names[0];
    doc.resources[1].params.name = names[1];
    doc.resources[1].params.description = 'fixed by the e2e test';
  }, 'fix networks.yml, describe the second network');
  const applied = await daemon.waitForPass(commitPass(fixed));
  assert.equal(applied.outcome?.result, 'applied');
  const nets = e2e.sim.cloud('destination').state.collection<{ id: string; name: string; description: string }>('networks').values();
  assert.equal(nets.find((n) => n.name === names[1])?.description, 'fixed by the e2e test');
  assert.equal(daemon.loop().status().current, fixed);
});
