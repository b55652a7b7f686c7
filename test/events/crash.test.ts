import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { it } from 'node:test';
import { openFileEventStore } from '../../src/events/fileStore.js';
import { verifyEventLog } from '../../src/events/verify.js';
import { tempStateDir } from './fixture.js';

const CHILD = join(import.meta.dirname, 'crashChild.ts');
const KILLS = 20;

/** Starts the child, lets it append for `ms` after it is ready, SIGKILLs it; returns acked ids. */
function runAndKill(dir: string, run: number, ms: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, String(run)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      const before = out;
      out += d.toString();
      if (!before.includes('ready\n') && out.includes('ready\n')) setTimeout(() => child.kill('SIGKILL'), ms);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`child exited by itself (${code}): ${err}`));
      // A line cut by the kill was never fully acknowledged.
      resolve(out.split('\n').slice(0, -1).filter((line) => line !== 'ready'));
    });
  });
}

it(`keeps every acknowledged append through ${KILLS} SIGKILLs at random moments`, { timeout: 60_000 }, async () => {
  const dir = await tempStateDir();
  const acked: string[] = [];
  for (let run = 0; run < KILLS; run++) {
    acked.push(...(await runAndKill(dir, run, Math.floor(Math.random() * 120))));
    const store = await openFileEventStore(dir);
    const seen = new Set<string>();
    let expected = 0;
    for await (const event of store.readAll()) {
      assert.equal(event.position, expected++);
      assert.ok(!seen.has(event.id), `event ${event.id} appears twice`);
      seen.add(event.id);
      // No partial event: the data is exactly what the child built.
      assert.equal((event.data.fill as string).length, event.data.size);
    }
    const missing = acked.filter((id) => !seen.has(id));
    assert.deepEqual(missing, [], `after kill ${run}: acknowledged but lost`);
    await store.close();
    const report = await verifyEventLog(dir);
    assert.equal(report.ok, true, `after kill ${run}: ${JSON.stringify(report.problem)}`);
    assert.equal(report.count, seen.size);
  }
  assert.ok(acked.length > KILLS, `the child acknowledged only ${acked.length} appends`);
});
