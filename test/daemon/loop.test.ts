import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StoredEvent } from '../../src/events/store.js';
import { createDaemonLoop, type DaemonLoopOptions, type PassRecord } from '../../src/daemon/loop.js';
import type { PassInput, PassOutcome } from '../../src/daemon/passContract.js';
import { openGitSource } from '../../src/source/gitSource.js';
import { createGitRepo, type GitRepoFixture } from '../fixtures/gitRepo.js';
import { virtualClock } from './virtualClock.js';

type Verdict = (input: PassInput) => PassOutcome['result'] | Promise<PassOutcome['result']>;

const event = (position: number, type: string, commit: string): StoredEvent => ({
  id: `e${position}`, stream: `commit:${commit}`, type, version: 0, position, time: '2026-01-01T00:00:00Z', commit, data: {},
});

/** A loop over a real repository with a fake pass that records its calls. */
async function harness(repo: GitRepoFixture, verdict: Verdict, extra: Partial<DaemonLoopOptions<{ tag: string }>> = {}) {
  const source = await openGitSource({ repo: repo.dir });
  const calls: Array<{ reason: string; commit: string; tag: string; hasSignal: boolean; reads: string }> = [];
  const records: PassRecord[] = [];
  const clock = virtualClock();
  const loop = createDaemonLoop({
    source, clock, deps: { tag: 'deps' }, store: { readAll: async function* () {} },
    pollIntervalMs: 30_000, driftIntervalMs: 600_000, random: () => 0.5,
    pass: async (deps, input) => {
      calls.push({ reason: input.reason, commit: input.commit, tag: deps.tag, hasSignal: deps.signal instanceof AbortSignal,
        reads: Buffer.from(await input.reader.read('state.yml')).toString() });
      return { result: await verdict(input), commit: input.commit, changes: 1, failedSteps: 0 };
    },
    ...extra,
    onPass: async (r) => {
      records.push(r);
      await extra.onPass?.(r);
    },
  });
  return { loop, calls, records, clock };
}

test('a new commit gets a commit pass once; the current commit gets periodic drift passes', async () => {
  const repo = await createGitRepo({ 'state.yml': 'v1' });
  try {
    const stop = new AbortController();
    const lines: string[] = [];
    const h = await harness(repo, () => 'applied', {
      log: (l) => lines.push(l),
      onPass: (r) => {
        if (r.reason === 'drift' && r.commit !== first) stop.abort();
        if (h.calls.length === 2) void repo.commit({ 'state.yml': 'v2' }).then((c) => (second = c));
      },
    });
    const first = await repo.head();
    let second = '';
    await h.loop.run(stop.signal);
    const commitPasses = h.calls.filter((c) => c.reason === 'commit');
    assert.deepEqual(commitPasses.map((c) => c.reads), ['v1', 'v2'], 'one commit pass per new head, reading that commit');
    assert.deepEqual(commitPasses.map((c) => c.commit), [first, second]);
    assert.ok(lines.includes(`${second.slice(0, 7)}: 1 file(s) changed since ${first.slice(0, 7)}: modified state.yml`), lines.join('\n'));
    assert.ok(h.calls.every((c) => c.tag === 'deps' && c.hasSignal));
    const drift = h.calls.filter((c) => c.reason === 'drift');
    assert.ok(drift.length >= 2 && drift[0]?.commit === first && drift.at(-1)?.commit === second);
    const status = h.loop.status();
    assert.equal(status.current, second);
    assert.equal(status.running, null);
    // polls at 30 s + 10 % of 0.5 jitter = 31.5 s, drift every 630 s: the schedule is jittered, not exact
    assert.equal((status.nextDriftAt ?? 0) - (h.records.at(-1)?.finishedAt ?? 0), 630_000);
  } finally {
    await repo.cleanup();
  }
});

test('a rejected commit keeps the last good one, is not retried, and the next good commit is applied', async () => {
  const repo = await createGitRepo({ 'state.yml': 'good-1' });
  try {
    const stop = new AbortController();
    let bad = '';
    let good2 = '';
    const h = await harness(repo, (input) => (input.reader.label && input.commit === bad ? 'rejected' : 'applied'), {
      onPass: async (r) => {
        if (h.calls.length === 1) bad = await repo.commit({ 'state.yml': 'bad' });
        if (r.reason === 'drift' && !good2) {
          assert.equal(r.commit, good1, 'drift re-plans the last good commit, not the rejected head');
          assert.equal(h.loop.status().current, good1);
          good2 = await repo.commit({ 'state.yml': 'good-2' });
        }
        if (r.commit === good2 && r.reason === 'commit') stop.abort();
      },
    });
    const good1 = await repo.head();
    await h.loop.run(stop.signal);
    assert.deepEqual(h.calls.map((c) => `${c.reason}:${c.reads}`), ['commit:good-1', 'commit:bad', 'drift:good-1', 'commit:good-2']);
    assert.equal(h.loop.status().current, good2);
  } finally {
    await repo.cleanup();
  }
});

test('a failed pass is retried on the next poll; a pass that throws is recorded and retried too', async () => {
  const repo = await createGitRepo({ 'state.yml': 'v1' });
  try {
    const stop = new AbortController();
    let n = 0;
    const h = await harness(repo, () => {
      n++;
      if (n === 1) return 'failed';
      if (n === 2) throw new Error('cloud unreachable');
      stop.abort();
      return 'applied';
    });
    await h.loop.run(stop.signal);
    assert.deepEqual(h.records.map((r) => r.outcome?.result ?? `error: ${r.error}`), ['failed', 'error: cloud unreachable', 'applied']);
    assert.deepEqual(h.records.map((r) => r.startedAt - (h.records[0]?.startedAt ?? 0)), [0, 31_500, 63_000], 'retries wait for the poll interval');
  } finally {
    await repo.cleanup();
  }
});

