/**
 * Moves one server off the node to a chosen host and judges the outcome from the server itself
 * (its host changed and its task is done), never from the 202: a live migration whose pre-check
 * fails leaves the server ACTIVE on the source with task_state null. A cold migration ends in
 * VERIFY_RESIZE and is confirmed, so no migration record keeps the node busy. Each wait is bounded
 * by reclaim.yaml's moveTimeout; a live migration still going after it is aborted (stalled.ts).
 */
import * as nova from '../../../executors/openstack/nova.js';
import * as moves from '../../../executors/openstack/novaMoves.js';
import { httpStatus } from '../../../executors/infra/context.js';
import { waitFor } from '../../../executors/openstack/waitFor.js';
import type { OpenStackClient } from '../../../executors/openstack/client.js';
import type { Clock } from '../../../ports.js';
import { codes, StackshiftError } from '../../../errors.js';
import { abortStalled, type StalledMove } from './stalled.js';

export type MoveKind = 'live-migrate' | 'cold-migrate' | 'evacuate';

export interface MoveOutcome {
  moved: boolean;
  host: string;
  /** Why it stayed, from Nova's instance actions when it says. */
  reason?: string;
  /** Set when the move outlived moveTimeout and its live migration was aborted. */
  aborted?: StalledMove;
}

export const hostOf = (s: nova.Server) => s['OS-EXT-SRV-ATTR:host'] ?? '';
export const taskOf = (s: nova.Server) => s['OS-EXT-STS:task_state'] as string | null | undefined;
const isTimeout = (err: unknown) => err instanceof StackshiftError && err.code === codes.TIMEOUT;

/** A move fits the server's state: a live migration only for a running or paused server. */
export function moveKind(server: nova.Server, drain: 'live-migrate' | 'cold-migrate', serviceDown: boolean): MoveKind {
  if (serviceDown) return 'evacuate';
  if (drain === 'live-migrate' && (server.status === 'ACTIVE' || server.status === 'PAUSED')) return 'live-migrate';
  return 'cold-migrate';
}

export interface MoveDeps {
  c: OpenStackClient;
  clock: Clock;
  signal: AbortSignal;
  /** reclaim.yaml's moveTimeout: how long one wait for the server may take. */
  timeoutMs: number;
}

/** Waits until the server has no task left (or `timeoutMs` passes: E_TIMEOUT). */
export const settled = (d: MoveDeps, id: string, what: string, timeoutMs = d.timeoutMs) => waitFor({
  poll: () => nova.getServer(d.c, id), done: (s) => !taskOf(s) && !['MIGRATING', 'RESIZE', 'REBUILD'].includes(s.status), clock: d.clock, signal: d.signal,
  timeoutMs, intervalMs: Math.min(1000, timeoutMs), what,
});

export async function moveServer(d: MoveDeps, server: nova.Server, from: string, to: string, kind: MoveKind): Promise<MoveOutcome> {
  const settle = (what: string) => settled(d, server.id, what);
  let current = await settle(`server ${server.name} to finish its current task`);
  if (current.status === 'VERIFY_RESIZE') return confirm(d, current, settle);
  if (hostOf(current) !== from) return { moved: true, host: hostOf(current) };
  try {
    if (kind === 'live-migrate') await moves.liveMigrate(d.c, server.id, to);
    else if (kind === 'cold-migrate') await moves.coldMigrate(d.c, server.id, to);
    else await moves.evacuate(d.c, server.id, to);
  } catch (err) {
    // 400 (no valid host, host not found) and 409 (a task started meanwhile) leave it where it is.
    const status = httpStatus(err);
    if (status === 400 || status === 409) return { moved: false, host: from, reason: (err as Error).message };
    throw err;
  }
  try {
    current = await settle(`server ${server.name} to ${kind} to ${to}`);
  } catch (err) {
    // Only a live migration can be aborted; a stuck cold migration or evacuation stays an error.
    if (kind !== 'live-migrate' || !isTimeout(err)) throw err;
    return abortStalled(d, server, from);
  }
  if (current.status === 'VERIFY_RESIZE') return confirm(d, current, settle);
  if (hostOf(current) !== from && current.status !== 'ERROR') return { moved: true, host: hostOf(current) };
  return { moved: false, host: hostOf(current), reason: await whyNot(d.c, server.id, current) };
}

async function confirm(d: MoveDeps, server: nova.Server, settle: (what: string) => Promise<nova.Server>): Promise<MoveOutcome> {
  await moves.confirmResize(d.c, server.id);
  const done = await settle(`the cold migration of ${server.name} to be confirmed`);
  return { moved: true, host: hostOf(done) };
}

async function whyNot(c: OpenStackClient, id: string, server: nova.Server): Promise<string> {
  const state = server.status === 'ERROR' ? 'the server went to ERROR' : `the server is still ${server.status} on ${hostOf(server)}`;
  try {
    const last = (await moves.listInstanceActions(c, id))[0];
    return last?.message ? `${state}: ${last.message}` : state;
  } catch {
    return state;
  }
}
