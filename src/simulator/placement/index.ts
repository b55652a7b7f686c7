/**
 * Placement: one resource provider per compute host (cloud.hosts), with VCPU / MEMORY_MB /
 * DISK_GB inventories and the usages and allocations Nova records there. A consumer may hold
 * allocations on several providers (an evacuated server: its dead source and its destination);
 * a provider with allocations cannot be deleted (409), which is what keeps an orphaned one. Admin-only, as
 * Placement's default policy is. Microversions 1.0–1.39 are negotiated here (not by the core)
 * because Placement's 406 body carries min_version/max_version.
 */
import type { ComputeHost } from '../core/hosts.js';
import { ApiError, placementErrors } from '../core/errors.js';
import { atLeast, microversionHeaders, negotiateMicroversion, type MicroversionSpec } from '../core/microversion.js';
import type { Handler, RequestContext } from '../core/router.js';
import type { ServiceModule } from '../core/service.js';

const SPEC: MicroversionSpec = { serviceType: 'placement', min: '1.0', max: '1.39' };
const CLASSES = ['VCPU', 'MEMORY_MB', 'DISK_GB'] as const;

/** Negotiates the microversion, with Placement's own 406 wording. */
function versioned(handler: Handler): Handler {
  return (ctx) => {
    try {
      ctx.microversion = negotiateMicroversion(ctx.headers, SPEC);
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 406) throw err;
      const asked = String(ctx.headers['openstack-api-version'] ?? '').split(/\s+/)[1] ?? '';
      throw new ApiError(406, `The resource could not be generated that was acceptable to your browser (content of type application/json. \n\n Invalid microversion: Unacceptable version header: ${asked}`, {
        fields: { max_version: SPEC.max, min_version: SPEC.min },
      });
    }
    Object.assign(ctx.responseHeaders, microversionHeaders(ctx.microversion, SPEC), { vary: 'openstack-api-version' });
    return handler(ctx);
  };
}

function provider(ctx: RequestContext): ComputeHost {
  const host = ctx.cloud.hosts.list().find((h) => h.id === ctx.params.uuid);
  if (!host) throw new ApiError(404, `No resource provider with uuid ${ctx.params.uuid!} found  `);
  return host;
}

function providerView(h: ComputeHost) {
  const self = `/resource_providers/${h.id}`;
  return {
    uuid: h.id,
    name: h.name,
    generation: h.generation,
    links: [{ rel: 'self', href: self }, ...['inventories', 'usages', 'aggregates', 'traits', 'allocations'].map((rel) => ({ rel, href: `${self}/${rel}` }))],
    parent_provider_uuid: null,
    root_provider_uuid: h.id,
  };
}

function inventory(h: ComputeHost, rc: (typeof CLASSES)[number]) {
  const total = h.capacity[rc];
  return { total, reserved: 0, min_unit: 1, max_unit: total, step_size: 1, allocation_ratio: h.allocationRatio[rc] };
}

/** `resources=VCPU:2,MEMORY_MB:1024`: providers with that much free capacity. */
function hasRoom(ctx: RequestContext, h: ComputeHost): boolean {
  const want = ctx.query.get('resources');
  if (!want) return true;
  const req = { VCPU: 0, MEMORY_MB: 0, DISK_GB: 0 };
  for (const part of want.split(',')) {
    const [rc, n] = part.split(':');
    if (!CLASSES.includes(rc as (typeof CLASSES)[number]) || !/^\d+$/.test(n ?? '')) throw new ApiError(400, `Invalid resources query: ${part}`);
    req[rc as (typeof CLASSES)[number]] = Number(n);
  }
  return ctx.cloud.hosts.fits(h.name, req);
}

/**
 * PUT /allocations/{consumer} in the 1.12 dictionary form (what osc-placement's `allocation unset`
 * sends back after dropping a provider): replaces every allocation of the consumer; 204. From 1.28
 * the consumer generation is required and must match (null for a new consumer), else 409.
 */
function putAllocations(ctx: RequestContext) {
  if (!atLeast(ctx.microversion, '1.12')) throw new ApiError(400, 'JSON does not validate: the allocations list form (before 1.12) is not supported here');
  const consumer = ctx.params.consumer!;
  const body = (ctx.body ?? {}) as { allocations?: Record<string, { resources?: Record<string, number> }>; project_id?: string; user_id?: string; consumer_generation?: number | null };
  for (const key of ['allocations', 'project_id', 'user_id', ...(atLeast(ctx.microversion, '1.28') ? ['consumer_generation'] : [])]) {
    if (!(key in body)) throw new ApiError(400, `JSON does not validate: '${key}' is a required property`);
  }
  if (typeof body.allocations !== 'object' || body.allocations === null) throw new ApiError(400, "JSON does not validate: 'allocations' is not of type 'object'");
  const current = ctx.cloud.hosts.generationOf(consumer);
  if (atLeast(ctx.microversion, '1.28') && (body.consumer_generation ?? 0) !== current) {
    throw new ApiError(409, `consumer generation conflict - expected ${current === 0 ? 'null' : current} but got ${body.consumer_generation ?? 'null'}`, { type: 'placement.concurrent_update' });
  }
  const entries = Object.entries(body.allocations).map(([uuid, a]) => {
    const h = ctx.cloud.hosts.list().find((x) => x.id === uuid);
    if (!h) throw new ApiError(400, `Unable to allocate inventory: Resource provider ${uuid} not found.`);
    const resources = { VCPU: 0, MEMORY_MB: 0, DISK_GB: 0 };
    for (const [rc, n] of Object.entries(a.resources ?? {})) {
      if (!CLASSES.includes(rc as (typeof CLASSES)[number])) throw new ApiError(400, `Unable to allocate inventory: Inventory for '${rc}' on resource provider '${uuid}' invalid.`);
      resources[rc as (typeof CLASSES)[number]] = Number(n);
    }
    return { host: h.name, resources };
  });
  ctx.cloud.hosts.replace(consumer, entries, { projectId: String(body.project_id), userId: String(body.user_id) });
  return { status: 204 };
}

