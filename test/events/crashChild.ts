/**
 * Child process for crash.test.ts: appends in a loop from several concurrent writers (so group
 * commits are in flight) and prints each event id only after its append resolved. The parent
 * kills it with SIGKILL at a random moment.
 */
import { openFileEventStore } from '../../src/events/fileStore.js';

const [dir, run] = process.argv.slice(2) as [string, string];
const store = await openFileEventStore(dir, { segmentBytes: 256 * 1024 });
process.stdout.write('ready\n');
const writers = Array.from({ length: 4 }, async (_, w) => {
  for (let i = 0; ; i++) {
    const id = `${run}-${w}-${i}`;
    const size = 100 + ((i * 7919 + w * 104729) % 6000);
    await store.append(`crash:${w}`, [{ id, type: 'Appended', data: { run, w, i, size, fill: 'x'.repeat(size) } }]);
    process.stdout.write(`${id}\n`);
  }
});
await Promise.all(writers);
