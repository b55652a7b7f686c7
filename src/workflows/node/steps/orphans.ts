/**
 * Orphaned Placement allocations on a node being reclaimed, reported so an operator can act on
 * them without looking anything up: which server (if any) each consumer is and where it runs now,
 * and the exact osc-placement command that drops it from this node's provider. An evacuation
 * leaves the server's source allocation until the dead compute starts again, which a reclaimed
 * node never does; stackshift reports rather than deletes, because a consumer it does not
 * recognise may be a migration in flight.
 */
import type { OpenStackClient } from '../../../executors/openstack/client.js';
import { httpStatus } from '../../../executors/infra/context.js';
import * as nova from '../../../executors/openstack/nova.js';

const SHOWN = 5;

/** `db-1 (a3900fe9-…, now ACTIVE on compute-1)` or `03c2… (no server by that id)`, for the first few consumers. */
export async function describeConsumers(c: OpenStackClient, host: string, consumers: string[]): Promise<string[]> {
  return Promise.all(consumers.slice(0, SHOWN).map(async (id) => {
    try {
      const s = await nova.getServer(c, id);
      const on = s['OS-EXT-SRV-ATTR:host'];
      return on && on !== host ? `server ${s.name} (${id}, now ${s.status} on ${on})` : `server ${s.name} (${id}, ${s.status})`;
    } catch (err) {
      if (httpStatus(err) === 404) return `${id} (no server by that id: a migration or a deleted server)`;
      throw err;
    }
  }));
}

/** osc-placement's `allocation unset` needs Placement 1.12; the CLI asks for 1.0 unless told. */
export function unsetCommands(provider: string, consumers: string[]): string {
  const shown = consumers.slice(0, SHOWN).map((id) => `\`openstack --os-placement-api-version 1.12 resource provider allocation unset --provider ${provider} ${id}\``);
  return shown.join('; ') + (consumers.length > SHOWN ? `; and the same for the other ${consumers.length - SHOWN}` : '');
}
