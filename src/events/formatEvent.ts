/** One line per event for people (`events tail`, `events show`); `--json` prints the event as is. */
import type { StoredEvent } from './store.js';

const DATA_WIDTH = 120;

export function formatEventLine(event: StoredEvent): string {
  const data = JSON.stringify(event.data);
  const shown = data.length > DATA_WIDTH ? `${data.slice(0, DATA_WIDTH - 1)}…` : data;
  const commit = event.commit ? event.commit.slice(0, 7) : '-';
  return `#${event.position}  ${event.time}  ${event.stream}@${event.version}  ${event.type}  ${commit}  ${shown}`;
}
