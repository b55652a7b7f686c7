/** The shared bandwidth budget on a virtual clock: parallel takers together stay at the rate. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bandwidthBudget } from '../../src/workflows/bandwidth.js';
import { virtualClock } from '../daemon/virtualClock.js';

test('800 Mbit/s lets 100 MB through in about one second, however many copies share it', async () => {
  const clock = virtualClock(0);
  const budget = bandwidthBudget(clock, 800);
  assert.equal(budget.rate, 100_000_000);
  const chunk = 4 * 1024 * 1024;
  const copy = async (chunks: number) => {
    for (let i = 0; i < chunks; i++) await budget.take(chunk);
  };
  await Promise.all([copy(25), copy(25), copy(25), copy(25)]); // 400 MiB in all
  const seconds = clock.now() / 1000;
  const expected = (100 * chunk) / 100_000_000 - 1; // the first second's tokens are there at the start
  assert.ok(Math.abs(seconds - expected) < 0.1, `took ${seconds.toFixed(2)} s, expected about ${expected.toFixed(2)} s`);
});

test('no rate means no waiting, and an abort ends a wait', async () => {
  const clock = virtualClock(0);
  await bandwidthBudget(clock, undefined).take(10 ** 12);
  assert.equal(clock.now(), 0);
  const budget = bandwidthBudget(clock, 8); // 1 MB/s
  await budget.take(1_000_000);
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(budget.take(5_000_000, controller.signal));
});
