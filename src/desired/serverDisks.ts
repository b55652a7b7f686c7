/**
 * A server has one root disk: a Nova image (image_ref) or one volume attached at the first
 * device (/dev/vda, /dev/sda, /dev/xvda, /dev/hda). An export with two — an image and a volume
 * at vda, or two volumes both claiming vda — cannot be rebuilt in the destination (which disk
 * would it boot?), so it is refused at validate time, at the second root's line.
 */
import type { DesiredResource } from './model.js';
import type { Problem } from './problem.js';
import { resourceIndex, type SnapshotResult } from './snapshots.js';
import { problemAt } from './yamlFile.js';

const ROOT_DEVICE = /^\/dev\/(x?vd|sd|hd)a$/;

function deviceOf(info: Record<string, unknown> | undefined): string | undefined {
  const attachments = Array.isArray(info?.attachments) ? (info!.attachments as Array<Record<string, unknown>>) : [];
  const device = attachments[0]?.device;
  return typeof device === 'string' ? device : undefined;
}

export function checkServerDisks(snap: SnapshotResult, problems: Problem[]): void {
  const file = snap.files.server;
  if (!file) return;
  for (const server of snap.resources.server as DesiredResource<'server'>[]) {
    const p = server.params;
    const roots = (p.volumes ?? []).flatMap((v, i) => (ROOT_DEVICE.test(deviceOf(v.info) ?? '') ? [{ i, name: v.params.name || String(v.info?.id ?? `volume ${i + 1}`), device: deviceOf(v.info)! }] : []));
    const image = p.image_ref?.name;
    const first = image ? `image ${image}` : roots[0] ? `volume ${roots[0].name} at ${roots[0].device}` : undefined;
    for (const extra of image ? roots : roots.slice(1)) {
      problems.push(problemAt(file, ['resources', resourceIndex.get(server)!, 'params', 'volumes', extra.i], `server '${p.name}' has two root disks: ${first} and volume ${extra.name} at ${extra.device}`,
        'a server boots from one disk: export it again, or fix the attachment device of the volume that is not its root disk'));
    }
  }
}
