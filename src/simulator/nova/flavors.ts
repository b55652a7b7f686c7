/**
 * Flavors, their extra specs and access lists (flavor-manage, os-flavor-extra-specs,
 * os-flavor-access). Private flavors are visible to admins and to projects on their access list.
 */
import { ApiError } from '../core/errors.js';
import { paginate } from '../core/pagination.js';
import { json, type RequestContext, type RouteTable } from '../core/router.js';
import type { Flavor } from './model.js';
import { bodyObject, flavors, isAdmin, projectOf, viewContext } from './store.js';
import { flavorView } from './views.js';

export function visibleFlavor(ctx: RequestContext, id: string): Flavor {
  const flavor = flavors(ctx.cloud).get(id);
  if (!flavor || (!flavor.isPublic && !isAdmin(ctx) && !flavor.access.includes(projectOf(ctx)))) {
    throw new ApiError(404, `Flavor ${id} could not be found.`);
  }
  return flavor;
}

export function flavorRoutes(t: RouteTable, p: string): void {
  t.get(`${p}/flavors`, (ctx) => listFlavors(ctx, false));
  t.get(`${p}/flavors/detail`, (ctx) => listFlavors(ctx, true));
  t.get(`${p}/flavors/{flavor_id}`, (ctx) => json(200, { flavor: flavorView(viewContext(ctx), visibleFlavor(ctx, ctx.params.flavor_id!), true) }));
  t.post(`${p}/flavors`, createFlavor, { auth: 'admin' });
  t.delete(`${p}/flavors/{flavor_id}`, (ctx) => {
    visibleFlavor(ctx, ctx.params.flavor_id!);
    flavors(ctx.cloud).delete(ctx.params.flavor_id!);
    return { status: 202 };
  }, { auth: 'admin' });
  t.get(`${p}/flavors/{flavor_id}/os-extra_specs`, (ctx) => json(200, { extra_specs: visibleFlavor(ctx, ctx.params.flavor_id!).extraSpecs }));
  t.post(`${p}/flavors/{flavor_id}/os-extra_specs`, (ctx) => {
    const flavor = visibleFlavor(ctx, ctx.params.flavor_id!);
    const specs = bodyObject(ctx, 'extra_specs');
    for (const [k, v] of Object.entries(specs)) {
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw new ApiError(400, `Invalid input for field/attribute extra_specs. Value: ${JSON.stringify(specs)}.`);
      flavor.extraSpecs[k] = String(v);
    }
    return json(200, { extra_specs: specs });
  }, { auth: 'admin' });
  t.get(`${p}/flavors/{flavor_id}/os-extra_specs/{key}`, (ctx) => {
    const flavor = visibleFlavor(ctx, ctx.params.flavor_id!);
    const value = flavor.extraSpecs[ctx.params.key!];
    if (value === undefined) throw new ApiError(404, `Flavor ${flavor.id} has no extra specs with key ${ctx.params.key}.`);
    return json(200, { [ctx.params.key!]: value });
  });
  t.put(`${p}/flavors/{flavor_id}/os-extra_specs/{key}`, (ctx) => {
    const flavor = visibleFlavor(ctx, ctx.params.flavor_id!);
    const body = (ctx.body ?? {}) as Record<string, unknown>;
    const key = ctx.params.key!;
    if (Object.keys(body).length !== 1 || !(key in body)) throw new ApiError(400, 'Request body and URI mismatch');
    flavor.extraSpecs[key] = String(body[key]);
    return json(200, { [key]: flavor.extraSpecs[key] });
  }, { auth: 'admin' });
  t.delete(`${p}/flavors/{flavor_id}/os-extra_specs/{key}`, (ctx) => {
    const flavor = visibleFlavor(ctx, ctx.params.flavor_id!);
    if (!(ctx.params.key! in flavor.extraSpecs)) throw new ApiError(404, `Flavor ${flavor.id} has no extra specs with key ${ctx.params.key}.`);
    delete flavor.extraSpecs[ctx.params.key!];
    return { status: 200 };
  }, { auth: 'admin' });
  t.get(`${p}/flavors/{flavor_id}/os-flavor-access`, (ctx) => {
    const flavor = visibleFlavor(ctx, ctx.params.flavor_id!);
    if (flavor.isPublic) throw new ApiError(404, 'Access list not available for public flavors.');
    return json(200, { flavor_access: flavor.access.map((tenant_id) => ({ flavor_id: flavor.id, tenant_id })) });
  }, { auth: 'admin' });
  t.post(`${p}/flavors/{flavor_id}/action`, flavorAction, { auth: 'admin' });
}

