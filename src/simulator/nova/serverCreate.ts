/**
 * Validation of POST /servers as Nova's API layer does it, before anything is created: the
 * flavor, image or boot volume, networks (≥ 2.37 required), keypair, metadata and quotas.
 */
import { atLeast } from '../core/microversion.js';
import { ApiError } from '../core/errors.js';
import type { RequestContext } from '../core/router.js';
import { volumes } from '../cinder/store.js';
import { visibleFlavor } from './flavors.js';
import { findImage } from './images.js';
import type { Flavor } from './model.js';
import { securityGroupIds, validateNetworks, type RequestedNetwork } from './network.js';
import { bodyObject, keypairs, projectOf, servers } from './store.js';

export interface BootVolume {
  /** An existing volume, or one to create from an image. */
  volumeId?: string;
  imageId?: string;
  size?: number;
  deleteOnTermination: boolean;
}

export interface CreateInput {
  name: string;
  flavor: Flavor;
  imageId: string;
  bootVolume: BootVolume | undefined;
  networks: RequestedNetwork[];
  keyName: string | null;
  metadata: Record<string, string>;
  securityGroups: string[];
  availabilityZone: string | undefined;
  description: string | null;
  tags: string[];
  returnPassword: boolean;
  /** Admin-only host request: `availability_zone: "nova:host"` or `host` (≥ 2.74). */
  host: string | undefined;
}

export function validateCreate(ctx: RequestContext): CreateInput {
  const s = bodyObject(ctx, 'server');
  const c = ctx.cloud;
  if (typeof s.name !== 'string' || s.name.trim() === '' || s.name.length > 255) {
    throw new ApiError(400, `Invalid input for field/attribute name. Value: ${JSON.stringify(s.name ?? null)}.`);
  }
  const flavorId = refId(s.flavorRef);
  if (!flavorId) throw new ApiError(400, "Invalid input for field/attribute server. 'flavorRef' is a required property");
  let flavor: Flavor;
  try {
    flavor = visibleFlavor(ctx, flavorId);
  } catch {
    // Zed answers an unknown flavorRef with Nova's FlavorNotFound text, still as 400 badRequest.
    throw new ApiError(400, `Flavor ${flavorId} could not be found.`);
  }
  const bootVolume = parseBdm(ctx, s.block_device_mapping_v2);
  const imageId = refId(s.imageRef) ?? '';
  if (!bootVolume && !imageId) throw new ApiError(400, 'Missing imageRef attribute');
  if (imageId && !bootVolume) {
    const image = findImage(c, imageId);
    if (!image) throw new ApiError(400, `Image ${imageId} could not be found.`);
    if (image.status !== 'active') throw new ApiError(400, `Image ${imageId} is not active.`);
    if ((image.min_disk ?? 0) > flavor.disk && flavor.disk > 0) throw new ApiError(400, "Flavor's disk is too small for requested image.");
    if ((image.min_ram ?? 0) > flavor.ram) throw new ApiError(400, "Flavor's memory is too small for requested image.");
  }
  const networks = parseNetworks(ctx, s.networks);
  validateNetworks(c, projectOf(ctx), networks);
  let keyName: string | null = null;
  if (s.key_name !== undefined && s.key_name !== null) {
    if (typeof s.key_name !== 'string' || !keypairs(c).get(`${ctx.auth?.userId}/${s.key_name}`)) throw new ApiError(400, 'Invalid key_name provided.');
    keyName = s.key_name;
  }
  const metadata = parseMetadata(s.metadata);
  const project = projectOf(ctx);
  if (!c.quotas.allows(project, 'metadata_items', 0, Object.keys(metadata).length)) {
    throw new ApiError(403, `Quota exceeded for metadata_items: Requested ${Object.keys(metadata).length}, but already used 0 of ${c.quotas.limit(project, 'metadata_items')} metadata_items`);
  }
  const groups = Array.isArray(s.security_groups) ? s.security_groups.map((g) => String((g as { name?: unknown }).name ?? '')) : ['default'];
  securityGroupIds(c, projectOf(ctx), groups.length ? groups : ['default']);
  checkQuota(ctx, flavor);
  let availabilityZone = typeof s.availability_zone === 'string' ? s.availability_zone : undefined;
  let host: string | undefined;
  if (availabilityZone?.includes(':')) {
    const [zone, h] = availabilityZone.split(':');
    availabilityZone = zone || undefined;
    host = h || undefined;
  }
  if (typeof s.host === 'string' && atLeast(ctx.microversion, '2.74')) host = s.host;
  if (host && !ctx.auth?.roles.includes('admin')) throw new ApiError(403, "Policy doesn't allow os_compute_api:servers:create:forced_host to be performed.");
  return {
    name: s.name,
    flavor,
    imageId: bootVolume ? '' : imageId,
    bootVolume,
    networks,
    keyName,
    metadata,
    securityGroups: groups.length ? groups : ['default'],
    availabilityZone,
    description: atLeast(ctx.microversion, '2.19') && typeof s.description === 'string' ? s.description : null,
    tags: atLeast(ctx.microversion, '2.52') && Array.isArray(s.tags) ? s.tags.map(String) : [],
    returnPassword: true,
    host,
  };
}

