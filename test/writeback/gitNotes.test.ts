import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { test } from 'node:test';
import { runEvents } from '../../src/commands/events.js';
import type { PassRecord } from '../../src/daemon/loop.js';
import type { PassFunction } from '../../src/daemon/passContract.js';
import { runDaemon } from '../../src/daemon/runDaemon.js';
import { commitEvent } from '../../src/events/catalog.js';
import { openFileEventStore } from '../../src/events/fileStore.js';
import type { EventStore } from '../../src/events/store.js';
import { verifyEventLog } from '../../src/events/verify.js';
import { systemClock } from '../../src/wiring.js';
import { parsePassNote } from '../../src/writeback/passNote.js';
import { createGitRepo } from '../fixtures/gitRepo.js';
import { tempDir } from '../fixtures/tempDir.js';
import { serveGitOverHttp } from '../source/gitHttpServer.js';

const token = 'tok-notes-0123456789';
const git = (gitdir: string, ...args: string[]) => execFileSync('git', ['--git-dir', gitdir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const note = (gitdir: string, commit: string) => git(gitdir, 'notes', '--ref=stackshift', 'show', commit);

/** A pass that records what a real one does on `commit:<sha>`: 3 steps, one blocked, one pending. */
const fakePass = (store: EventStore): PassFunction<Record<never, never>> => async (_deps, input) => {
  const record = (type: Parameters<typeof commitEvent>[0], data: Record<string, unknown>) => store.append(`commit:${input.commit}`, [commitEvent(type, data as never, input.commit)]);
  await record('CommitObserved', { reason: input.reason, repo: 'test' });
  await store.append('resource:network/net-a', [{ type: 'StepStarted', data: { step: 'create network/net-a' } }]);
  await record('CommitApplied', { steps: 3, changes: 3, completed: 2, failed: 0, skipped: 1, pending: 1 });
  return { result: 'applied', commit: input.commit, changes: 3, failedSteps: 0, pending: 1 };
};

async function fixture() {
  const work = await createGitRepo({ 'state.yml': 'v1' });
  const root = await tempDir('stackshift-remote-');
  const bare = join(root, 'desired.git');
  execFileSync('git', ['clone', '--quiet', '--bare', work.dir, bare]);
  const server = await serveGitOverHttp(root, { username: 'x-access-token', password: token });
  const stateDir = await tempDir('stackshift-state-');
  const store = await openFileEventStore(stateDir, { clock: systemClock });
  const close = async () => {
    await store.close();
    await server.close();
    await work.cleanup();
  };
  return { work, bare, server, stateDir, store, url: `${server.url}/${basename(bare)}`, close };
}

test('after each pass the daemon notes the commit (outcome, counts, event range, log head) and pushes refs/notes/stackshift', async () => {
  const f = await fixture();
  const stop = new AbortController();
  const lines: string[] = [];
  const passes: PassRecord[] = [];
  try {
    const head = await f.work.head();
    await runDaemon(
      { repo: f.url, stateDir: f.stateDir, pollIntervalMs: 3_600_000, driftIntervalMs: 0, writeBack: { notesRef: 'refs/notes/stackshift' } },
      {
        clock: systemClock, log: (l) => lines.push(l), store: f.store, env: { STACKSHIFT_GIT_TOKEN: token },
        makeDeps: async () => ({}), pass: fakePass(f.store),
        onPass: (r) => {
          passes.push(r);
          stop.abort();
        },
      },
      stop.signal,
    );
    assert.equal(passes.length, 1);
    const text = note(f.bare, head);
    const fields = parsePassNote(text);
    assert.match(text, /^stackshift commit pass: applied \(2 applied, 0 failed, 1 blocked, 1 pending\)\n/);
    assert.deepEqual(
      { outcome: fields.Outcome, applied: fields.Applied, failed: fields.Failed, blocked: fields.Blocked, pending: fields.Pending, events: fields.Events },
      { outcome: 'applied', applied: '2', failed: '0', blocked: '1', pending: '1', events: '0..2' },
    );
    const verified = await verifyEventLog(f.stateDir);
    assert.equal(fields['Log-Head'], `sha256:${verified.headHash}`, 'the note anchors the hash chain head');
    assert.equal(fields['Log-Records'], '3');
    // The anchor still checks out once the log has grown past it.
    await f.store.append('workload:web-1', [{ type: 'WorkloadPreflightPassed', data: {} }]);
    const out: string[] = [];
    const anchor = `${fields['Log-Head']}@${fields['Log-Records']}`;
    assert.equal(await runEvents(['verify', '--anchor', anchor, '--state', f.stateDir], { interactive: false, out: (t) => out.push(t), err: () => undefined }), 0);
    assert.match(out[0]!, /^ok: the first 3 events hash to /);
    assert.ok(lines.every((l) => !l.includes(token)), 'the token is never logged');
    assert.ok(!lines.some((l) => l.startsWith('warning')), lines.join('\n'));
  } finally {
    stop.abort();
    await f.close();
  }
});

/** Runs the daemon on the fixture until stopped; `nextPass()` waits for one more pass. */
function daemonOn(f: Awaited<ReturnType<typeof fixture>>, lines: string[], stop: AbortController) {
  const passes: PassRecord[] = [];
  let waiter: (() => void) | undefined;
  let poke = () => undefined as void;
  const running = runDaemon(
    { repo: f.url, stateDir: f.stateDir, pollIntervalMs: 3_600_000, driftIntervalMs: 0, writeBack: { notesRef: 'refs/notes/stackshift' } },
    {
      clock: systemClock, log: (l) => lines.push(l), store: f.store, env: { STACKSHIFT_GIT_TOKEN: token },
      makeDeps: async () => ({}), pass: fakePass(f.store),
      onPass: (r) => {
        passes.push(r);
        waiter?.();
      },
      onStarted: ({ loop }) => (poke = () => loop.poke()),
    },
    stop.signal,
  );
  const nextPass = () => new Promise<void>((done) => (waiter = done));
  return { running, passes, nextPass, poke: () => poke() };
}

test('a refused notes push is a warning, the pass still counts, and the next pass pushes both notes', async () => {
  const f = await fixture();
  const stop = new AbortController();
  const lines: string[] = [];
  try {
    const first = await f.work.head();
    // The server declines notes until told otherwise (as a branch protection or a full disk would).
    const flag = join(dirname(f.bare), 'decline');
    await writeFile(flag, '');
    await writeFile(join(f.bare, 'hooks', 'pre-receive'), `#!/bin/sh\n[ -e '${flag}' ] && { echo 'notes are declined' >&2; exit 1; }\nexit 0\n`, { mode: 0o755 });
    const d = daemonOn(f, lines, stop);
    const firstPass = d.nextPass();
    await firstPass;
    assert.equal(d.passes[0]?.outcome?.result, 'applied', 'the pass is not failed by write-back');
    assert.ok(lines.some((l) => /^warning: cannot push refs\/notes\/stackshift \(tried again after the next pass\)/.test(l)), lines.join('\n'));
    assert.throws(() => note(f.bare, first), 'nothing reached the remote');

    await rm(flag);
    const second = await pushCommit(f.bare, f.work.dir);
    const passed = d.nextPass();
    d.poke();
    await passed;
    assert.match(note(f.bare, first), /Outcome: applied/, 'the note refused before is pushed now');
    assert.match(note(f.bare, second), /Outcome: applied/);
    assert.ok(lines.every((l) => !l.includes(token)));
    stop.abort();
    await d.running;
  } finally {
    stop.abort();
    await f.close();
  }
});

test('notes already on the remote (another clone wrote them) are kept: ours are added on top, not forced', async () => {
  const f = await fixture();
  const stop = new AbortController();
  const lines: string[] = [];
  try {
    const older = await f.work.head();
    const head = await pushCommit(f.bare, f.work.dir);
    git(f.bare, 'notes', '--ref=stackshift', 'add', '-m', 'noted by an earlier daemon', older);
    const d = daemonOn(f, lines, stop);
    await d.nextPass();
    stop.abort();
    await d.running;
    assert.equal(note(f.bare, older), 'noted by an earlier daemon\n');
    assert.match(note(f.bare, head), /^stackshift commit pass: applied/);
    assert.ok(lines.some((l) => l === 'refs/notes/stackshift had moved on the remote: 1 note(s) from here added on top of it'), lines.join('\n'));
    assert.ok(!lines.some((l) => l.startsWith('warning')), lines.join('\n'));
  } finally {
    stop.abort();
    await f.close();
  }
});

/** Commits in the work tree and pushes the branch to the bare remote with the git CLI. */
async function pushCommit(bare: string, dir: string): Promise<string> {
  execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '--quiet', '--allow-empty', '-m', 'second']);
  execFileSync('git', ['-C', dir, 'push', '--quiet', bare, 'main']);
  return execFileSync('git', ['-C', dir, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
}

test('a local repository gets the note in place; a drift pass that changed nothing leaves it alone', async () => {
  const repo = await createGitRepo({ 'state.yml': 'v1' });
  const stateDir = await tempDir('stackshift-state-');
  const store = await openFileEventStore(stateDir, { clock: systemClock });
  const stop = new AbortController();
  const lines: string[] = [];
  let passes = 0;
  try {
    const head = await repo.head();
    await runDaemon(
      { repo: repo.dir, stateDir, pollIntervalMs: 3_600_000, driftIntervalMs: 0, writeBack: { notesRef: 'refs/notes/stackshift' } },
      {
        clock: systemClock, log: (l) => lines.push(l), store,
        makeDeps: async () => ({}),
        pass: async (deps, input) => (input.reason === 'drift' ? { result: 'unchanged', commit: input.commit, changes: 0, failedSteps: 0 } : fakePass(store)(deps, input)),
        onPass: (r, loop) => {
          if (++passes === 1) loop.poke({ drift: true });
          else {
            assert.equal(r.reason, 'drift');
            stop.abort();
          }
        },
      },
      stop.signal,
    );
    assert.equal(passes, 2);
    const text = note(join(repo.dir, '.git'), head);
    assert.match(text, /^stackshift commit pass: applied/, 'the drift pass did not replace the note');
    assert.ok(!lines.some((l) => l.startsWith('warning')), lines.join('\n'));
  } finally {
    stop.abort();
    await store.close();
    await repo.cleanup();
  }
});