function listFlavors(ctx: RequestContext, detail: boolean) {
  const view = viewContext(ctx);
  const q = ctx.query;
  const isPublicFilter = q.get('is_public');
  let all = flavors(ctx.cloud).values().filter((f) => {
    if (isAdmin(ctx)) {
      if (isPublicFilter === null || isPublicFilter === '') return f.isPublic;
      if (isPublicFilter.toLowerCase() === 'none') return true;
      return f.isPublic === ['true', '1', 'yes'].includes(isPublicFilter.toLowerCase());
    }
    return f.isPublic || f.access.includes(projectOf(ctx));
  });
  const minRam = Number(q.get('minRam') ?? 0);
  const minDisk = Number(q.get('minDisk') ?? 0);
  all = all.filter((f) => f.ram >= minRam && f.disk >= minDisk);
  const page = paginate(all, q, { badMarker: (m) => new ApiError(400, `marker [${m}] not found`) });
  const body: Record<string, unknown> = { flavors: page.items.map((f) => flavorView(view, f, detail)) };
  if (page.nextMarker) body.flavors_links = [{ href: `${view.baseUrl}/${view.projectId}/flavors${detail ? '/detail' : ''}?limit=${q.get('limit') ?? ''}&marker=${page.nextMarker}`, rel: 'next' }];
  return json(200, body);
}

function createFlavor(ctx: RequestContext) {
  const f = bodyObject(ctx, 'flavor');
  const name = f.name;
  if (typeof name !== 'string' || name.trim() === '' || name.length > 255) throw new ApiError(400, "Invalid input for field/attribute name. Value: " + JSON.stringify(name ?? null));
  const int = (key: string, min: number, required: boolean): number => {
    const v = f[key];
    if (v === undefined || v === null) {
      if (required) throw new ApiError(400, `Invalid input for field/attribute flavor. Value: ${JSON.stringify(f)}. '${key}' is a required property`);
      return 0;
    }
    const n = typeof v === 'string' ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < min) throw new ApiError(400, `Invalid input for field/attribute ${key}. Value: ${JSON.stringify(v)}.`);
    return n;
  };
  const all = flavors(ctx.cloud);
  const id = f.id === undefined || f.id === null || f.id === 'auto' ? ctx.cloud.ids.uuid() : String(f.id);
  if (all.has(id)) throw new ApiError(409, `Flavor with ID ${id} already exists.`);
  if (all.find((x) => x.name === name)) throw new ApiError(409, `Flavor with name ${name} already exists.`);
  const flavor: Flavor = {
    id,
    name,
    ram: int('ram', 1, true),
    vcpus: int('vcpus', 1, true),
    disk: int('disk', 0, true),
    ephemeral: int('OS-FLV-EXT-DATA:ephemeral', 0, false),
    swap: int('swap', 0, false),
    rxtxFactor: typeof f.rxtx_factor === 'number' ? f.rxtx_factor : 1,
    isPublic: f['os-flavor-access:is_public'] !== false,
    disabled: false,
    description: typeof f.description === 'string' ? f.description : null,
    extraSpecs: {},
    access: [],
  };
  all.put(flavor);
  return json(200, { flavor: flavorView(viewContext(ctx), flavor, true) });
}

function flavorAction(ctx: RequestContext) {
  const flavor = visibleFlavor(ctx, ctx.params.flavor_id!);
  const body = (ctx.body ?? {}) as Record<string, { tenant?: unknown } | undefined>;
  const add = body.addTenantAccess;
  const remove = body.removeTenantAccess;
  const tenant = (add ?? remove)?.tenant;
  if ((!add && !remove) || typeof tenant !== 'string') throw new ApiError(400, 'Invalid input: addTenantAccess or removeTenantAccess with a tenant is required');
  if (flavor.isPublic) throw new ApiError(409, 'Can not add access to a public flavor.');
  if (add) {
    if (flavor.access.includes(tenant)) throw new ApiError(409, `Flavor access already exists for flavor ${flavor.id} and project ${tenant} combination.`);
    flavor.access.push(tenant);
  } else {
    if (!flavor.access.includes(tenant)) throw new ApiError(404, `Flavor access not found for ${flavor.id} / ${tenant} combination.`);
    flavor.access = flavor.access.filter((t) => t !== tenant);
  }
  return json(200, { flavor_access: flavor.access.map((tenant_id) => ({ flavor_id: flavor.id, tenant_id })) });
}
