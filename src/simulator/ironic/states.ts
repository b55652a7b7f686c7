/**
 * Ironic's provision state machine (ironic/common/states.py), reduced to the verbs stackshift and
 * operators use. A verb accepted in a stable state starts a *transition*: the node moves into a
 * busy state (the conductor holds its lock, so other writes get 409 NodeLocked), optionally a
 * wait state (lock released; only `abort` allowed), and finally into `success` or `failure`.
 */
export type Verb = 'manage' | 'inspect' | 'provide' | 'clean' | 'active' | 'deploy' | 'deleted' | 'undeploy' | 'abort';

export interface Transition {
  /** States the node passes through, in order; the first is entered as soon as the verb is accepted. */
  steps: string[];
  /** The state the node ends in on success / on failure. */
  success: string;
  failure: string;
  /** target_provision_state shown while the transition runs. */
  target: string;
}

const manage: Transition = { steps: ['verifying'], success: 'manageable', failure: 'enroll', target: 'manageable' };
const inspect: Transition = { steps: ['inspecting', 'inspect wait'], success: 'manageable', failure: 'inspect failed', target: 'manageable' };
const provide: Transition = { steps: ['cleaning', 'clean wait'], success: 'available', failure: 'clean failed', target: 'available' };
const clean: Transition = { steps: ['cleaning', 'clean wait'], success: 'manageable', failure: 'clean failed', target: 'manageable' };
const deploy: Transition = { steps: ['deploying', 'wait call-back'], success: 'active', failure: 'deploy failed', target: 'active' };
const undeploy: Transition = { steps: ['deleting', 'cleaning'], success: 'available', failure: 'clean failed', target: 'available' };

/** For each verb, which stable states accept it and what happens. */
const TABLE: Record<Exclude<Verb, 'abort'>, Record<string, Transition | 'immediate'>> = {
  manage: {
    enroll: manage,
    available: 'immediate', // available → manageable needs no conductor work
    'inspect failed': 'immediate',
    'clean failed': 'immediate',
  },
  inspect: { manageable: inspect, 'inspect failed': inspect },
  provide: { manageable: provide },
  clean: { manageable: clean },
  active: { available: deploy, 'deploy failed': deploy },
  deploy: { available: deploy, 'deploy failed': deploy },
  deleted: { active: undeploy, 'deploy failed': undeploy, error: undeploy },
  undeploy: { active: undeploy, 'deploy failed': undeploy, error: undeploy },
};

/** Where `abort` sends a node in each wait state. */
export const ABORT_TARGETS: Record<string, string> = {
  'inspect wait': 'inspect failed',
  'clean wait': 'clean failed',
  'wait call-back': 'deploy failed',
};

/** States in which the conductor holds the node's lock (writes get 409 NodeLocked). */
export const BUSY_STATES = new Set(['verifying', 'inspecting', 'cleaning', 'deploying', 'deleting']);

/** Provision states from which DELETE /v1/nodes/{id} is allowed (DELETE_ALLOWED_STATES). */
export const DELETE_ALLOWED_STATES = ['manageable', 'enroll', 'adopt failed'];

export const VERBS: readonly Verb[] = ['manage', 'inspect', 'provide', 'clean', 'active', 'deploy', 'deleted', 'undeploy', 'abort'];

/** Minimum API version for each verb (MIN_VERB_VERSIONS). */
export const MIN_VERB_VERSIONS: Partial<Record<Verb, string>> = {
  manage: '1.4',
  provide: '1.4',
  inspect: '1.6',
  abort: '1.13',
  clean: '1.15',
};

export type Decision =
  | { kind: 'start'; transition: Transition }
  | { kind: 'immediate'; state: string }
  | { kind: 'abort'; state: string }
  | { kind: 'invalid' };

/** What a verb does to a node in `state` (pure; the caller checks locks and versions first). */
export function decide(verb: Verb, state: string): Decision {
  if (verb === 'abort') {
    const target = ABORT_TARGETS[state];
    return target ? { kind: 'abort', state: target } : { kind: 'invalid' };
  }
  const entry = TABLE[verb][state];
  if (entry === undefined) return { kind: 'invalid' };
  if (entry === 'immediate') return { kind: 'immediate', state: 'manageable' };
  return { kind: 'start', transition: entry };
}

/** Ironic power targets accepted by PUT /v1/nodes/{id}/states/power and what they end in. */
export const POWER_TARGETS: Record<string, 'power on' | 'power off'> = {
  'power on': 'power on',
  'power off': 'power off',
  rebooting: 'power on',
  'soft power off': 'power off',
  'soft rebooting': 'power on',
};