function refId(ref: unknown): string | undefined {
  if (typeof ref !== 'string' || ref === '') return undefined;
  return ref.split('/').pop();
}

function parseNetworks(ctx: RequestContext, value: unknown): RequestedNetwork[] {
  if (value === undefined) {
    if (atLeast(ctx.microversion, '2.37')) throw new ApiError(400, "Invalid input for field/attribute server. 'networks' is a required property");
    return [];
  }
  if (value === 'none') return [];
  if (value === 'auto') {
    const nets = ctx.cloud.state.collection<{ id: string; project_id?: string; shared?: boolean }>('networks').filter((n) => n.project_id === projectOf(ctx) || n.shared === true);
    if (nets.length !== 1) throw new ApiError(400, 'Unable to automatically allocate a network for project');
    return [{ networkId: nets[0]!.id }];
  }
  if (!Array.isArray(value)) throw new ApiError(400, `Invalid input for field/attribute networks. Value: ${JSON.stringify(value)}.`);
  return value.map((n: Record<string, unknown>) => {
    const entry: RequestedNetwork = {};
    if (typeof n.port === 'string') entry.portId = n.port;
    else if (typeof n.uuid === 'string') entry.networkId = n.uuid;
    else throw new ApiError(400, 'Bad networks format: network uuid is not in proper format');
    if (typeof n.fixed_ip === 'string') entry.fixedIp = n.fixed_ip;
    return entry;
  });
}

function parseBdm(ctx: RequestContext, value: unknown): BootVolume | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new ApiError(400, 'Invalid input for field/attribute block_device_mapping_v2.');
  const root = value.find((b: Record<string, unknown>) => Number(b.boot_index) === 0) as Record<string, unknown> | undefined;
  if (!root) return undefined;
  const deleteOnTermination = root.delete_on_termination === true;
  if (root.source_type === 'volume' && typeof root.uuid === 'string') {
    const volume = volumes(ctx.cloud).get(root.uuid);
    if (!volume || volume.projectId !== projectOf(ctx)) throw new ApiError(400, `Block Device Mapping is Invalid: failed to get volume ${root.uuid}.`);
    if (volume.status !== 'available') throw new ApiError(400, `Invalid volume: Volume ${volume.id} status must be available or downloading to reserve, but the current status is ${volume.status}.`);
    return { volumeId: volume.id, deleteOnTermination };
  }
  if (root.source_type === 'image' && root.destination_type === 'volume' && typeof root.uuid === 'string') {
    const image = findImage(ctx.cloud, root.uuid);
    if (!image) throw new ApiError(400, `Block Device Mapping is Invalid: failed to get image ${root.uuid}.`);
    const size = Number(root.volume_size);
    if (!Number.isInteger(size) || size < 1) throw new ApiError(400, 'Block Device Mapping is Invalid: You specified more local devices than the limit allows');
    return { imageId: root.uuid, size, deleteOnTermination };
  }
  throw new ApiError(400, 'Block Device Mapping is Invalid: Boot sequence for the instance and image/block device mapping combination is not valid.');
}

function parseMetadata(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new ApiError(400, 'Invalid input for field/attribute metadata.');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string' || k.length > 255 || v.length > 255) throw new ApiError(400, `Invalid input for field/attribute metadata. Value: ${JSON.stringify(value)}.`);
    out[k] = v;
  }
  return out;
}

/** instances, cores and ram against the project's quota: 403 Forbidden with Nova's message. */
export function checkQuota(ctx: RequestContext, flavor: Flavor): void {
  const c = ctx.cloud;
  const project = projectOf(ctx);
  const mine = servers(c).filter((s) => s.projectId === project && s.vmState !== 'deleted');
  const used = { instances: mine.length, cores: mine.reduce((n, s) => n + s.flavor.vcpus, 0), ram: mine.reduce((n, s) => n + s.flavor.ram, 0) };
  const requested = { instances: 1, cores: flavor.vcpus, ram: flavor.ram };
  for (const resource of ['instances', 'cores', 'ram'] as const) {
    if (!c.quotas.allows(project, resource, used[resource], requested[resource])) {
      const limit = c.quotas.limit(project, resource);
      throw new ApiError(403, `Quota exceeded for ${resource}: Requested ${requested[resource]}, but already used ${used[resource]} of ${limit} ${resource}`);
    }
  }
}
