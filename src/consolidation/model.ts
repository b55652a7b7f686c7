/**
 * The estate a consolidation planner reasons about: compute hosts with their schedulable
 * capacity and current usage (both from Placement), the servers on them with the resources
 * their allocations hold, and server groups whose policies bind where members may go.
 * Pure data: readEstate.ts fills it from a cloud, tests and the bench generate it.
 */

export const RESOURCE_CLASSES = ['VCPU', 'MEMORY_MB', 'DISK_GB'] as const;
export type ResourceClass = (typeof RESOURCE_CLASSES)[number];
export type Resources = Record<ResourceClass, number>;

export interface Host {
  /** Nova compute service host (also the hypervisor and resource-provider name here). */
  name: string;
  /** Availability zone of the compute service; servers never leave it. */
  zone: string;
  /** Schedulable amount per class: (total − reserved) × allocation_ratio from Placement. */
  capacity: Resources;
  /** Placement usages: every consumer, including in-progress migrations. */
  used: Resources;
  /** Enabled and up: the scheduler may place servers here, so it can receive and be drained. */
  schedulable: boolean;
}

export interface Server {
  id: string;
  name: string;
  host: string;
  /** What the server's allocation holds on its host. */
  resources: Resources;
  /** Nova status (ACTIVE, SHUTOFF, …) when read from a cloud: a stopped server cannot move live. */
  status?: string;
}

/** Hard policies only: soft ones are preferences the scheduler may break, so they bind nothing here. */
export interface ServerGroup {
  id: string;
  name: string;
  policy: 'affinity' | 'anti-affinity' | 'soft-affinity' | 'soft-anti-affinity';
  members: string[];
}

export interface Estate {
  hosts: Host[];
  servers: Server[];
  groups: ServerGroup[];
}

export interface PlanOptions {
  /** Percent of each resource kept free on every host that receives a server (0–90). */
  headroomPercent: number;
  /** At most this many nodes are proposed (undefined: as many as fit). */
  maxNodes?: number;
}

/** One server leaving a drained host, and where it goes. */
export interface Move {
  server: string;
  name: string;
  from: string;
  to: string;
  status?: string;
}

export interface Proposal {
  /** Hosts to drain, in the order they were chosen. */
  drain: string[];
  moves: Move[];
  /** Why each host was or was not chosen, for the operator. */
  reasoning: string[];
}

export const zero = (): Resources => ({ VCPU: 0, MEMORY_MB: 0, DISK_GB: 0 });

export function add(a: Resources, b: Resources): Resources {
  return { VCPU: a.VCPU + b.VCPU, MEMORY_MB: a.MEMORY_MB + b.MEMORY_MB, DISK_GB: a.DISK_GB + b.DISK_GB };
}

/** What a host may hold once it receives servers: capacity less the headroom kept free. */
export function limitOf(host: Host, headroomPercent: number): Resources {
  const keep = 1 - headroomPercent / 100;
  return { VCPU: host.capacity.VCPU * keep, MEMORY_MB: host.capacity.MEMORY_MB * keep, DISK_GB: host.capacity.DISK_GB * keep };
}