export const placement: ServiceModule = {
  name: 'placement',
  catalog: [{ type: 'placement', name: 'placement', path: '' }],
  errors: placementErrors,
  routes(t) {
    const admin = { auth: 'admin' as const };
    t.get('/', versioned(() => ({ status: 200, body: { versions: [{ id: 'v1.0', max_version: SPEC.max, min_version: SPEC.min, status: 'CURRENT', links: [{ rel: 'self', href: '' }] }] } })), { auth: 'none' });
    t.get('/resource_providers', versioned((ctx) => {
      const name = ctx.query.get('name');
      const uuid = ctx.query.get('uuid');
      const items = ctx.cloud.hosts.list().filter((h) => (name === null || h.name === name) && (uuid === null || h.id === uuid) && hasRoom(ctx, h));
      return { status: 200, body: { resource_providers: items.map(providerView) } };
    }), admin);
    t.get('/resource_providers/{uuid}', versioned((ctx) => ({ status: 200, body: providerView(provider(ctx)) })), admin);
    t.get('/resource_providers/{uuid}/inventories', versioned((ctx) => {
      const h = provider(ctx);
      return { status: 200, body: { resource_provider_generation: h.generation, inventories: Object.fromEntries(CLASSES.map((rc) => [rc, inventory(h, rc)])) } };
    }), admin);
    t.get('/resource_providers/{uuid}/inventories/{rc}', versioned((ctx) => {
      const h = provider(ctx);
      const rc = ctx.params.rc as (typeof CLASSES)[number];
      if (!CLASSES.includes(rc)) throw new ApiError(404, `No inventory of class ${ctx.params.rc!} for ${h.id}`);
      return { status: 200, body: { resource_provider_generation: h.generation, ...inventory(h, rc) } };
    }), admin);
    t.get('/resource_providers/{uuid}/usages', versioned((ctx) => {
      const h = provider(ctx);
      return { status: 200, body: { resource_provider_generation: h.generation, usages: ctx.cloud.hosts.usage(h.name) } };
    }), admin);
    t.delete('/resource_providers/{uuid}', versioned((ctx) => {
      const h = provider(ctx);
      if (ctx.cloud.hosts.allocationsOn(h.name).length > 0) {
        throw new ApiError(409, `Unable to delete resource provider ${h.id}: Resource provider has allocations.`, { type: 'placement.resource_provider.inuse' });
      }
      ctx.cloud.hosts.remove(h.name);
      return { status: 204 };
    }), admin);
    t.get('/resource_providers/{uuid}/allocations', versioned((ctx) => {
      const h = provider(ctx);
      const allocations = Object.fromEntries(ctx.cloud.hosts.allocationsOn(h.name).map((a) => [a.consumer, { resources: { ...a.resources } }]));
      return { status: 200, body: { allocations, resource_provider_generation: h.generation } };
    }), admin);
    t.get('/allocations/{consumer}', versioned((ctx) => {
      const all = ctx.cloud.hosts.allocationsOf(ctx.params.consumer!);
      if (all.length === 0) return { status: 200, body: { allocations: {} } };
      const allocations: Record<string, unknown> = {};
      for (const a of all) {
        const h = ctx.cloud.hosts.get(a.host);
        if (h) allocations[h.id] = { generation: h.generation, resources: { ...a.resources } };
      }
      return { status: 200, body: { allocations, project_id: all[0]!.projectId, user_id: all[0]!.userId, consumer_generation: all[0]!.consumerGeneration } };
    }), admin);
    t.put('/allocations/{consumer}', versioned(putAllocations), admin);
    t.delete('/allocations/{consumer}', versioned((ctx) => {
      if (ctx.cloud.hosts.allocationsOf(ctx.params.consumer!).length === 0) throw new ApiError(404, `No allocations for consumer '${ctx.params.consumer!}'`);
      ctx.cloud.hosts.release(ctx.params.consumer!);
      return { status: 204 };
    }), admin);
    t.get('/usages', versioned((ctx) => {
      const project = ctx.query.get('project_id');
      if (!project) throw new ApiError(400, "Invalid query string parameters: 'project_id' is a required property");
      const usages = { VCPU: 0, MEMORY_MB: 0, DISK_GB: 0 };
      for (const h of ctx.cloud.hosts.list()) {
        for (const a of ctx.cloud.hosts.allocationsOn(h.name)) {
          if (a.projectId !== project) continue;
          for (const rc of CLASSES) usages[rc] += a.resources[rc];
        }
      }
      return { status: 200, body: { usages } };
    }), admin);
  },
};
