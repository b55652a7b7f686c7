/**
 * How many steps may hold a slot at once, from stackshift.yaml: `pair:<name>` slots are a
 * conversion-host pair's parallel transfers (transfer.parallelTransfersPerPair); anything else
 * (a source node's moves, an Ironic node) runs one step at a time.
 */
import type { StackshiftConfig } from '../desired/model.js';

export function slotLimits(config: () => StackshiftConfig | undefined): (slot: string) => number {
  return (slot) => (slot.startsWith('pair:') ? (config()?.transfer.parallelTransfersPerPair ?? 2) : 1);
}
