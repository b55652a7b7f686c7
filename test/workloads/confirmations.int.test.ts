/**
 * The irreversible steps after a cutover happen only with a confirmation in stackshift.yaml:
 * `delete-source-server` deletes a migrated workload's source server; deselecting a migrated
 * workload blocks until `delete-destination-server` is confirmed, which then deletes what the
 * migration made in the destination and starts the source again.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { run as apply } from '../../src/commands/apply.js';
import { captureOutput } from '../apply/harness.js';
import { portsOf, serversOf, volumesOf, useWorkloadRig } from './rig.js';

const SELECT = (names: string[]) => `version: 1\ndefaults:\n  stopSource: true\n  bootDiskCopy: true\nworkloads:\n${names.map((n) => `  - server: ${n}\n    wave: 1\n`).join('')}`;

const rig = useWorkloadRig({ edit: (dir) => writeFile(join(dir, 'workloads.yaml'), SELECT(['web-1', 'web-2'])) });

async function commit(message: string, files: { workloads?: string; confirmations?: string }): Promise<void> {
  if (files.workloads !== undefined) await writeFile(join(rig().repo.dir, 'workloads.yaml'), files.workloads);
  if (files.confirmations !== undefined) {
    const path = join(rig().repo.dir, 'stackshift.yaml');
    await writeFile(path, (await readFile(path, 'utf8')).replace(/confirmations: .*\n/, `confirmations: ${files.confirmations}\n`));
  }
  execFileSync('git', ['-C', rig().repo.dir, 'commit', '-qam', message]);
}

async function applied(): Promise<string> {
  const out = captureOutput();
  await apply(['--repo', rig().repo.dir, '--state', join(rig().dir, 'state')], out);
  return out.text();
}

/** The apply output's workload lines and step failures, for a failure message that fits a CI log. */
const workloadLines = (out: string): string => out.split('\n').filter((l) => /workload|failed|retrying/.test(l)).join('\n');

test('delete-source-server and delete-destination-server confirmations gate the steps after cutover', async () => {
  const source = rig().sim.cloud('source');
  const destination = rig().sim.cloud('destination');
  const first = await applied();
  assert.match(first, /workload web-1 \(wave 1\): Migrated; migrated: .*the source stays SHUTOFF until a delete-source-server confirmation/, workloadLines(first));
  assert.equal(serversOf(source).filter((s) => s.name === 'web-1').length, 1, 'without a confirmation the source stays');

  await commit('confirm deleting web-1 in the source', { confirmations: '[{action: delete-source-server, target: web-1, reason: verified by ops}]' });
  assert.match(await applied(), /workload web-1 \(wave 1\): Migrated; migrated: .*its source server is deleted/);
  assert.deepEqual(serversOf(source).filter((s) => s.name === 'web-1'), [], 'web-1 is deleted in the source');
  assert.equal(serversOf(destination).filter((s) => s.name === 'web-1' && s.vmState === 'active').length, 1);

  await commit('revert web-2', { workloads: SELECT(['web-1']) });
  assert.match(await applied(), /workload web-2: .*blocked: deselected after cutover.*delete-destination-server confirmation/);
  assert.equal(serversOf(destination).filter((s) => s.name === 'web-2').length, 1, 'nothing is deleted without the confirmation');

  const web2Ports = portsOf(destination).filter((p) => String(p.name).startsWith('web-2-port')).length;
  assert.equal(web2Ports, 1);
  await commit('confirm deleting web-2 in the destination', { confirmations: '[{action: delete-source-server, target: web-1}, {action: delete-destination-server, target: web-2}]' });
  assert.match(await applied(), /workload web-2: .*rolled back/);
  assert.deepEqual(serversOf(destination).filter((s) => s.name === 'web-2'), [], 'the destination web-2 is gone');
  assert.deepEqual(portsOf(destination).filter((p) => String(p.name).startsWith('web-2-port')), [], 'and its port');
  assert.deepEqual(volumesOf(destination).filter((v) => v.name === 'web-2-root'), [], 'and its volume');
  assert.equal(serversOf(source).find((s) => s.name === 'web-2')?.powerState, 1, 'the source web-2 runs again');
});
