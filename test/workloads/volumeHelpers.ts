/**
 * What the detached-volume tests check in both clouds and on the conversion hosts: the example's
 * detached volumes, stackshift's leftovers (snapshots, stackshift-* volumes and images, volumes
 * still attached to a conversion host, transfer keys and directories in a host's home).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { attachments } from '../../src/simulator/cinder/store.js';
import { imagesOf, serversOf, temporariesIn, volumesOf, type WorkloadRig } from './rig.js';

/** snapshots/detached_volumes.yml of example-repo/: name → size in GiB. */
export const DETACHED = { 'backup-vol': 20, 'archive-vol': 50 } as const;

/** Everything stackshift may leave behind by mistake, in either cloud or on a conversion host. */
export async function leftovers(rig: WorkloadRig): Promise<string[]> {
  const source = rig.sim.cloud('source');
  const destination = rig.sim.cloud('destination');
  const hosts = new Set([...serversOf(source), ...serversOf(destination)].filter((s) => /conversion|conv-/.test(s.name)).map((s) => s.id));
  const attached = [...attachments(source).values(), ...attachments(destination).values()].filter((a) => a.status === 'attached' && hosts.has(a.instanceUuid ?? ''));
  const homes = join(rig.dir, 'conversion-hosts');
  const onHosts: string[] = [];
  for (const home of await readdir(homes)) {
    for (const entry of await readdir(join(homes, home), { recursive: true })) if (String(entry).includes('stackshift-transfer')) onHosts.push(`${home}: ${entry}`);
    const keys = await readFile(join(homes, home, '.ssh', 'authorized_keys'), 'utf8').catch(() => '');
    if (keys.includes('stackshift-transfer')) onHosts.push(`${home}: a transfer key in authorized_keys`);
  }
  return [
    ...temporariesIn(source).map((t) => `source ${t}`),
    ...volumesOf(destination).filter((v) => String(v.name).startsWith('stackshift-')).map((v) => `destination volume ${v.name}`),
    ...imagesOf(destination).filter((i) => String(i.name).startsWith('stackshift-')).map((i) => `destination image ${i.name}`),
    ...attached.map((a) => `volume ${a.volumeId} attached to a conversion host`),
    ...onHosts,
  ];
}
