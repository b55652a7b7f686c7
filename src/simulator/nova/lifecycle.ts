/**
 * The asynchronous parts of a server's life: build (schedule, ports, boot volume, BUILD →
 * ACTIVE or ERROR), stop/start, and delete. Each runs as a core progression so tests choose
 * whether it is immediate, takes N polls or T ms, and can make the next one fail.
 */
import type { SimCloud } from '../core/cloud.js';
import { ApiError } from '../core/errors.js';
import type { RequestContext } from '../core/router.js';
import { attachVolumeNow, createVolumeForBoot, detachAllVolumes } from './attach.js';
import type { InstanceAction, Server } from './model.js';
import { PowerState } from './model.js';
import { allocatePorts, releasePorts } from './network.js';
import { flavorResources, selectHost } from './scheduler.js';
import type { CreateInput } from './serverCreate.js';
import { invalidStateMessage } from './states.js';
import { ABORT_KIND, finishAction, migrations, now, recordAction, servers } from './store.js';

const NO_VALID_HOST = 'No valid host was found. There are not enough hosts available.';

export function startBuild(ctx: RequestContext, server: Server, input: CreateInput, action: InstanceAction): void {
  const c = ctx.cloud;
  const resources = flavorResources(server.flavor, input.bootVolume !== undefined);
  const host = selectHost(c, resources, { ...(input.host ? { only: input.host } : {}), ...(input.availabilityZone ? { zone: input.availabilityZone } : {}) });
  let failure = host ? undefined : NO_VALID_HOST;
  if (host) {
    c.hosts.allocate(server.id, host, resources, { projectId: server.projectId, userId: server.userId });
    server.host = host;
    try {
      server.portIds = allocatePorts(c, server, input.networks);
    } catch (err) {
      // Nova's build fails (server ERROR) when Neutron refuses a port, e.g. no free IP.
      failure = `Build of instance ${server.id} aborted: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
  const states = failure ? ['BUILD', 'ERROR'] : ['BUILD', 'ACTIVE'];
  c.progression.start('server', server.id, states, {
    onState: (change) => {
      const s = servers(c).get(server.id);
      if (!s) return;
      s.updatedAt = now(c);
      if (!change.final) {
        s.vmState = 'building';
        s.taskState = 'spawning';
        return;
      }
      if (change.failed || change.state === 'ERROR') {
        failBuild(c, s, change.failed ? (change.message ?? 'Build failed') : (failure ?? NO_VALID_HOST), action);
        return;
      }
      try {
        if (input.bootVolume) {
          const volumeId = input.bootVolume.volumeId ?? createVolumeForBoot(c, s, input.bootVolume);
          attachVolumeNow(c, s, volumeId, { device: '/dev/vda', bootIndex: 0, deleteOnTermination: input.bootVolume.deleteOnTermination, tag: null });
        }
      } catch (err) {
        failBuild(c, s, err instanceof Error ? err.message : String(err), action);
        return;
      }
      s.vmState = 'active';
      s.taskState = null;
      s.powerState = PowerState.RUNNING;
      s.launchedAt = now(c).replace('Z', '.000000');
      finishAction(c, action, true);
    },
  });
}

function failBuild(c: SimCloud, s: Server, message: string, action: InstanceAction): void {
  s.vmState = 'error';
  s.taskState = null;
  s.powerState = PowerState.NOSTATE;
  s.fault = { code: 500, message, details: `  File "nova/conductor/manager.py", in schedule_and_build_instances\n${message}`, created: now(c) };
  c.hosts.release(s.id);
  releasePorts(c, s);
  finishAction(c, action, false, message);
}

/** os-stop / os-start: powering-off → SHUTOFF, powering-on → ACTIVE. */
export function powerAction(ctx: RequestContext, server: Server, action: 'stop' | 'start'): void {
  const problem = invalidStateMessage(server, action);
  if (problem) throw new ApiError(409, problem);
  const c = ctx.cloud;
  const record = recordAction(ctx, server, action, action === 'stop' ? 'compute_stop_instance' : 'compute_start_instance');
  server.taskState = action === 'stop' ? 'powering-off' : 'powering-on';
  server.updatedAt = now(c);
  c.progression.start('server-action', server.id, [server.taskState, action === 'stop' ? 'SHUTOFF' : 'ACTIVE'], {
    onState: (change) => {
      if (!change.final) return;
      const s = servers(c).get(server.id);
      if (!s) return;
      s.taskState = null;
      s.updatedAt = now(c);
      if (change.failed) {
        finishAction(c, record, false, change.message);
        return;
      }
      s.vmState = action === 'stop' ? 'stopped' : 'active';
      s.powerState = action === 'stop' ? PowerState.SHUTDOWN : PowerState.RUNNING;
      finishAction(c, record, true);
    },
  });
}

/** DELETE /servers/{id}: task_state deleting, then gone (allocations, ports, volumes released). */
export function deleteServer(ctx: RequestContext, server: Server): void {
  if (server.locked && !ctx.auth?.roles.includes('admin')) throw new ApiError(409, `Instance ${server.id} is locked`);
  const c = ctx.cloud;
  recordAction(ctx, server, 'delete', 'compute_terminate_instance');
  server.taskState = 'deleting';
  server.updatedAt = now(c);
  c.progression.cancel('server', server.id);
  c.progression.start('server-action', server.id, ['deleting', 'DELETED'], {
    onState: (change) => {
      if (!change.final) return;
      const s = servers(c).get(server.id);
      if (!s) return;
      if (change.failed) {
        s.vmState = 'error';
        s.taskState = null;
        s.fault = { code: 500, message: change.message ?? 'Delete failed', details: '', created: now(c) };
        return;
      }
      destroy(c, s);
    },
  });
}

function destroy(c: SimCloud, s: Server): void {
  detachAllVolumes(c, s);
  releasePorts(c, s);
  c.hosts.release(s.id);
  for (const m of migrations(c).filter((m) => m.instanceUuid === s.id)) {
    c.hosts.release(m.id);
    c.progression.cancel(ABORT_KIND, m.id);
  }
  c.progression.cancel('migration', s.id);
  s.vmState = 'deleted';
  s.taskState = null;
  servers(c).delete(s.id);
}
