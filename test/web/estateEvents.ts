/**
 * Test and benchmark helper: writes a workload's life to an event store as the runner and its
 * steps write it (generic Workload* events as in runner.ts, facts through the catalogue's
 * workloadEvent), one stage at a time, so a test can stop a workload mid-copy or block it.
 */
import type { EventStore } from '../../src/events/store.js';
import { workloadEvent } from '../../src/workflows/workload/events.js';

export const GiB = 1024 ** 3;

/** The runner records the item's wave with each step start and notice (none once deselected). */
const started = (activity: string, title: string, wave?: number) => ({ type: 'WorkloadActivityStarted', data: { activity, title, attempt: 1, ...(wave !== undefined ? { wave } : {}) } });
const completed = (activity: string) => ({ type: 'WorkloadActivityCompleted', data: { activity, durationMs: 1000 } });

async function put(store: EventStore, name: string, commit: string, events: Array<{ type: string; data: Record<string, unknown> }>) {
  await store.append(`workload:${name}`, events.map((e) => ({ ...e, commit })));
}

/** Preflight, stop, prepare, and a copy started: the workload is in its Copy phase. */
export async function startCopy(store: EventStore, name: string, commit: string, bytesTotal = 10 * GiB, wave?: number): Promise<void> {
  await put(store, name, commit, [
    started('preflight', `preflight ${name}`, wave),
    workloadEvent('WorkloadPreflightPassed', { sourceServerId: `src-${name}`, sourceVolumes: { root: `vol-${name}` }, bytesTotal }),
    completed('preflight'),
    started('stop-source', `stop source server ${name}`, wave),
    workloadEvent('SourceServerStopped', { serverId: `src-${name}`, byStackshift: true }),
    completed('stop-source'),
    started('prepare-disk', `prepare disk root of ${name}`, wave),
    workloadEvent('DestinationVolumeCreated', { disk: 'root', volumeId: `dst-vol-${name}` }),
    workloadEvent('DestinationVolumeAttached', { disk: 'root', volumeId: `dst-vol-${name}`, serverId: 'conv-dst' }),
    completed('prepare-disk'),
    started('copy-disks', `copy ${name}'s disks (${bytesTotal / GiB} GiB)`, wave),
  ]);
}

export async function progress(store: EventStore, name: string, commit: string, offset: number, bytesTotal: number, rate: number): Promise<void> {
  const etaSeconds = Math.round((bytesTotal - offset) / rate);
  await put(store, name, commit, [workloadEvent('DiskCopyProgressed', { disk: 'root', verifiedOffset: offset, bytesTotal, bytesSent: offset, bytesSkipped: 0, rateBytesPerSec: rate, etaSeconds })]);
}

/** The copy ends, the server is made and verified, the workload is migrated and done. */
export async function finish(store: EventStore, name: string, commit: string, downtimeMs = 90_000, wave?: number): Promise<void> {
  await put(store, name, commit, [
    workloadEvent('DiskCopied', { disk: 'root', sha256: 'ab'.repeat(32), bytesSent: 10 * GiB, bytesSkipped: 0, durationMs: 60_000 }),
    completed('copy-disks'),
    workloadEvent('DisksDetached', {}),
    workloadEvent('DestinationServerCreated', { serverId: `dst-${name}` }),
    workloadEvent('WorkloadVerified', { checks: ['active'] }),
    workloadEvent('TemporariesRemoved', { removed: [] }),
    workloadEvent('WorkloadMigrated', { serverId: `dst-${name}`, downtimeMs, bytesSent: 10 * GiB }),
    { type: 'WorkloadDone', data: { reason: `migrated: ${name} runs in the destination`, ...(wave !== undefined ? { wave } : {}) } },
  ]);
}

export async function block(store: EventStore, name: string, commit: string, reason: string, fix: string, wave?: number): Promise<void> {
  await put(store, name, commit, [{ type: 'WorkloadBlocked', data: { reason, fix, ...(wave !== undefined ? { wave } : {}) } }]);
}
