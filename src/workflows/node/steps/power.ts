/**
 * Through the node's own BMC, before Ironic owns it: next boot from PXE, power off, and both read
 * back from the BMC. Checked again right before powering off: no server may still be on the host
 * and no allocation against it (a server scheduled there since removal would die with it). The
 * BMC is closed however the step ends, so a Redfish login session is never left on it.
 */
import { codes, StackshiftError } from '../../../errors.js';
import { waitFor } from '../../../executors/openstack/waitFor.js';
import { nodeEvent } from '../events.js';
import { isEmpty, leftoversOn } from './checkEmpty.js';
import type { Bmc } from '../../../executors/bmc/types.js';
import { bmcOf, specOf, type NodeContext } from './context.js';

export async function power(ctx: NodeContext): Promise<void> {
  const { host } = specOf(ctx).node;
  const left = await leftoversOn(ctx, host);
  if (!isEmpty(left)) {
    throw new StackshiftError(codes.STEP_FAILED, `refusing to power off ${host}: ${left.servers.length} server(s), ${left.migrations.length} migration(s) and ${left.allocations.length} allocation(s) are still on it`, {
      retry: 'never', hint: 'find out how they got there (openstack server list --all-projects --host ' + host + '); move them off, then push a commit to retry',
    });
  }
  const bmc = await bmcOf(ctx);
  try {
    await powerOffForPxe(ctx, bmc, host);
  } finally {
    await bmc.close();
  }
}

async function powerOffForPxe(ctx: NodeContext, bmc: Bmc, host: string): Promise<void> {
  await bmc.setBootDevice('pxe', ctx.signal);
  if ((await bmc.powerState(ctx.signal)) !== 'off') await bmc.power('off', ctx.signal);
  const state = await waitFor({
    poll: () => bmc.powerState(ctx.signal), done: (p) => p === 'off', clock: ctx.clock, signal: ctx.signal,
    timeoutMs: 120_000, intervalMs: 1000, what: `${bmc.label} to report ${host} powered off`,
  });
  const bootDevice = await bmc.bootDevice(ctx.signal);
  if (bootDevice !== 'pxe') {
    throw new StackshiftError(codes.STEP_FAILED, `${bmc.label} reports next boot device '${bootDevice}' after it was set to PXE`, { retry: 'later', requeueAfterMs: 30_000, hint: 'the BMC did not keep the boot override; stackshift retries' });
  }
  await ctx.record([nodeEvent('NodePowerSet', { power: state, bootDevice, bmc: bmc.label })]);
}
