/**
 * Nova's server state rules: the vm_state × task_state → status map of
 * nova/api/openstack/common.py, and the @check_instance_state guards each action applies
 * (a non-null task_state blocks every action; the vm_state must be one the action accepts).
 */
import type { Server, TaskState, VmState } from './model.js';

const STATUS_MAP: Record<VmState, { default: string } & Partial<Record<NonNullable<TaskState>, string>>> = {
  active: {
    default: 'ACTIVE',
    rebuilding: 'REBUILD',
    migrating: 'MIGRATING',
    resize_prep: 'RESIZE',
    resize_migrating: 'RESIZE',
    resize_migrated: 'RESIZE',
    resize_finish: 'RESIZE',
  },
  building: { default: 'BUILD' },
  stopped: {
    default: 'SHUTOFF',
    resize_prep: 'RESIZE',
    resize_migrating: 'RESIZE',
    resize_migrated: 'RESIZE',
    resize_finish: 'RESIZE',
    rebuilding: 'REBUILD',
  },
  resized: { default: 'VERIFY_RESIZE', resize_reverting: 'REVERT_RESIZE' },
  paused: { default: 'PAUSED', migrating: 'MIGRATING' },
  error: { default: 'ERROR', rebuilding: 'REBUILD' },
  deleted: { default: 'DELETED' },
};

export function serverStatus(vmState: VmState, taskState: TaskState): string {
  const row = STATUS_MAP[vmState];
  return (taskState && row[taskState]) || row.default;
}

/** Reverse of serverStatus for the `status` list filter: which vm_states a status names. */
export function vmStatesForStatus(status: string): VmState[] {
  const upper = status.toUpperCase();
  return (Object.keys(STATUS_MAP) as VmState[]).filter((vm) => STATUS_MAP[vm].default === upper);
}

/** Which vm_states each action accepts (task_state must be null for all of them). */
export const ACTION_VM_STATES: Record<string, VmState[]> = {
  stop: ['active', 'error'],
  start: ['stopped'],
  createImage: ['active', 'stopped', 'paused'],
  'os-migrateLive': ['active', 'paused'],
  migrate: ['active', 'stopped'],
  confirmResize: ['resized'],
  revertResize: ['resized'],
  evacuate: ['active', 'stopped', 'error'],
  attach_volume: ['active', 'paused', 'stopped'],
  detach_volume: ['active', 'paused', 'stopped', 'resized'],
  delete: ['active', 'building', 'stopped', 'resized', 'paused', 'error'],
};

/**
 * Returns Nova's 409 message when `action` is not allowed now, or null when it is. Delete is
 * allowed whatever the task_state (Nova lets you delete a server stuck mid-task).
 */
export function invalidStateMessage(server: Server, action: string): string | null {
  const allowed = ACTION_VM_STATES[action];
  if (!allowed) throw new Error(`no state rule for action ${action}`);
  if (action !== 'delete' && server.taskState !== null) {
    return `Cannot '${action}' instance ${server.id} while it is in task_state ${server.taskState}`;
  }
  if (!allowed.includes(server.vmState)) {
    return `Cannot '${action}' instance ${server.id} while it is in vm_state ${server.vmState}`;
  }
  return null;
}
