/** One line per event for people (`events tail`, `events show`); `--json` prints the event as is. */
import type { StoredEvent } from './store.js';
import { summariseData } from './summariseData.js';

/** Lines fit a terminal of 120 columns: the data is summarised, whole pairs only (`--json` shows it all). */
export const LINE_WIDTH = 120;

export function formatEventLine(event: StoredEvent): string {
  const commit = event.commit ? event.commit.slice(0, 7) : '-';
  // Time to the second: the date is the same on most lines of a tail and the milliseconds noise.
  const head = `#${event.position} ${event.time.slice(0, 19).replace('T', ' ')} ${commit} ${event.stream} ${event.type}`;
  const room = Math.max(24, LINE_WIDTH - head.length - 1);
  const data = summariseData(event.data, room);
  return data === '' ? head : `${head} ${data}`;
}
