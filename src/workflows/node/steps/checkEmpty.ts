/**
 * Whether the node is empty: no server on it, no migration in progress that touches it, and no
 * Placement allocation against its resource provider. All three, because each alone has been
 * seen to lie (a completed migration with a stale host, a VERIFY_RESIZE server holding the
 * source's allocation, an evacuation's orphaned allocation). Records NodeQuiesced when it is.
 */
import { codes, StackshiftError } from '../../../errors.js';
import * as nova from '../../../executors/openstack/nova.js';
import { nodeEvent } from '../events.js';
import { adminOf, specOf, type NodeContext } from './context.js';
import { allocationsOn, serversOn } from './estate.js';
import { describeConsumers, unsetCommands } from './orphans.js';

const FINISHED = new Set(['completed', 'confirmed', 'reverted', 'error', 'failed', 'cancelled', 'done']);

export interface Leftovers {
  servers: nova.Server[];
  migrations: nova.Migration[];
  allocations: string[];
  provider?: string;
  /** With no server left: who the allocations' consumers are (orphans.ts). */
  consumers?: string[];
}

export async function leftoversOn(ctx: NodeContext, host: string): Promise<Leftovers> {
  const src = adminOf(ctx, 'source');
  const [servers, migrations, placed] = await Promise.all([
    serversOn(src, host),
    nova.listMigrations(src, { host }).then((all) => all.filter((m) => !FINISHED.has(m.status) && (m.source_compute === host || m.dest_compute === host))),
    allocationsOn(src, host),
  ]);
  const orphaned = servers.length === 0 && migrations.length === 0 && placed.consumers.length > 0;
  return {
    servers, migrations, allocations: placed.consumers,
    ...(placed.provider ? { provider: placed.provider } : {}),
    ...(orphaned ? { consumers: await describeConsumers(src, host, placed.consumers) } : {}),
  };
}

export const isEmpty = (l: Leftovers) => l.servers.length === 0 && l.migrations.length === 0 && l.allocations.length === 0;

/** Records NodeQuiesced when nothing is left on the node; otherwise returns what is left. */
export async function quiescedOrLeftovers(ctx: NodeContext): Promise<Leftovers | undefined> {
  const left = await leftoversOn(ctx, specOf(ctx).node.host);
  if (!isEmpty(left)) return left;
  await ctx.record([nodeEvent('NodeQuiesced', { movedServers: Object.keys(ctx.state().moved).length })]);
  return undefined;
}

export async function checkEmpty(ctx: NodeContext): Promise<void> {
  const left = await quiescedOrLeftovers(ctx);
  if (left) throw notEmpty(specOf(ctx).node.host, left, specOf(ctx).node.drain === 'wait');
}

export function notEmpty(host: string, left: Leftovers, waiting: boolean): StackshiftError {
  if (left.servers.length > 0 || left.migrations.length > 0) {
    const names = left.servers.slice(0, 5).map((s) => `${s.name} (${s.status})`).join(', ');
    const what = [left.servers.length ? `${left.servers.length} server(s): ${names}` : '', left.migrations.length ? `${left.migrations.length} migration(s) in progress` : ''].filter(Boolean).join('; ');
    return new StackshiftError(codes.STEP_FAILED, `${host} is not empty yet: ${what}`, {
      retry: 'later', requeueAfterMs: waiting ? 60_000 : 20_000,
      hint: waiting ? 'drain: wait — the servers\' owners move or delete them; stackshift checks again every minute' : 'stackshift checks again; a server that cannot move needs a person',
    });
  }
  const provider = left.provider ?? '<provider>';
  return new StackshiftError(codes.STEP_FAILED, `${host} runs no server, but Placement still holds ${left.allocations.length} orphaned allocation(s) against its resource provider ${provider}: ${(left.consumers ?? left.allocations.slice(0, 5)).join(', ')}`, {
    retry: 'never',
    hint: `an evacuation leaves the source's allocations until that compute starts again, which a reclaimed node does not; once each is checked, drop it: ${unsetCommands(provider, left.allocations)}; push a commit to retry`,
  });
}
