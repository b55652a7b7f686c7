/**
 * Enrols the node in the destination's Ironic: the node (driver, driver_info with the BMC password
 * read at this moment, properties, resource class) and its ports, then `manage`, for which Ironic
 * verifies it can read the power state through the BMC. The node is found by name on a retry, so
 * a crash between create and record never enrols it twice. The recorded facts hold ids only.
 */
import { codes, StackshiftError } from '../../../errors.js';
import type { BmcConfig } from '../../../desired/configModel.js';
import { DEFAULT_CIPHER_SUITE } from '../../../executors/bmc/ipmitool.js';
import { isNotFound } from '../../../executors/openstack/collection.js';
import type { OpenStackClient } from '../../../executors/openstack/client.js';
import * as ironic from '../../../executors/openstack/ironic.js';
import { nodeEvent } from '../events.js';
import { adminOf, bmcPassword, specOf, type NodeContext } from './context.js';
import { provisionTo } from './ironicWait.js';

/** Ironic's driver_info for the BMC, in the keys its ipmi and redfish hardware types read. */
export function driverInfo(bmc: BmcConfig, password: string): Record<string, unknown> {
  if (bmc.driver === 'ipmi') {
    // The cipher suite stackshift reached the BMC with: left out, Ironic's ipmitool would probe
    // for one, and some BMCs (OpenBMC: 17 only) refuse what it settles on.
    return { ipmi_address: bmc.address, ipmi_port: bmc.port ?? 623, ipmi_username: bmc.username, ipmi_password: password, ipmi_cipher_suite: bmc.cipherSuite ?? DEFAULT_CIPHER_SUITE };
  }
  const base = /^https?:\/\//.test(bmc.address) ? bmc.address : `https://${bmc.address}`;
  const address = bmc.port && !/:\d+$/.test(base) ? `${base}:${bmc.port}` : base;
  return {
    redfish_address: address, redfish_system_id: bmc.systemId ?? '/redfish/v1/Systems/1', redfish_username: bmc.username, redfish_password: password,
    // Ironic cannot pin a fingerprint: a pinned (self-signed) BMC is used by Ironic without verification.
    redfish_verify_ca: bmc.verifyTls ?? !bmc.certificateSha256,
    ...(bmc.auth ? { redfish_auth_type: bmc.auth } : {}),
  };
}

async function findByName(c: OpenStackClient, name: string): Promise<ironic.Node | undefined> {
  try {
    return await ironic.getNode(c, name);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

export async function enroll(ctx: NodeContext): Promise<void> {
  const { node } = specOf(ctx);
  const dst = adminOf(ctx, 'destination');
  let found = ctx.state().ironicNodeId ? await ironic.getNode(dst, ctx.state().ironicNodeId!) : await findByName(dst, node.host);
  if (found && !ctx.state().ironicNodeId && found.driver !== node.ironic.driver) {
    throw new StackshiftError(codes.STEP_FAILED, `the destination's Ironic already has a node named ${node.host} with driver ${found.driver}`, {
      retry: 'never', hint: `it is not the one reclaim.yaml describes (${node.file}:${node.line}); delete or rename it in Ironic, then push a commit to retry`,
    });
  }
  if (!found) {
    found = await ironic.createNode(dst, {
      name: node.host, driver: node.ironic.driver, driver_info: driverInfo(node.bmc, await bmcPassword(ctx)),
      properties: node.ironic.properties, resource_class: node.ironic.resourceClass,
    });
  }
  const have = await ironic.listBaremetalPorts(dst, { node_uuid: found.uuid });
  const ports = have.map((p) => p.uuid);
  for (const port of node.ironic.ports) {
    if (have.some((p) => p.address.toLowerCase() === port.address.toLowerCase())) continue;
    ports.push((await ironic.createBaremetalPort(dst, { node_uuid: found.uuid, address: port.address.toLowerCase(), pxe_enabled: port.pxeEnabled })).uuid);
  }
  if (!ctx.state().ironicNodeId) await ctx.record([nodeEvent('NodeEnrolled', { nodeId: found.uuid, ports })]);
  await provisionTo(ctx, dst, found.uuid, 'manage', 'manageable', { timeoutMs: 10 * 60_000 });
  await ctx.record([nodeEvent('NodeManaged', { nodeId: found.uuid })]);
}
