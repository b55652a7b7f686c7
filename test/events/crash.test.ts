import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { it } from 'node:test';
import ts from 'typescript';
import { openFileEventStore } from '../../src/events/fileStore.js';
import { verifyEventLog } from '../../src/events/verify.js';
import { tempStateDir } from './fixture.js';

const ROOT = join(import.meta.dirname, '..', '..');
const KILLS = 20;

/**
 * Transpiles the child and the modules it loads to plain JavaScript once, so each of the many
 * child processes starts in tens of milliseconds instead of paying for the TypeScript loader.
 */
async function compileChild(into: string): Promise<string> {
  const sources = [
    ...(await readdir(join(ROOT, 'src/events'))).filter((f) => f.endsWith('.ts')).map((f) => `src/events/${f}`),
    'src/errors.ts', 'src/ports.ts', 'src/systemClock.ts', 'test/events/crashChild.ts',
  ];
  for (const source of sources) {
    const { outputText } = ts.transpileModule(await readFile(join(ROOT, source), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    });
    const out = join(into, source.replace(/\.ts$/, '.js'));
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, outputText);
  }
  await writeFile(join(into, 'package.json'), '{"type":"module"}');
  await symlink(join(ROOT, 'node_modules'), join(into, 'node_modules'));
  return join(into, 'test/events/crashChild.js');
}

/** Starts the child, lets it append for `ms` after it is ready, SIGKILLs it; returns acked ids. */
function runAndKill(childJs: string, dir: string, run: number, ms: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childJs, dir, String(run)], { stdio: ['ignore', 'pipe', 'pipe'] });
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
  const childJs = await compileChild(await tempStateDir());
  const acked: string[] = [];
  for (let run = 0; run < KILLS; run++) {
    acked.push(...(await runAndKill(childJs, dir, run, Math.floor(Math.random() * 120))));
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
