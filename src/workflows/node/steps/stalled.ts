/**
 * A live migration that outlived moveTimeout. Its memory copy is not converging (a guest dirtying
 * pages faster than the link sends them) and it holds the server's task and a destination
 * allocation, so it is aborted the way Nova allows: DELETE /servers/{id}/migrations/{mid} (2.24
 * for a running one, 2.65 while queued or preparing). The abort can lose the race with the copy
 * finishing; then the server is on the destination and the move counts as done, as Watcher
 * treats it. Nova answers the abort before the compute host has done it (the abort is cast to the
 * compute, whose _rollback_live_migration clears the server's task first and marks the migration
 * `cancelled` last), so nothing is concluded until the migration has ended — cancelled, or
 * completed or failed if it got there first — and the server's task is done: the next attempt
 * must not find this migration still in progress and abort it instead of its own.
 */
import * as nova from '../../../executors/openstack/nova.js';
import * as moves from '../../../executors/openstack/novaMoves.js';
import { httpStatus } from '../../../executors/infra/context.js';
import { waitFor } from '../../../executors/openstack/waitFor.js';
import { hostOf, settled, type MoveDeps, type MoveOutcome } from './moveServer.js';

export interface StalledMove {
  /** Nova's migration id (the one the abort named), when there was one in progress. */
  migration?: number;
  /** The migration's status when the time was up (running, queued, preparing). */
  status?: string;
  /** Memory copied when the time was up, as "3.1 of 8.0 GiB", when Nova reports it. */
  copied?: string;
  afterMs: number;
}

/** How long the abort itself may take to be carried out: the compute host stops the copy and rolls back. */
const ABORT_WAIT_MS = 5 * 60_000;

export async function abortStalled(d: MoveDeps, server: nova.Server, from: string): Promise<MoveOutcome> {
  const inProgress = (await moves.liveMigrationsOf(d.c, server.id))[0];
  const stalled: StalledMove = { afterMs: d.timeoutMs };
  if (inProgress) {
    Object.assign(stalled, { migration: inProgress.id, status: inProgress.status }, copiedOf(inProgress));
    try {
      await moves.abortLiveMigration(d.c, server.id, inProgress);
    } catch (err) {
      // 400 (no longer abortable), 404 (gone) or 409 (task done): it ended on its own meanwhile.
      if (![400, 404, 409].includes(httpStatus(err) ?? 0)) throw err;
    }
  }
  const waitMs = Math.max(d.timeoutMs, ABORT_WAIT_MS);
  if (inProgress) await migrationEnded(d, server.id, inProgress.id, `migration ${inProgress.id} of ${server.name} to end after the abort`, waitMs);
  const after = await settled(d, server.id, `the aborted live migration of ${server.name} to end`, waitMs);
  if (hostOf(after) !== from && after.status !== 'ERROR') return { moved: true, host: hostOf(after), aborted: stalled };
  const what = inProgress ? `migration ${inProgress.id} still ${inProgress.status}${stalled.copied ? `, ${stalled.copied} copied` : ''}` : 'no migration in progress';
  return {
    moved: false, host: hostOf(after), aborted: stalled,
    reason: `the live migration stalled (${what} after ${seconds(d.timeoutMs)}) and was aborted; the server is ${after.status} on ${hostOf(after)}`,
  };
}

/** Until Nova no longer lists the migration as in progress (/servers/{id}/migrations). */
const migrationEnded = (d: MoveDeps, serverId: string, id: number, what: string, timeoutMs: number) => waitFor({
  poll: () => moves.liveMigrationsOf(d.c, serverId), done: (list) => !list.some((m) => m.id === id),
  clock: d.clock, signal: d.signal, timeoutMs, intervalMs: Math.min(1000, timeoutMs), what,
});

function copiedOf(m: moves.LiveMigration): { copied?: string } {
  if (!m.memory_total_bytes || m.memory_processed_bytes == null) return {};
  const gib = (b: number) => (b / 2 ** 30).toFixed(1);
  return { copied: `${gib(m.memory_processed_bytes)} of ${gib(m.memory_total_bytes)} GiB` };
}

const seconds = (ms: number) => (ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Math.round(ms / 1000)} s`);
