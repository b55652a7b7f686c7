/**
 * Lays the runner's view of an item over its card from the log. The log is the fresher of the
 * two for what happened (a step started or ended, a wait, block or done recorded: the runner's
 * snapshot is taken after it records them), the runner's view for what the desired state says
 * (wave, selected or not, total size) and for what comes next between two steps.
 */
import type { ItemView } from '../workflows/decideAll.js';
import type { BoardItem } from './boardItem.js';

export function overlayView(card: BoardItem, view: ItemView | undefined): BoardItem {
  if (!view) return card;
  const out: BoardItem = { ...card, desired: view.desired };
  if (view.wave !== undefined) out.wave = view.wave;
  if (card.events === 0) out.phase = view.progress.phase;
  if (view.progress.bytesTotal !== undefined && view.progress.bytesTotal !== card.bytesTotal) {
    out.bytesTotal = view.progress.bytesTotal;
    // The desired size may differ from what preflight found: the time left follows the size.
    const left = out.bytesTotal - (out.bytesDone ?? 0);
    if (out.rateBytesPerSec && left > 0) out.etaSeconds = Math.round(left / out.rateBytesPerSec);
  }
  // The log says what the item does unless it is between two steps: the runner's decision then.
  if (out.state !== 'idle') return out;
  const d = view.decision;
  delete out.reason;
  delete out.fix;
  delete out.until;
  switch (d.kind) {
    case 'blocked':
      return { ...out, state: 'blocked', reason: d.reason, fix: d.fix };
    case 'wait':
      return { ...out, state: 'waiting', reason: d.reason, ...(d.until !== undefined ? { until: new Date(d.until).toISOString() } : {}) };
    case 'done':
      return { ...out, state: 'done', reason: d.reason };
    case 'run':
      return { ...out, state: 'waiting', reason: `next: ${d.activity.title}` };
  }
}
