/** A wait, block or done as it is recorded on an item's stream: written once per change. */
import type { Activity, Decision } from './decision.js';
import type { Notice } from './itemState.js';

export function noticeOf(decision: Exclude<Decision<Activity>, { kind: 'run' }>): Notice {
  return { kind: decision.kind, reason: decision.reason, ...(decision.kind === 'wait' && decision.until !== undefined ? { until: decision.until } : {}) };
}

export function sameNotice(a: Notice | undefined, b: Notice): boolean {
  return a !== undefined && a.kind === b.kind && a.reason === b.reason && a.until === b.until;
}
