/**
 * os-services and os-hypervisors: the compute-host view an operator reclaiming nodes uses.
 * Disabling a service (≥ 2.53 by uuid, with a reason) keeps the scheduler off the host;
 * deleting it is refused with 409 while instances or in-progress migrations remain.
 */
import { atLeast } from '../core/microversion.js';
import { ApiError } from '../core/errors.js';
import { paginate } from '../core/pagination.js';
import { json, noContent, type RequestContext, type RouteTable } from '../core/router.js';
import type { ComputeService } from './model.js';
import { uncleanedEvacuations } from './computeHosts.js';
import { serviceState } from './scheduler.js';
import { computeServices, migrations, now, servers, viewContext } from './store.js';
import { hypervisorView, serviceView } from './views.js';

const IN_PROGRESS = new Set(['queued', 'preparing', 'running', 'pre-migrating', 'migrating', 'post-migrating', 'finished', 'accepted', 'confirming', 'reverting']);

export function adminRoutes(t: RouteTable, p: string): void {
  const admin = { auth: 'admin' as const };
  t.get(`${p}/os-services`, listServices, admin);
  t.put(`${p}/os-services/{service_id}`, updateService, admin);
  t.delete(`${p}/os-services/{service_id}`, deleteService, admin);
  t.get(`${p}/os-hypervisors`, (ctx) => listHypervisors(ctx, false), admin);
  t.get(`${p}/os-hypervisors/detail`, (ctx) => listHypervisors(ctx, true), admin);
  t.get(`${p}/os-hypervisors/{hypervisor_id}`, showHypervisor, admin);
}

function zoneOf(ctx: RequestContext, host: string): string {
  return ctx.cloud.hosts.get(host)?.zone ?? 'nova';
}

function listServices(ctx: RequestContext) {
  const view = viewContext(ctx);
  const host = ctx.query.get('host');
  const binary = ctx.query.get('binary');
  const list = computeServices(ctx.cloud)
    .values()
    .filter((s) => (!host || s.id === host) && (!binary || binary === 'nova-compute'));
  return json(200, { services: list.map((s) => serviceView(view, s, zoneOf(ctx, s.id), serviceState(ctx.cloud, s))) });
}

function findService(ctx: RequestContext, id: string): ComputeService {
  const all = computeServices(ctx.cloud);
  if (atLeast(ctx.microversion, '2.53')) {
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new ApiError(400, `Invalid uuid ${id}`);
    const s = all.find((x) => x.serviceId === id);
    if (!s) throw new ApiError(404, `Service ${id} could not be found.`);
    return s;
  }
  const s = all.find((x) => String(x.serviceNumericId) === id);
  if (!s) throw new ApiError(404, `Service ${id} could not be found.`);
  return s;
}

function updateService(ctx: RequestContext) {
  const body = (ctx.body ?? {}) as Record<string, unknown>;
  if (!atLeast(ctx.microversion, '2.53')) {
    // Legacy /os-services/disable-log-reason, /disable, /enable: the id segment is the action.
    return legacyUpdate(ctx, ctx.params.service_id!, body);
  }
  const s = findService(ctx, ctx.params.service_id!);
  if (Object.keys(body).length === 0) throw new ApiError(400, 'No updates were requested. Fields status or forced_down should be specified.');
  const { status, disabled_reason: reason, forced_down: forcedDown } = body;
  if (status !== undefined && status !== 'enabled' && status !== 'disabled') throw new ApiError(400, `Invalid input for field/attribute status. Value: ${JSON.stringify(status)}. '${status}' is not one of ['enabled', 'disabled']`);
  if (reason !== undefined && status !== 'disabled') throw new ApiError(400, 'Specifying a disabled reason is not supported unless disabling a service.');
  if (typeof reason === 'string' && (reason.length === 0 || reason.length > 255)) throw new ApiError(400, 'Invalid input for field/attribute disabled_reason.');
  if (forcedDown !== undefined && typeof forcedDown !== 'boolean') throw new ApiError(400, 'Invalid input for field/attribute forced_down.');
  if (forcedDown === false) refuseForceUpWithDoneEvacuations(ctx, s.id);
  if (status === 'disabled') {
    s.status = 'disabled';
    s.disabledReason = typeof reason === 'string' ? reason : null;
  } else if (status === 'enabled') {
    s.status = 'enabled';
    s.disabledReason = null;
  }
  if (typeof forcedDown === 'boolean') s.forcedDown = forcedDown;
  s.updatedAt = now(ctx.cloud).replace('Z', '.000000');
  return json(200, { service: serviceView(viewContext(ctx), s, zoneOf(ctx, s.id), serviceState(ctx.cloud, s)) });
}

/** Bug 1922053: a host is not forced up while evacuations off it are `done`, not yet `completed`. */
function refuseForceUpWithDoneEvacuations(ctx: RequestContext, host: string): void {
  if (uncleanedEvacuations(ctx.cloud, host).length === 0) return;
  throw new ApiError(400, `Unable to force up host ${host} as \`done\` evacuation migration records remain associated with the host. Ensure the compute service has been restarted, allowing these records to move to \`completed\` before retrying this request.`);
}

