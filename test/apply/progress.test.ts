/**
 * Outside a terminal an apply prints a line as each step starts and one with its duration as it
 * ends (Terraform's "Creating…" / "Creation complete after 2s"), so CI logs show each step.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Output } from '../../src/ports.js';
import { applyProgress } from '../../src/reconcile/progress.js';

function capture(): Output & { lines: string[] } {
  const lines: string[] = [];
  return { out: (t) => lines.push(t), err: (t) => lines.push(t), interactive: false, lines };
}

test('each step gets a starting line and a finished line with its duration', () => {
  const out = capture();
  const progress = applyProgress(out, 3);
  progress.stepStarted({ id: 'create:network/net-a' });
  progress.stepDone({ id: 'create:network/net-a' }, true);
  progress.stepStarted({ id: 'delete:subnet/net-a/old' });
  progress.stepDone({ id: 'delete:subnet/net-a/old' }, false);
  progress.stepStarted({ id: 'routes:router/edge' });
  progress.stepDone({ id: 'routes:router/edge' }, true);
  progress.stop();
  assert.equal(out.lines[0], 'network/net-a: creating…');
  assert.match(out.lines[1]!, /^\[1\/3\] network\/net-a: created after \d+\.\ds$/);
  assert.equal(out.lines[2], 'subnet/net-a/old: destroying…');
  assert.match(out.lines[3]!, /^\[2\/3\] subnet\/net-a\/old: destroying FAILED after \d+\.\ds \(`stackshift events tail` has the cloud's error\)$/);
  assert.equal(out.lines[4], 'router/edge: setting routes…');
  assert.match(out.lines[5]!, /^\[3\/3\] router\/edge: routes set after/);
});

test('an empty plan prints nothing', () => {
  const out = capture();
  const progress = applyProgress(out, 0);
  progress.stepStarted({ id: 'create:network/x' });
  progress.stepDone({ id: 'create:network/x' });
  assert.deepEqual(out.lines, []);
});
