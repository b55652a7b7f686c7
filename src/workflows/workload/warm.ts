/**
 * Warm migration before the cutover, as a pure decision: while the source runs, passes copy its
 * disks (a snapshot each, copied through the conversion hosts, then released), the first in
 * full, later ones as deltas — only chunks whose digest differs from the destination's cross.
 * Between passes the workload waits for the next refresh (`warm.refreshEvery`, at most
 * `warm.maxRefreshes`) or for its window, whichever comes first; once the window is open the
 * cutover (stop → final delta pass → boot) takes the cold chain in decide.ts.
 *
 *   pre-copy (pass 1) → [refresh pass 2 … every refreshEvery] → window open → cutover
 */
import { windowState } from '../../schedule/window.js';
import { blocked, run, wait, type Decision } from '../decision.js';
import type { WorkloadActivity } from './decide.js';
import type { WorkloadSpec } from './spec.js';
import type { DiskState, WorkloadState } from './state.js';

const gib = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(bytes < 1024 ** 3 ? 2 : 1)} GiB`;

/** The disk has a point-in-time copy (or its temporary volume) in the source: a pass is under way. */
export const holdsSnapshot = (d: DiskState | undefined): boolean => Boolean(d?.snapshotId || d?.imageId || d?.tempVolumeId);

/** Passes every disk has completed (the workload's passes). */
export const passesOf = (s: WorkloadState, spec: WorkloadSpec): number => (spec.disks.length === 0 ? 0 : Math.min(...spec.disks.map((d) => s.disks[d.key]?.passes ?? 0)));

/** When the workload's last pass ended (the latest of its disks'). */
export const lastPassAt = (s: WorkloadState): number | undefined => {
  const ends = Object.values(s.disks).flatMap((d) => (d.lastPass ? [d.lastPass.at] : []));
  return ends.length > 0 ? Math.max(...ends) : undefined;
};

/**
 * The cutover's expected downtime: the disks' last passes again (each took as long as hashing
 * the disk and sending what changed), plus stopping the source and booting the destination.
 */
export const BOOT_ALLOWANCE_MS = 60_000;
export function estimatedDowntimeMs(s: WorkloadState, spec: WorkloadSpec): number | undefined {
  const passes = spec.disks.map((d) => s.disks[d.key]?.lastPass);
  if (passes.some((p) => p === undefined)) return undefined;
  return passes.reduce((sum, p) => sum + p!.durationMs, 0) + BOOT_ALLOWANCE_MS;
}

/**
 * The estimate in words: after delta passes it is what the next one will take; after only the
 * full pre-copy it is an upper bound (a delta pass hashes the disk but sends only what changed).
 */
export function estimateText(s: WorkloadState, spec: WorkloadSpec): string | undefined {
  const ms = estimatedDowntimeMs(s, spec);
  if (ms === undefined) return undefined;
  const measured = spec.disks.every((d) => (s.disks[d.key]?.passes ?? 0) > 1);
  return measured ? `about ${Math.round(ms / 1000)} s` : `at most ${Math.round(ms / 1000)} s, until a refresh pass measures the delta`;
}

/** The next step or wait of a warm workload whose source still runs; undefined once it may be stopped. */
export function decideWarmPass(s: WorkloadState, spec: WorkloadSpec, now: number): Decision<WorkloadActivity> | undefined {
  const name = spec.selection.server;
  const passes = passesOf(s, spec);
  const pass = passes + 1;
  const what = pass === 1 ? `pre-copy of ${name}` : `refresh pass ${pass} of ${name}`;
  if (passes === 0 || spec.disks.some((d) => holdsSnapshot(s.disks[d.key]))) {
    const unprepared = spec.disks.find((d) => !s.disks[d.key]?.tempAttached || !s.disks[d.key]?.destAttached);
    if (unprepared) {
      return run({ type: 'prepare-disk', title: `${what}: snapshot ${unprepared.key} while ${name} runs, attach it and its destination volume to the conversion hosts`, disk: unprepared.key });
    }
    const toCopy = spec.disks.filter((d) => !s.disks[d.key]?.sha256);
    if (toCopy.length > 0) {
      const how = pass === 1 ? `copy ${toCopy.length} disk(s) (${gib(toCopy.reduce((sum, d) => sum + d.sizeGb * 1024 ** 3, 0))}) while it runs` : 'send the chunks changed since the last pass';
      return run({ type: 'copy-disks', title: `${what}: ${how} through ${spec.pair!.name}` }, `pair:${spec.pair!.name}`);
    }
    return run({ type: 'release-snapshots', title: `${what} done: remove its snapshots and temporary volumes (the destination volumes keep the bytes)` });
  }
  const window = spec.window ? windowState(spec.window, now) : { open: true as const, opensAt: undefined };
  if (window.open) return undefined;
  if (window.opensAt === undefined) return blocked(`window ${spec.window!.name} never opens`, `fix the schedule of window ${spec.window!.name} in stackshift.yaml`);
  const cutover = `cutover in window ${spec.window!.name}`;
  const { refreshEveryMs, maxRefreshes } = spec.selection.warm ?? {};
  const refreshesLeft = refreshEveryMs !== undefined && (maxRefreshes === undefined || passes - 1 < maxRefreshes);
  if (refreshesLeft) {
    const due = (lastPassAt(s) ?? now) + refreshEveryMs;
    if (due <= now) {
      const first = spec.disks[0]!;
      return run({ type: 'prepare-disk', title: `${what}: snapshot ${first.key} while ${name} runs, attach it to the conversion host`, disk: first.key });
    }
    if (due < window.opensAt) return wait(`pre-copied (${passes} pass(es)); refresh pass ${pass} is due, then the ${cutover}`, due);
  }
  return wait(`pre-copied (${passes} pass(es)); the ${cutover} sends only what changed since`, window.opensAt);
}
