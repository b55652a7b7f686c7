/**
 * PATCH /v1/nodes/{node_ident}: a JSON patch over the node's patchable fields (refused while the
 * node is locked). Changing the hardware type (`driver`) follows the conductor's update_node and
 * driver_factory.check_and_update_node_interfaces: the node *keeps* its interfaces unless
 * `?reset_interfaces=true` (1.45) sends every interface the request does not set back to the new
 * type's default; then every interface must be one the new type supports (400 otherwise, so
 * ipmi → redfish without reset_interfaces or the new management/power interfaces is refused).
 */
import { atLeast } from '../core/microversion.js';
import { ApiError } from '../core/errors.js';
import { json, type RequestContext, type Reply } from '../core/router.js';
import { ENABLED_DRIVERS, INTERFACE_FIELDS, type Node } from './model.js';
import { defaultInterface, interfaceProblem } from './interfaces.js';
import { assertUnlocked } from './provision.js';
import { applyPatch, findNode, stamp, versionHeaders, viewOf } from './store.js';
import { nodeDetail, nodeFieldSince } from './views.js';

type InterfaceField = (typeof INTERFACE_FIELDS)[number];

const PATCHABLE: Record<string, keyof Node> = {
  name: 'name',
  driver: 'driver',
  driver_info: 'driverInfo',
  properties: 'properties',
  extra: 'extra',
  resource_class: 'resourceClass',
  description: 'description',
  owner: 'owner',
  instance_info: 'instanceInfo',
  maintenance: 'maintenance',
};

/** Where update_node lets an interface change outside maintenance (allowed_update_states). */
const INTERFACE_UPDATE_STATES = ['enroll', 'inspecting', 'inspect wait', 'manageable', 'available'];

export function updateNode(ctx: RequestContext): Reply {
  const node = findNode(ctx, ctx.params.node_ident!);
  assertUnlocked(node);
  const reset = resetInterfaces(ctx);
  const ops = Array.isArray(ctx.body) ? (ctx.body as Array<{ path?: unknown }>) : [];
  const roots = ops.map((op) => (typeof op?.path === 'string' ? op.path.split('/')[1] ?? '' : ''));
  // api_utils.check_allowed_fields: a field newer than the request's microversion is 406.
  for (const root of roots) {
    const since = nodeFieldSince(root);
    if (since && !atLeast(ctx.microversion, since)) throw new ApiError(406, 'Request not acceptable.');
  }
  if (reset && !roots.includes('driver')) throw new ApiError(400, "The reset_interfaces parameter can only be used when changing the node's driver.");
  const doc: Record<string, unknown> = {};
  for (const [api, field] of Object.entries(PATCHABLE)) doc[api] = structuredClone(node[field]);
  for (const f of INTERFACE_FIELDS) doc[f] = node.interfaces[f] ?? null;
  applyPatch(doc, ctx.body);
  for (const key of Object.keys(doc)) if (!(key in PATCHABLE) && !(INTERFACE_FIELDS as readonly string[]).includes(key)) throw new ApiError(400, `Adding a new attribute (/${key}) to the root of the resource is not allowed.`);
  if (typeof doc.driver === 'string' && !ENABLED_DRIVERS.includes(doc.driver)) throw new ApiError(400, `No valid host was found. Reason: No conductor service registered which supports driver ${doc.driver} for conductor group "".`);
  const driver = typeof doc.driver === 'string' ? doc.driver : node.driver;
  const interfaces = checkedInterfaces(node, driver, doc, reset, doc.maintenance === true);
  const record = node as unknown as Record<string, unknown>;
  for (const [api, field] of Object.entries(PATCHABLE)) record[field] = doc[api] ?? (api === 'maintenance' ? false : ['driver_info', 'properties', 'extra', 'instance_info'].includes(api) ? {} : null);
  node.interfaces = interfaces;
  node.updatedAt = stamp(ctx.cloud);
  versionHeaders(ctx);
  return json(200, nodeDetail(viewOf(ctx), node));
}

/** `?reset_interfaces=`: 406 before 1.45, a boolean as oslo's strict bool_from_string reads one. */
function resetInterfaces(ctx: RequestContext): boolean {
  const raw = ctx.query.get('reset_interfaces');
  if (raw === null) return false;
  if (!atLeast(ctx.microversion, '1.45')) throw new ApiError(406, 'Request not acceptable.');
  const v = raw.trim().toLowerCase();
  if (['1', 't', 'true', 'on', 'y', 'yes'].includes(v)) return true;
  if (['0', 'f', 'false', 'off', 'n', 'no'].includes(v)) return false;
  throw new ApiError(400, `Invalid input for field/attribute reset_interfaces. Value: '${raw}'. Unrecognized value '${raw}', acceptable values are: '0', '1', 'f', 'false', 'n', 'no', 'off', 'on', 't', 'true', 'y', 'yes'`);
}

/**
 * update_node's interface part: the changed interfaces (409 outside INTERFACE_UPDATE_STATES
 * unless in maintenance), the unchanged ones reset to null when the driver changes with
 * reset_interfaces, then check_and_update_node_interfaces — null becomes the type's default,
 * anything else must be an implementation the type supports.
 */
function checkedInterfaces(node: Node, driver: string, doc: Record<string, unknown>, reset: boolean, maintenance: boolean): Node['interfaces'] {
  const updatingDriver = driver !== node.driver;
  let check = updatingDriver;
  const out: Record<string, string | null> = {};
  for (const f of INTERFACE_FIELDS) {
    const value = typeof doc[f] === 'string' ? (doc[f] as string) : null;
    out[f] = value;
    if (value === (node.interfaces[f] ?? null)) {
      if (updatingDriver && reset) out[f] = null;
      continue;
    }
    if (!maintenance && !INTERFACE_UPDATE_STATES.includes(node.provisionState)) {
      throw new ApiError(409, `Node ${node.id} can not have ${f} updated unless it is in one of allowed (${INTERFACE_UPDATE_STATES.join(', ')}) states or in maintenance mode. Current state is '${node.provisionState}'.`);
    }
    check = true;
  }
  if (!check) return out;
  for (const f of INTERFACE_FIELDS as readonly InterfaceField[]) {
    const value = out[f];
    if (value === null || value === undefined) {
      out[f] = defaultInterface(driver, f);
      continue;
    }
    const problem = interfaceProblem(driver, f, value);
    if (problem) throw new ApiError(400, problem);
  }
  return out;
}
