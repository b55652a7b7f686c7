/**
 * Reads the destination's infrastructure (and the identity of the source images) into the raw
 * lists the pure planner normalises. Only GETs. Neutron lists are scoped to what the project
 * sees (its own resources plus shared ones such as the external network).
 */
import type { RawDestination } from '../../plan/observedState.js';
import type { SourceImages } from '../../plan/desiredItems.js';
import { FLAVOR_MARKER } from '../../resources/common.js';
import type { DesiredItem, ObserveContext, ResourceKindDef } from '../../resources/types.js';
import { listAll } from '../openstack/pagination.js';
import type { OpenStackClient } from '../openstack/client.js';

type Raw = Record<string, unknown>;

const PAGE = 1000;

/**
 * Flavors with their description (2.55) and extra specs (inline from 2.61; before that, fetched
 * for the flavors carrying the marker, the only ones whose specs stackshift compares).
 */
export async function listFlavors(client: OpenStackClient): Promise<Raw[]> {
  const inline = await client.supports('compute', '2.61');
  const flavors = await listAll<Raw>(client, { service: 'compute', path: '/flavors/detail', query: { is_public: 'None' }, microversion: inline ? '2.61' : '2.55' }, { key: 'flavors', pageSize: PAGE });
  if (inline) return flavors;
  for (const f of flavors) {
    if (!String(f.description ?? '').endsWith(FLAVOR_MARKER)) continue;
    f.extra_specs = (await client.request<{ extra_specs: Record<string, string> }>({ service: 'compute', method: 'GET', path: `/flavors/${String(f.id)}/os-extra_specs` })).body.extra_specs;
  }
  return flavors;
}

/** A Neutron list; a page size makes a capped list (pagination_max_limit) page by link or marker. */
export function neutronList(ctx: ObserveContext, path: string, key: string, query: Record<string, string | string[]> = {}): Promise<Raw[]> {
  return listAll<Raw>(ctx.client, { service: 'network', path, query }, { key, pageSize: PAGE });
}

/**
 * Every kind reads its own collection, all at once. `admin` (when given) lists flavors, so private
 * flavors stackshift created are seen too. `desired` (when given) lets a kind leave out reads no
 * change could need (the gateway offers when no router keeps its gateway's address or SNAT flag).
 */
export async function observeDestination(kinds: readonly ResourceKindDef[], client: OpenStackClient, admin?: OpenStackClient, desired?: DesiredItem[]): Promise<{ raw: RawDestination; projectId: string }> {
  const projectId = await client.projectId();
  const ctx: ObserveContext = { client, projectId, ...(admin ? { admin } : {}), ...(desired ? { desired } : {}) };
  const lists = await Promise.all(kinds.map((k) => k.observe(ctx)));
  return { raw: Object.fromEntries(kinds.map((k, i) => [k.collection, lists[i]!])), projectId };
}

/** The source images by name (ID, checksums, size): where image data comes from. */
export async function observeSourceImages(client: OpenStackClient, names: string[]): Promise<SourceImages> {
  if (names.length === 0) return {};
  const wanted = new Set(names);
  const images = await listAll<Raw>(client, { service: 'image', path: '/images' }, { key: 'images', pageSize: 200 });
  const out: SourceImages = {};
  for (const image of images) {
    const name = String(image.name ?? '');
    if (!wanted.has(name) || out[name] || image.status !== 'active') continue;
    out[name] = {
      id: String(image.id),
      ...(typeof image.checksum === 'string' ? { checksum: image.checksum } : {}),
      ...(typeof image.os_hash_value === 'string' ? { os_hash_value: image.os_hash_value } : {}),
      ...(typeof image.size === 'number' ? { size: image.size } : {}),
    };
  }
  return out;
}
