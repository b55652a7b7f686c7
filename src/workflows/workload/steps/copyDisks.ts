/**
 * Copies the workload's disks, one after another, from the source conversion host to the
 * destination one (transfer/copyVolume.ts: the destination pulls over SSH with a per-transfer
 * key, zero chunks are not sent, every chunk is checked, the offset it reports is durable).
 * Progress is recorded about once a second as DiskCopyProgressed (bytes, rate, ETA): the resume
 * point of a copy that is interrupted — daemon killed, SSH dropped, host rebooted — which then
 * goes on from there. The copy's share of transfer.totalBandwidthMbps is its pace. A disk whose
 * destination volume already holds an earlier pass (warm migration) is copied as a delta: only
 * chunks whose digests differ cross.
 */
import { devicePathOn } from '../../../transfer/devices.js';
import { copyVolume, type CopyProgress } from '../../../transfer/copyVolume.js';
import { workloadEvent } from '../events.js';
import { specOf, type DiskContext } from './context.js';

const PROGRESS_EVERY_MS = 1000;

/**
 * The bytes go host to host, so the daemon cannot meter them as they pass: each copy's reader
 * paces itself to a fixed share of transfer.totalBandwidthMbps — the budget divided by the copies
 * that may run at once (pairs × parallelTransfersPerPair), so together they never exceed it.
 */

export async function copyDisks(ctx: DiskContext): Promise<void> {
  const spec = specOf(ctx);
  const pair = spec.pair!;
  const source = await ctx.ports.conversionHosts.open(pair.source, ctx.signal);
  try {
    const destination = await ctx.ports.conversionHosts.open(pair.destination, ctx.signal);
    try {
      for (const disk of spec.disks) {
        const d = ctx.state().disks[disk.key]!;
        if (d.sha256) continue;
        const size = disk.sizeGb * 1024 ** 3;
        const started = ctx.clock.now();
        const from = d.verifiedOffset;
        const delta = (d.passes ?? 0) > 0;
        let lastRecord = started;
        let pending: Promise<void> = Promise.resolve();
        let latest: CopyProgress | undefined;
        let recorded = from;
        const recordProgress = (p: CopyProgress) => {
          const now = ctx.clock.now();
          recorded = p.verifiedOffset;
          const rate = Math.round(((p.verifiedOffset - from) * 1000) / Math.max(1, now - started));
          const eta = rate > 0 ? Math.round((size - p.verifiedOffset) / rate) : undefined;
          pending = pending.then(() => ctx.record([workloadEvent('DiskCopyProgressed', {
            disk: disk.key, verifiedOffset: p.verifiedOffset, bytesTotal: size, bytesSent: p.bytesSent, bytesSkipped: p.bytesSkipped, ...(delta ? { bytesUnchanged: p.bytesUnchanged } : {}), rateBytesPerSec: rate, ...(eta !== undefined ? { etaSeconds: eta } : {}),
          })]));
        };
        ctx.log(`${spec.owner}: ${delta ? `sending the changed chunks of ${disk.key} (pass ${(d.passes ?? 0) + 1})` : `copying ${disk.key}`} (${disk.sizeGb} GiB)${from > 0 ? ` from byte ${from}` : ''}`);
        const share = ctx.bandwidth.rate ? Math.floor(ctx.bandwidth.rate / Math.max(1, spec.copiesAtOnce)) : undefined;
        const result = await copyVolume({
          id: `${spec.owner}-${disk.key}`.replace(/[^A-Za-z0-9._-]/g, '_'),
          source: { shell: source, device: devicePathOn(pair.source.devicesDir, d.tempVolumeId!), endpoint: pair.source },
          destination: { shell: destination, device: devicePathOn(pair.destination.devicesDir, d.destVolumeId!) },
          sizeBytes: size,
          fromOffset: from,
          delta,
          ...(share ? { rateBytesPerSec: share } : {}),
          ...(spec.ciphers ? { ciphers: spec.ciphers.join(',') } : {}),
          signal: ctx.signal,
          onProgress: (p) => {
            latest = p;
            const now = ctx.clock.now();
            if (now - lastRecord < PROGRESS_EVERY_MS) return;
            lastRecord = now;
            recordProgress(p);
          },
        }).catch(async (err: unknown) => {
          // Keep every verified byte: the next attempt resumes from the last one reported.
          if (latest && latest.verifiedOffset > recorded) recordProgress(latest);
          await pending.catch(() => undefined);
          throw err;
        });
        await pending;
        if (result.sha256Source !== result.sha256Destination) {
          throw new Error(`disk ${disk.key} of ${spec.owner}: the destination's checksum ${result.sha256Destination} differs from the source's ${result.sha256Source}`);
        }
        await ctx.record([workloadEvent('DiskCopied', { disk: disk.key, sha256: result.sha256Source, bytesSent: result.bytesSent, bytesSkipped: result.bytesSkipped, ...(delta ? { bytesUnchanged: result.bytesUnchanged } : {}), durationMs: ctx.clock.now() - started })]);
      }
    } finally {
      destination.close();
    }
  } finally {
    source.close();
  }
}
