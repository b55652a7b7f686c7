import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isStackshiftError } from '../../src/errors.js';
import { lineLog, parseLogFormat } from '../../src/log/lineLog.js';
import { loggedOutput } from '../../src/log/loggedOutput.js';
import { applyProgress } from '../../src/reconcile/progress.js';

const at = Date.UTC(2026, 0, 2, 3, 4, 5);

test('json lines have time, level and msg first, then the fields; one object per line, whatever the message', () => {
  const lines: string[] = [];
  const log = lineLog({ format: 'json', write: (l) => lines.push(l), now: () => at });
  log('commit pass for abc1234: applied (2 changes, 0 failed steps)', { reason: 'commit', commit: 'abc1234ff', result: 'applied', changes: 2, skipped: undefined });
  log('two\nlines "quoted"', { level: 'error', time: 'not mine', msg: 'not mine', level2: true });
  assert.equal(lines.length, 2);
  assert.ok(lines.every((l) => !l.includes('\n')));
  const [first, second] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(Object.keys(first!), ['time', 'level', 'msg', 'reason', 'commit', 'result', 'changes']);
  assert.deepEqual(first, { time: '2026-01-02T03:04:05.000Z', level: 'info', msg: 'commit pass for abc1234: applied (2 changes, 0 failed steps)', reason: 'commit', commit: 'abc1234ff', result: 'applied', changes: 2 });
  assert.deepEqual(second, { time: '2026-01-02T03:04:05.000Z', level: 'error', msg: 'two\nlines "quoted"', level2: true }, 'a field cannot overwrite time, level or msg');
});

test('the text format is the human one: the time when asked, level words when asked, no fields', () => {
  const lines: string[] = [];
  lineLog({ format: 'text', write: (l) => lines.push(l), now: () => at, timestamps: true })('listening', { url: 'http://x' });
  lineLog({ format: 'text', write: (l) => lines.push(l), now: () => at, levelWords: true })('admin cloud missing', { level: 'warn' });
  lineLog({ format: 'text', write: (l) => lines.push(l), now: () => at })('plain', { level: 'warn' });
  assert.deepEqual(lines, ['2026-01-02T03:04:05.000Z listening', 'warning: admin cloud missing', 'plain']);
});

test('--log-format accepts text and json (text by default) and nothing else', () => {
  assert.equal(parseLogFormat(undefined), 'text');
  assert.equal(parseLogFormat('json'), 'json');
  const err = (() => {
    try {
      parseLogFormat('xml');
    } catch (e) {
      return e;
    }
  })();
  assert.ok(isStackshiftError(err) && err.exitCode === 2 && /text or json/.test(err.message));
});

test('with json, an apply\'s step lines are JSON with the step as fields, and no progress bar is drawn', () => {
  const err: string[] = [];
  const out: string[] = [];
  const terminal = { out: (t: string) => out.push(t), err: (t: string) => err.push(t), interactive: true };
  const log = lineLog({ format: 'json', write: (l) => err.push(l), now: () => at });
  const output = loggedOutput(terminal, log, 'json');
  assert.equal(output.interactive, false);
  const progress = applyProgress(output, 2);
  progress.stepStarted({ id: 'create:network/web' });
  progress.stepDone({ id: 'create:network/web' }, true);
  progress.stepStarted({ id: 'create:subnet/web/a' });
  progress.stepDone({ id: 'create:subnet/web/a' }, false);
  output.err('a stray diagnostic\n');
  output.out('abc: applied 1 step(s)');
  const entries = err.map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(entries.map((e) => [e.level, e.step, e.done, e.total, e.ok]), [
    ['info', 'create:network/web', undefined, undefined, undefined], ['info', 'create:network/web', 1, 2, true],
    ['info', 'create:subnet/web/a', undefined, undefined, undefined], ['error', 'create:subnet/web/a', 2, 2, false],
    ['info', undefined, undefined, undefined, undefined],
  ]);
  assert.equal(entries[0]!.msg, 'network/web: creating…');
  assert.match(String(entries[1]!.msg), /^\[1\/2\] network\/web: created after \d+\.\ds$/);
  assert.equal(entries[4]!.msg, 'a stray diagnostic');
  assert.deepEqual(out, ['abc: applied 1 step(s)'], 'results stay on stdout as they are');
  assert.equal(loggedOutput(terminal, log, 'text'), terminal, 'text leaves the output untouched');
});