test('one pass at a time: pokes during a pass coalesce into one more check; stop aborts the pass in flight', async () => {
  const repo = await createGitRepo({ 'state.yml': 'v1' });
  try {
    const stop = new AbortController();
    let inFlight = 0;
    let maxInFlight = 0;
    let release!: () => void;
    const blocked = new Promise<void>((done) => (release = done));
    let passSignal: AbortSignal | undefined;
    const source = await openGitSource({ repo: repo.dir });
    let syncs = 0;
    const counting = { label: source.label, branch: source.branch, reader: source.reader, sync: () => (syncs++, source.sync()) };
    const loop = createDaemonLoop({
      source: counting, clock: virtualClock(), deps: {}, store: { readAll: async function* () {} },
      pollIntervalMs: 30_000, driftIntervalMs: 0,
      pass: async (deps, input) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        if (input.reason === 'commit' && syncs === 1) await blocked;
        passSignal = deps.signal;
        if (syncs >= 2) await new Promise<void>((done) => deps.signal?.addEventListener('abort', () => done()));
        inFlight--;
        return { result: deps.signal?.aborted ? 'stopped' : 'applied', commit: input.commit, changes: 0, failedSteps: 0 };
      },
    });
    const running = loop.run(stop.signal);
    while (loop.status().running === null) await new Promise((d) => setImmediate(d));
    await repo.commit({ 'state.yml': 'v2' });
    loop.poke();
    loop.poke();
    loop.poke();
    assert.equal(syncs, 1, 'no check starts while a pass runs');
    release();
    while (loop.status().passes < 1 || loop.status().running === null) await new Promise((d) => setImmediate(d));
    assert.equal(syncs, 2, 'the three pokes became exactly one check, right after the pass');
    stop.abort();
    await running;
    assert.equal(maxInFlight, 1);
    assert.equal(passSignal?.aborted, true, 'the pass in flight saw the stop');
    assert.equal(loop.status().lastPass?.outcome?.result, 'stopped');
  } finally {
    await repo.cleanup();
  }
});

test('on start it resumes from the event log: an interrupted pass is resumed, an applied head is passed once more as a resume', async () => {
  const repo = await createGitRepo({ 'state.yml': 'v1' });
  try {
    const a = await repo.head();
    const b = await repo.commit({ 'state.yml': 'v2' });
    const cases: Array<{ events: StoredEvent[]; expect: string[] }> = [
      { events: [event(0, 'CommitObserved', a), event(1, 'CommitApplied', a), event(2, 'CommitObserved', b), event(3, 'StepStarted', b)], expect: [`resume:${b}`] },
      { events: [event(0, 'CommitObserved', a), event(1, 'CommitApplied', a)], expect: [`commit:${b}`] },
      { events: [event(0, 'CommitObserved', b), event(1, 'CommitApplied', b)], expect: [`resume:${b}`] },
      { events: [event(0, 'CommitApplied', a), event(1, 'CommitObserved', b), event(2, 'DesiredStateRejected', b)], expect: [] },
    ];
    for (const c of cases) {
      const stop = new AbortController();
      const h = await harness(repo, () => 'applied', {
        driftIntervalMs: 0,
        store: { readAll: async function* () { yield* c.events; } },
        onPass: () => stop.abort(),
      });
      const running = h.loop.run(stop.signal);
      // Let the start-up and a few polls happen, then stop.
      while (h.clock.slept() < 100_000 && !stop.signal.aborted) await new Promise((d) => setImmediate(d));
      stop.abort();
      await running;
      assert.deepEqual(h.calls.map((x) => `${x.reason}:${x.commit}`), c.expect);
      const lastApplied = c.events.filter((e) => e.type === 'CommitApplied').at(-1)?.commit;
      if (c.expect.length === 0) assert.equal(h.loop.status().current, lastApplied);
    }
  } finally {
    await repo.cleanup();
  }
});

test('a flood of pokes is at most one branch check per second', async () => {
  const repo = await createGitRepo({ 'state.yml': 'v1' });
  try {
    const source = await openGitSource({ repo: repo.dir });
    const checks: number[] = [];
    const clock = virtualClock();
    const stop = new AbortController();
    const loop = createDaemonLoop({
      source: { label: source.label, branch: source.branch, reader: source.reader, sync: () => (checks.push(clock.now()), source.sync()) },
      clock, deps: {}, store: { readAll: async function* () {} }, pollIntervalMs: 3_600_000, driftIntervalMs: 0,
      pass: async (_deps, input) => ({ result: 'applied', commit: input.commit, changes: 0, failedSteps: 0 }),
    });
    const running = loop.run(stop.signal);
    while (loop.status().passes === 0) await new Promise((d) => setImmediate(d));
    for (let i = 0; i < 200; i++) {
      loop.poke();
      await new Promise((d) => setTimeout(d, 1));
    }
    stop.abort();
    await running;
    const gaps = checks.slice(1).map((t, i) => t - (checks[i] ?? 0));
    assert.ok(checks.length >= 3, `${checks.length} checks`);
    assert.ok(gaps.every((g) => g >= 1000), `gaps ${gaps.join(', ')}`);
  } finally {
    await repo.cleanup();
  }
});
