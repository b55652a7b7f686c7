/**
 * The fingerprint of what a plan was computed against: the observed destination (IDs, specs,
 * markers) and the source image identities. A saved plan applies only while it is unchanged,
 * as Terraform refuses a stale plan.
 */
import { createHash } from 'node:crypto';
import { canonical } from '../resources/common.js';
import type { SourceImages } from './desiredItems.js';
import type { ObservedState } from './model.js';

export function observedFingerprint(observed: ObservedState, sourceImages: SourceImages = {}): string {
  const hash = createHash('sha256');
  const rows = observed.items.map((i) => `${i.kind}\u0000${i.key}\u0000${i.id}\u0000${i.managed ? 1 : 0}\u0000${canonical(i.spec)}`).sort();
  for (const row of rows) hash.update(row).update('\n');
  hash.update(canonical(sourceImages));
  return `sha256:${hash.digest('hex')}`;
}
