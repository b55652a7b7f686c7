/**
 * Ironic node and port bodies. Each field appears from the API version that introduced it
 * (ironic/api/controllers/v1/utils.py), so a 1.1 client sees the old shape; `?fields=` trims.
 */
import type { Microversion } from '../core/microversion.js';
import { atLeast } from '../core/microversion.js';
import { INTERFACE_FIELDS, maskDriverInfo, type Node, type Port } from './model.js';

export interface IronicViewContext {
  baseUrl: string; // http://127.0.0.1:port (Ironic has no path prefix)
  version: Microversion;
}

function links(ctx: IronicViewContext, collection: string, id: string): unknown[] {
  return [
    { href: `${ctx.baseUrl}/v1/${collection}/${id}`, rel: 'self' },
    { href: `${ctx.baseUrl}/${collection}/${id}`, rel: 'bookmark' },
  ];
}

/** Interfaces added after 1.31 (firmware_interface at 1.86 is beyond our maximum, so never shown). */
const INTERFACE_SINCE: Record<string, string> = { storage_interface: '1.33', rescue_interface: '1.38', bios_interface: '1.40', firmware_interface: '1.86' };

/** [field, first version] for fields newer than 1.1 (VERSIONED_FIELDS in ironic/api/controllers/v1/utils.py). */
const NODE_FIELD_VERSIONS: Array<[string, string]> = [
  ['driver_internal_info', '1.3'],
  ['clean_step', '1.7'],
  ['raid_config', '1.12'],
  ['target_raid_config', '1.12'],
  ['states', '1.14'],
  ['portgroups', '1.24'],
  ['volume', '1.32'],
  ['fault', '1.42'],
  ['deploy_step', '1.44'],
  ['conductor', '1.49'],
  ['name', '1.5'],
  ['inspection_started_at', '1.6'],
  ['inspection_finished_at', '1.6'],
  ['resource_class', '1.21'],
  ['network_interface', '1.20'],
  ...INTERFACE_FIELDS.filter((f) => f !== 'network_interface').map((f): [string, string] => [f, INTERFACE_SINCE[f] ?? '1.31']),
  ['traits', '1.37'],
  ['description', '1.51'],
  ['owner', '1.50'],
  ['protected', '1.48'],
  ['protected_reason', '1.48'],
  ['conductor_group', '1.46'],
  ['automated_clean', '1.47'],
  ['allocation_uuid', '1.52'],
  ['retired', '1.61'],
  ['retired_reason', '1.61'],
  ['lessee', '1.65'],
  ['network_data', '1.66'],
  ['boot_mode', '1.75'],
  ['secure_boot', '1.75'],
  ['shard', '1.82'],
];

/** The first microversion that shows (and lets a PATCH set) a node field; undefined for those of 1.1. */
export function nodeFieldSince(field: string): string | undefined {
  return NODE_FIELD_VERSIONS.find(([f]) => f === field)?.[1];
}

export function nodeDetail(ctx: IronicViewContext, n: Node): Record<string, unknown> {
  const all: Record<string, unknown> = {
    uuid: n.id,
    name: n.name,
    driver: n.driver,
    driver_info: maskDriverInfo(n.driverInfo),
    driver_internal_info: {},
    properties: n.properties,
    extra: n.extra,
    instance_info: n.instanceInfo,
    instance_uuid: n.instanceUuid,
    chassis_uuid: null,
    provision_state: n.provisionState,
    target_provision_state: n.targetProvisionState,
    provision_updated_at: n.provisionUpdatedAt,
    power_state: n.powerState,
    target_power_state: n.targetPowerState,
    last_error: n.lastError,
    maintenance: n.maintenance,
    maintenance_reason: n.maintenanceReason,
    reservation: n.reservation,
    console_enabled: false,
    clean_step: {},
    deploy_step: {},
    raid_config: {},
    target_raid_config: {},
    inspection_started_at: n.inspectionStartedAt,
    inspection_finished_at: n.inspectionFinishedAt,
    resource_class: n.resourceClass,
    traits: n.traits,
    description: n.description,
    owner: n.owner,
    protected: false,
    protected_reason: null,
    conductor_group: '',
    automated_clean: null,
    allocation_uuid: null,
    retired: false,
    retired_reason: null,
    lessee: null,
    network_data: {},
    boot_mode: null,
    secure_boot: null,
    shard: null,
    created_at: n.createdAt,
    updated_at: n.updatedAt,
    links: links(ctx, 'nodes', n.id),
    ports: links(ctx, 'nodes', `${n.id}/ports`),
    states: links(ctx, 'nodes', `${n.id}/states`),
    portgroups: links(ctx, 'nodes', `${n.id}/portgroups`),
    volume: links(ctx, 'nodes', `${n.id}/volume`),
    fault: n.maintenance ? 'power failure' : null,
    conductor: 'sim-conductor-1',
  };
  for (const f of INTERFACE_FIELDS) all[f] = n.interfaces[f] ?? null;
  for (const [field, since] of NODE_FIELD_VERSIONS) if (!atLeast(ctx.version, since)) delete all[field];
  return all;
}

export function nodeSummary(ctx: IronicViewContext, n: Node): Record<string, unknown> {
  const body: Record<string, unknown> = {
    uuid: n.id,
    instance_uuid: n.instanceUuid,
    power_state: n.powerState,
    provision_state: n.provisionState,
    maintenance: n.maintenance,
    links: links(ctx, 'nodes', n.id),
  };
  if (atLeast(ctx.version, '1.5')) body.name = n.name;
  return body;
}

export function nodeStates(n: Node): Record<string, unknown> {
  return {
    console_enabled: false,
    last_error: n.lastError,
    power_state: n.powerState,
    provision_state: n.provisionState,
    provision_updated_at: n.provisionUpdatedAt,
    raid_config: {},
    target_power_state: n.targetPowerState,
    target_provision_state: n.targetProvisionState,
    target_raid_config: {},
  };
}

export function portView(ctx: IronicViewContext, p: Port, detail: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = { uuid: p.id, address: p.address, links: links(ctx, 'ports', p.id) };
  if (!detail) return body;
  Object.assign(body, {
    node_uuid: p.nodeId,
    extra: p.extra,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  });
  if (atLeast(ctx.version, '1.19')) body.local_link_connection = p.localLinkConnection;
  if (atLeast(ctx.version, '1.19')) body.pxe_enabled = p.pxeEnabled;
  if (atLeast(ctx.version, '1.18')) body.internal_info = {};
  if (atLeast(ctx.version, '1.24')) body.portgroup_uuid = null;
  if (atLeast(ctx.version, '1.34')) body.physical_network = p.physicalNetwork;
  if (atLeast(ctx.version, '1.53')) body.is_smartnic = false;
  return body;
}

/** Applies `?fields=a,b` (≥1.8): keeps only the named fields. */
export function selectFields(body: Record<string, unknown>, fields: string | null): Record<string, unknown> {
  if (!fields) return body;
  const wanted = new Set(fields.split(',').map((f) => f.trim()));
  return Object.fromEntries(Object.entries(body).filter(([k]) => wanted.has(k)));
}
