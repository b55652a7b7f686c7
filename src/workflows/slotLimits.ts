/**
 * How many steps may hold a slot at once, from stackshift.yaml: `pair:<name>` slots are a
 * conversion-host pair's parallel transfers (transfer.parallelTransfersPerPair), and so is
 * `images` (the image path's Glance-to-Glance streams); anything else
 * (a source node's moves, an Ironic node) runs one step at a time.
 */
import type { StackshiftConfig } from '../desired/model.js';

export function slotLimits(config: () => StackshiftConfig | undefined): (slot: string) => number {
  // The image path's streams pass through the daemon: as many at once as one pair's transfers.
  return (slot) => (slot.startsWith('pair:') || slot === 'images' ? (config()?.transfer.parallelTransfersPerPair ?? 2) : 1);
}
