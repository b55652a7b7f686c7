import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { waitFor } from '../../src/executors/openstack/waitFor.js';
import { StackshiftError } from '../../src/errors.js';
import { fakeClock } from './fakeCloud.js';

describe('waitFor', () => {
  it('polls soon, then at gaps doubling up to the interval, until done', async () => {
    const clock = fakeClock();
    const states = ['BUILD', 'BUILD', 'ACTIVE'];
    const result = await waitFor({ poll: async () => states.shift()!, done: (s) => s === 'ACTIVE', clock, timeoutMs: 60_000, intervalMs: 2_000, what: 'server web-1 to become ACTIVE' });
    assert.equal(result, 'ACTIVE');
    assert.deepEqual(clock.sleeps, [250, 500]);
  });

  it('fails at once on a terminal state', async () => {
    const clock = fakeClock();
    const err = await waitFor({
      poll: async () => ({ status: 'ERROR', fault: 'No valid host' }), done: (s) => s.status === 'ACTIVE',
      failed: (s) => (s.status === 'ERROR' ? `it went to ERROR (${s.fault})` : undefined), clock, timeoutMs: 60_000, intervalMs: 1_000, what: 'server web-1 to become ACTIVE',
    }).catch((e: unknown) => e);
    assert.ok(err instanceof StackshiftError);
    assert.equal(err.code, 'E_TERMINAL_STATE');
    assert.equal(err.message, 'gave up waiting for server web-1 to become ACTIVE: it went to ERROR (No valid host)');
    assert.equal(clock.sleeps.length, 0);
  });

  it('times out by the injected clock with a clear message', async () => {
    const clock = fakeClock();
    const err = await waitFor({ poll: async () => 'downloading', done: (s) => s === 'available', clock, timeoutMs: 10_000, intervalMs: 3_000, what: 'volume data-1 to become available' }).catch((e: unknown) => e);
    assert.ok(err instanceof StackshiftError);
    assert.equal(err.code, 'E_TIMEOUT');
    assert.equal(err.retry, 'later');
    assert.match(err.message, /timed out after 10 s waiting for volume data-1 to become available/);
    assert.deepEqual(clock.sleeps, [250, 500, 1_000, 2_000, 3_000, 3_000, 250]);
  });
});
