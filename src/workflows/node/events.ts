/**
 * The facts of a node's reclaim, on its stream `node:<host>`: each is written by the step that
 * made it true, right after it became true in a cloud or on the BMC, and is the resume point of
 * the next step. No BMC password is ever part of one (driver_info is recorded without it).
 */
export interface NodeEvents {
  /** The other hosts can hold this node's servers with the headroom; what was found. */
  NodeCapacityChecked: { serviceId: string; servers: string[]; usage: Record<string, number>; spareAfter: Record<string, number>; serviceDown: boolean };
  /** Nova's compute service is disabled (no new servers land on the node). */
  NodeServiceDisabled: { serviceId: string; reason: string };
  /** The compute service is forced down so its servers may be evacuated (the node is dead). */
  NodeServiceForcedDown: { serviceId: string };
  /** One server left the node: `how` is live-migrate, cold-migrate or evacuate. */
  NodeServerMoved: { server: string; name: string; to: string; how: string; durationMs: number };
  /** A live migration outlived moveTimeout and Nova was asked to abort it; `stayed` says where the server ended. */
  NodeMoveAborted: { server: string; name: string; migration?: number; status?: string; copied?: string; afterMs: number; stayed: boolean };
  /** A move did not happen (judged from the server, not the 202); counted toward the attempt limit. */
  NodeServerMoveFailed: { server: string; name: string; how: string; reason: string };
  /** No servers, no migration in progress and no Placement allocation on the node. */
  NodeQuiesced: { movedServers: number };
  /** The compute service is deleted and its resource provider is gone from Placement. */
  NodeServiceRemoved: { serviceId: string };
  /** Deselected after an evacuation: Nova keeps the host forced down until its compute starts again. */
  NodeForceUpRefused: { serviceId: string; reason: string };
  /** Deselected before removal: the compute service is enabled again. */
  NodeServiceEnabled: { serviceId: string };
  /** Through the BMC: the next boot is PXE and the power state read back. */
  NodePowerSet: { power: 'on' | 'off'; bootDevice: string; bmc: string };
  /** The Ironic node exists in the destination (with its ports). */
  NodeEnrolled: { nodeId: string; ports: string[] };
  /** Ironic verified the BMC and the node is manageable. */
  NodeManaged: { nodeId: string };
  NodeInspected: { nodeId: string; properties: Record<string, unknown> };
  /** Cleaned and available for deployment (only with a wipe-node confirmation). */
  NodeAvailable: { nodeId: string };
  /** The scale-out hook ran and a hypervisor for the node appeared in the destination's Nova. */
  NodeDeployed: { hypervisor: string; hookExitCode: number; durationMs: number };
}

export type NodeEventType = keyof NodeEvents;

/** A node fact, typed by the catalogue above. */
export function nodeEvent<T extends NodeEventType>(type: T, data: NodeEvents[T]) {
  return { type, data: data as unknown as Record<string, unknown> };
}
