/**
 * The workload rig set up for node reclaim tests: no workload and no detached volume selected (so
 * only nodes move), optionally a confirmations list in stackshift.yaml; plus committing a
 * reclaim.yaml and applying it, and reading the whole state directory (to look for secrets).
 */
import { execFileSync } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run as apply } from '../../src/commands/apply.js';
import { captureOutput } from '../apply/harness.js';
import { dropDetachedVolumes, useWorkloadRig, type WorkloadRig, type WorkloadRigOptions } from '../workloads/rig.js';

export function useNodeRig(options: { confirmations?: string; control?: boolean; prepare?: (rig: WorkloadRig) => Promise<void> } = {}): () => WorkloadRig {
  const rigOptions: WorkloadRigOptions & { prepare?: (rig: WorkloadRig) => Promise<void> } = {
    ...(options.control ? { control: true } : {}),
    ...(options.prepare ? { prepare: options.prepare } : {}),
    edit: async (dir) => {
      await writeFile(join(dir, 'workloads.yaml'), 'version: 1\nworkloads: []\n');
      await dropDetachedVolumes(dir);
      if (options.confirmations) {
        const path = join(dir, 'stackshift.yaml');
        await writeFile(path, (await readFile(path, 'utf8')).replace(/confirmations: .*\n/, `confirmations: ${options.confirmations}\n`));
      }
    },
  };
  return useWorkloadRig(rigOptions);
}

/** Applies the rig's repository as it is committed; the output of `stackshift apply`. */
export async function applyRepo(rig: WorkloadRig): Promise<string> {
  const out = captureOutput();
  await apply(['--repo', rig.repo.dir, '--state', join(rig.dir, 'state')], out);
  return out.text();
}

/** Commits `reclaim.yaml` (the whole file) and applies it. */
export async function commitReclaim(rig: WorkloadRig, reclaimYaml: string, message: string): Promise<string> {
  await writeFile(join(rig.repo.dir, 'reclaim.yaml'), reclaimYaml);
  execFileSync('git', ['-C', rig.repo.dir, 'commit', '-qam', message]);
  return applyRepo(rig);
}

/** Every file of the state directory (the event log and its index) as text. */
export async function stateText(rig: WorkloadRig): Promise<string> {
  const dir = join(rig.dir, 'state');
  const files = await readdir(dir, { recursive: true });
  return (await Promise.all(files.map((f) => readFile(join(dir, String(f)), 'utf8').catch(() => '')))).join('\n');
}
