/**
 * What a step executor works with: both clients, the registry of destination IDs by name (filled
 * from the observation and by earlier steps), and progress callbacks. Plus the small helpers
 * every executor needs: HTTP status of an error, "absent is fine" for deletes.
 */
import { codes, isStackshiftError, StackshiftError } from '../../errors.js';
import type { InfraKind } from '../../resources/types.js';
import type { Step } from '../../plan/model.js';
import type { OpenStackClient } from '../openstack/client.js';

/** Destination IDs by `<kind>/<key>`: references are resolved at run time, not planning time. */
export class IdRegistry {
  private readonly ids = new Map<string, string>();
  set(kind: InfraKind, key: string, id: string): void {
    this.ids.set(`${kind}/${key}`, id);
  }
  delete(kind: InfraKind, key: string): void {
    this.ids.delete(`${kind}/${key}`);
  }
  find(kind: InfraKind, key: string): string | undefined {
    return this.ids.get(`${kind}/${key}`);
  }
  get(kind: InfraKind, key: string): string {
    const id = this.find(kind, key);
    if (id === undefined) throw new StackshiftError(codes.NOT_FOUND, `${kind} '${key}' does not exist in the destination`, { hint: 'it is created by an earlier step or must exist already; see the plan for what creates it' });
    return id;
  }
}

export interface StepContext {
  destination: OpenStackClient;
  source: OpenStackClient;
  /** Admin of the destination, for flavors (Nova lets only admins create them); else destination. */
  admin?: OpenStackClient;
  projectId: string;
  ids: IdRegistry;
  /** Image bytes copied so far, for progress. */
  onBytes?: (n: number) => void;
  /** Set when the pass is stopped (SIGTERM): a long step (an image copy) stops its transfer. */
  signal?: AbortSignal;
  /**
   * Which attempt of the step this is (1, 2, ...). On the first, the plan's observation, made
   * moments before under the pass's lock, already showed the resource absent: a create need not
   * look for it again. A retry looks, since the attempt before may have made it and lost the answer.
   */
  attempt?: number;
  /** The steps of the plan being run: a step may make what a later one asks for (see madeFor). */
  plannedSteps?: readonly Step[];
  /**
   * Step id → the ID of what an earlier step already made for it (a new security group keeps
   * Neutron's default egress rules that rule steps want): that step only records it.
   */
  madeFor?: Map<string, string>;
}

/** What one step did, as the data of its outcome event. */
export interface StepOutcome {
  type: 'ResourceCreated' | 'ResourceUpdated' | 'ResourceDeleted';
  id: string;
  /** Extra, past-tense facts (ImageDataCopied with its checksums). */
  also?: { type: string; data: Record<string, unknown> }[];
  /** True when the resource already existed (a create repeated after a crash). */
  found?: boolean;
  requestId?: string;
}

export function httpStatus(err: unknown): number | undefined {
  return isStackshiftError(err) && typeof err.data.status === 'number' ? err.data.status : undefined;
}

/** Runs a delete call; a 404 means someone (or an earlier attempt) already deleted it. */
export async function deleteIgnoringAbsent(call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (err) {
    if (httpStatus(err) !== 404) throw err;
  }
}
