/** One line per event for people (`events tail`, `events show`); `--json` prints the event as is. */
import type { StoredEvent } from './store.js';

/** Lines stay readable in a terminal of 160 columns: long data is cut (`--json` shows it all). */
const LINE_WIDTH = 160;

export function formatEventLine(event: StoredEvent): string {
  const commit = event.commit ? event.commit.slice(0, 7) : '-';
  // Time to the second: the date is the same on most lines of a tail and the milliseconds noise.
  const head = `#${event.position} ${event.time.slice(0, 19).replace('T', ' ')} ${commit} ${event.stream} ${event.type}`;
  const data = JSON.stringify(event.data);
  const room = Math.max(20, LINE_WIDTH - head.length - 1);
  return `${head} ${data.length > room ? `${data.slice(0, room - 1)}…` : data}`;
}
