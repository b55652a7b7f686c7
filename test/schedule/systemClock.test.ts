/**
 * The real clock's sleep, for waits weeks away (a window that opens next month): Node's timers
 * hold at most 2^31 − 1 ms and fire after 1 ms beyond that, which would make a waiting daemon
 * spin. A long sleep must stay asleep until it is aborted.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { systemClock } from '../../src/systemClock.js';

test('a sleep longer than a Node timer holds stays asleep until aborted', async () => {
  const controller = new AbortController();
  const t0 = Date.now();
  setTimeout(() => controller.abort(new Error('stop')), 150);
  await assert.rejects(systemClock.sleep(40 * 24 * 3_600_000, controller.signal), /stop|abort/i);
  assert.ok(Date.now() - t0 >= 140, `slept ${Date.now() - t0} ms before the abort`);
});

test('a short sleep sleeps about as long as asked', async () => {
  const t0 = Date.now();
  await systemClock.sleep(30);
  assert.ok(Date.now() - t0 >= 29);
});