function legacyUpdate(ctx: RequestContext, action: string, body: Record<string, unknown>) {
  if (!['enable', 'disable', 'disable-log-reason', 'force-down'].includes(action)) throw new ApiError(404, `Unknown action`);
  const s = computeServices(ctx.cloud).get(String(body.host ?? ''));
  if (!s || body.binary !== 'nova-compute') throw new ApiError(404, `Service ${String(body.binary)} on host ${String(body.host)} could not be found.`);
  if (action === 'enable') Object.assign(s, { status: 'enabled', disabledReason: null });
  if (action === 'disable') s.status = 'disabled';
  if (action === 'disable-log-reason') Object.assign(s, { status: 'disabled', disabledReason: typeof body.disabled_reason === 'string' ? body.disabled_reason : null });
  if (action === 'force-down' && body.forced_down !== true) refuseForceUpWithDoneEvacuations(ctx, s.id);
  if (action === 'force-down') s.forcedDown = body.forced_down === true;
  const service: Record<string, unknown> = { host: s.id, binary: 'nova-compute', status: s.status };
  if (action === 'disable-log-reason') service.disabled_reason = s.disabledReason;
  if (action === 'force-down') service.forced_down = s.forcedDown;
  return json(200, { service });
}

function deleteService(ctx: RequestContext) {
  const s = findService(ctx, ctx.params.service_id!);
  const c = ctx.cloud;
  if (servers(c).filter((x) => x.host === s.id && x.vmState !== 'deleted').length > 0) {
    throw new ApiError(409, 'Unable to delete compute service that is hosting instances. Migrate or delete the instances first.');
  }
  if (migrations(c).filter((m) => IN_PROGRESS.has(m.status) && (m.sourceCompute === s.id || m.destCompute === s.id)).length > 0) {
    throw new ApiError(409, 'Unable to delete compute service that has in-progress migrations. Complete the migrations or delete the instances first.');
  }
  computeServices(c).delete(s.id);
  // Nova deletes the compute node's resource provider in Placement too (cascade). Placement
  // refuses while allocations remain (an evacuation's, on this dead source): Nova only logs
  // that, so the provider and its orphaned allocations outlive the service.
  if (c.hosts.allocationsOn(s.id).length === 0) c.hosts.remove(s.id);
  return noContent();
}

function usedOn(ctx: RequestContext, host: string) {
  const u = ctx.cloud.hosts.usage(host);
  return { vcpus: u.VCPU, memoryMb: u.MEMORY_MB, diskGb: u.DISK_GB, runningVms: servers(ctx.cloud).filter((s) => s.host === host).length };
}

function listHypervisors(ctx: RequestContext, detail: boolean) {
  const view = viewContext(ctx);
  const q = ctx.query;
  const pattern = q.get('hypervisor_hostname_pattern');
  const withServers = atLeast(ctx.microversion, '2.53') && ['true', '1', 'True'].includes(q.get('with_servers') ?? '');
  const rows = computeServices(ctx.cloud)
    .values()
    .filter((s) => !pattern || s.id.includes(pattern))
    .map((s) => ({ s, host: ctx.cloud.hosts.get(s.id) }))
    .filter((r) => r.host !== undefined)
    .map((r) => ({ ...r, id: atLeast(ctx.microversion, '2.53') ? r.host!.id : String(r.s.hypervisorNumericId) }));
  if (pattern && rows.length === 0) throw new ApiError(404, `No hypervisor matching '${pattern}' could be found.`);
  const page = atLeast(ctx.microversion, '2.33') && !pattern ? paginate(rows, q) : { items: rows, nextMarker: undefined };
  const body: Record<string, unknown> = {
    hypervisors: page.items.map(({ s, host }) =>
      hypervisorView(view, s, host!, detail, withServers ? servers(ctx.cloud).filter((x) => x.host === s.id) : undefined, usedOn(ctx, s.id), serviceState(ctx.cloud, s)),
    ),
  };
  if (page.nextMarker) body.hypervisors_links = [{ href: `${view.baseUrl}/os-hypervisors${detail ? '/detail' : ''}?limit=${q.get('limit')}&marker=${page.nextMarker}`, rel: 'next' }];
  return json(200, body);
}

function showHypervisor(ctx: RequestContext) {
  const id = ctx.params.hypervisor_id!;
  const uuids = atLeast(ctx.microversion, '2.53');
  const s = computeServices(ctx.cloud).find((x) => (uuids ? ctx.cloud.hosts.get(x.id)?.id === id : String(x.hypervisorNumericId) === id));
  const host = s && ctx.cloud.hosts.get(s.id);
  if (!s || !host) throw new ApiError(404, `Hypervisor with ID ${id} could not be found.`);
  const withServers = uuids && ['true', '1', 'True'].includes(ctx.query.get('with_servers') ?? '');
  return json(200, { hypervisor: hypervisorView(viewContext(ctx), s, host, true, withServers ? servers(ctx.cloud).filter((x) => x.host === s.id) : undefined, usedOn(ctx, s.id), serviceState(ctx.cloud, s)) });
}
