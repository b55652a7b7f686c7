/**
 * The EventStore contract: every backend (memory, file, later a database) must pass this suite.
 * `factory` gets a clock and returns a fresh, empty store.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codes, StackshiftError } from '../../src/errors.js';
import type { Clock } from '../../src/ports.js';
import type { EventStore, StoredEvent } from '../../src/events/store.js';
import { manualClock } from './clock.js';

export type StoreFactory = (clock: Clock) => Promise<EventStore>;

async function collect(iterable: AsyncIterable<StoredEvent>): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const e of iterable) out.push(e);
  return out;
}

async function rejectsWithCode(promise: Promise<unknown>, code: string): Promise<StackshiftError> {
  const err = await promise.then(
    () => assert.fail(`expected ${code}`),
    (e: unknown) => e,
  );
  assert.ok(err instanceof StackshiftError, `expected a StackshiftError, got ${String(err)}`);
  assert.equal(err.code, code);
  return err;
}

export function eventStoreContract(name: string, factory: StoreFactory): void {
  void describe(`EventStore contract: ${name}`, () => {
    const withStore = (fn: (store: EventStore, clock: ReturnType<typeof manualClock>) => Promise<void>) => async () => {
      const clock = manualClock();
      const store = await factory(clock);
      try {
        await fn(store, clock);
      } finally {
        await store.close();
      }
    };

    it('stamps versions per stream, positions across streams, time from the clock, and ids', withStore(async (store, clock) => {
      const a = await store.append('resource:network/a', [{ type: 'NetworkCreated', data: { id: 'n1' }, commit: 'c0ffee' }, { type: 'NetworkUpdated', data: {} }]);
      clock.advance(1500);
      const b = await store.append('resource:network/b', [{ id: 'fixed-id', type: 'NetworkCreated', data: { id: 'n2' } }]);
      assert.deepEqual(a, { nextExpectedVersion: 1, lastPosition: 1 });
      assert.deepEqual(b, { nextExpectedVersion: 0, lastPosition: 2 });
      const all = await collect(store.readAll());
      assert.deepEqual(all.map((e) => [e.stream, e.version, e.position, e.type]), [
        ['resource:network/a', 0, 0, 'NetworkCreated'],
        ['resource:network/a', 1, 1, 'NetworkUpdated'],
        ['resource:network/b', 0, 2, 'NetworkCreated'],
      ]);
      assert.equal(all[0]!.time, '2026-01-02T03:04:05.000Z');
      assert.equal(all[2]!.time, '2026-01-02T03:04:06.500Z');
      assert.equal(all[0]!.commit, 'c0ffee');
      assert.equal(all[1]!.commit, null);
      assert.match(all[0]!.id, /^[0-9a-f-]{36}$/);
      assert.notEqual(all[0]!.id, all[1]!.id);
      assert.equal(all[2]!.id, 'fixed-id');
      assert.deepEqual(all[0]!.data, { id: 'n1' });
    }));

    it('reads a stream from a version and the log from a position', withStore(async (store) => {
      for (let i = 0; i < 5; i++) {
        await store.append('s1', [{ type: 'T', data: { i } }]);
        await store.append('s2', [{ type: 'T', data: { i } }]);
      }
      const s1 = await store.readStream('s1', { fromVersion: 3 });
      assert.deepEqual(s1.map((e) => [e.version, e.position, e.data.i]), [[3, 6, 3], [4, 8, 4]]);
      assert.deepEqual(await store.readStream('missing'), []);
      const tail = await collect(store.readAll({ fromPosition: 7 }));
      assert.deepEqual(tail.map((e) => e.position), [7, 8, 9]);
      assert.deepEqual(await collect(store.readAll({ fromPosition: 10 })), []);
    }));

    it('lists the streams under a prefix, sorted', withStore(async (store) => {
      await store.append('workload:web-2', [{ type: 'T', data: {} }]);
      await store.append('node:c1', [{ type: 'T', data: {} }]);
      await store.append('workload:web-1', [{ type: 'T', data: {} }]);
      await store.append('workload:web-1', [{ type: 'T', data: {} }]);
      assert.deepEqual(await store.streamNames('workload:'), ['workload:web-1', 'workload:web-2']);
      assert.deepEqual(await store.streamNames('none:'), []);
    }));

    it('checks the expected version and raises a typed conflict', withStore(async (store) => {
      await store.append('s', [{ type: 'A', data: {} }], { expectedVersion: 'no_stream' });
      const err = await rejectsWithCode(store.append('s', [{ type: 'B', data: {} }], { expectedVersion: 'no_stream' }), codes.WRONG_EXPECTED_VERSION);
      assert.deepEqual(err.data, { stream: 's', expectedVersion: 'no_stream', actualVersion: 0 });
      await rejectsWithCode(store.append('s', [{ type: 'B', data: {} }], { expectedVersion: 5 }), codes.WRONG_EXPECTED_VERSION);
      await rejectsWithCode(store.append('t', [{ type: 'B', data: {} }], { expectedVersion: 'stream_exists' }), codes.WRONG_EXPECTED_VERSION);
      assert.deepEqual(await store.append('s', [{ type: 'B', data: {} }], { expectedVersion: 0 }), { nextExpectedVersion: 1, lastPosition: 1 });
      assert.deepEqual(await store.append('s', [{ type: 'C', data: {} }], { expectedVersion: 'stream_exists' }), { nextExpectedVersion: 2, lastPosition: 2 });
      assert.deepEqual(await store.append('s', [{ type: 'D', data: {} }], { expectedVersion: 'any' }), { nextExpectedVersion: 3, lastPosition: 3 });
      assert.equal((await store.readStream('s')).length, 4);
      assert.equal((await store.readStream('t')).length, 0);
    }));

    it('treats an empty append as a version check', withStore(async (store) => {
      assert.deepEqual(await store.append('s', [], { expectedVersion: 'no_stream' }), { nextExpectedVersion: -1, lastPosition: -1 });
      await store.append('other', [{ type: 'A', data: {} }]);
      await store.append('s', [{ type: 'A', data: {} }]);
      assert.deepEqual(await store.append('s', [], { expectedVersion: 0 }), { nextExpectedVersion: 0, lastPosition: 1 });
      await rejectsWithCode(store.append('s', [], { expectedVersion: 'no_stream' }), codes.WRONG_EXPECTED_VERSION);
    }));

    it('is idempotent by event id: a retried append returns the first result and writes nothing', withStore(async (store) => {
      const events = [{ id: 'e1', type: 'A', data: {} }, { id: 'e2', type: 'B', data: {} }];
      const first = await store.append('s', events, { expectedVersion: 'no_stream' });
      await store.append('other', [{ type: 'X', data: {} }]);
      assert.deepEqual(await store.append('s', events, { expectedVersion: 'no_stream' }), first);
      assert.deepEqual(await store.append('s', events, { expectedVersion: 'any' }), first);
      await store.append('s', [{ id: 'e3', type: 'C', data: {} }], { expectedVersion: 1 });
      assert.deepEqual(await store.append('s', [{ id: 'e3', type: 'C', data: {} }], { expectedVersion: 1 }), { nextExpectedVersion: 2, lastPosition: 3 });
      assert.deepEqual((await store.readStream('s')).map((e) => e.id), ['e1', 'e2', 'e3']);
      // Same position, different ids: a real conflict.
      await rejectsWithCode(store.append('s', [{ id: 'other', type: 'A', data: {} }], { expectedVersion: 'no_stream' }), codes.WRONG_EXPECTED_VERSION);
      await rejectsWithCode(store.append('s', [{ id: 'e1', type: 'A', data: {} }, { id: 'zz', type: 'B', data: {} }], { expectedVersion: 'any' }), codes.WRONG_EXPECTED_VERSION);
      assert.equal((await collect(store.readAll())).length, 4);
    }));

    it('lets exactly one of many concurrent appenders win each expected version', withStore(async (store) => {
      const writers = 8;
      const rounds = 6;
      let wins = 0;
      let conflicts = 0;
      await Promise.all(Array.from({ length: writers }, async (_, w) => {
        for (let r = 0; r < rounds; r++) {
          const version = (await store.readStream('contended')).length - 1;
          try {
            await store.append('contended', [{ type: 'Claimed', data: { w, r } }, { type: 'Released', data: { w, r } }], { expectedVersion: version < 0 ? 'no_stream' : version });
            wins++;
          } catch (err) {
            assert.ok(err instanceof StackshiftError && err.code === codes.WRONG_EXPECTED_VERSION);
            conflicts++;
          }
        }
      }));
      assert.equal(wins + conflicts, writers * rounds);
      const stream = await store.readStream('contended');
      assert.equal(stream.length, wins * 2);
      stream.forEach((e, i) => assert.equal(e.version, i));
      // Each winner's two events sit together: nothing interleaves inside an append.
      for (let i = 0; i < stream.length; i += 2) {
        assert.equal(stream[i]!.type, 'Claimed');
        assert.deepEqual(stream[i + 1]!.data, stream[i]!.data);
      }
    }));

    it('subscriptions catch up from a position, then follow live appends until aborted', withStore(async (store) => {
      await store.append('s', [{ type: 'A', data: { n: 0 } }, { type: 'A', data: { n: 1 } }, { type: 'A', data: { n: 2 } }]);
      const seen: number[] = [];
      const controller = new AbortController();
      let reached: () => void = () => undefined;
      const enough = new Promise<void>((r) => (reached = r));
      const sub = store.subscribe((e) => {
        seen.push(e.position);
        if (seen.length === 4) reached();
      }, { fromPosition: 1, signal: controller.signal });
      await store.append('t', [{ type: 'B', data: {} }, { type: 'B', data: {} }]);
      await enough;
      controller.abort();
      await sub.done;
      assert.deepEqual(seen, [1, 2, 3, 4]);
    }));

    it('a subscription ends when the store closes and fails when its handler throws', async () => {
      const store = await factory(manualClock());
      await store.append('s', [{ type: 'A', data: {} }]);
      const failing = store.subscribe(() => {
        throw new Error('handler broke');
      });
      await assert.rejects(failing.done, /handler broke/);
      const idle = store.subscribe(() => undefined, { fromPosition: 1 });
      await store.close();
      await idle.done;
      await assert.rejects(store.append('s', [{ type: 'A', data: {} }]));
    });

    it('hands out copies: editing a read event does not change history', withStore(async (store) => {
      await store.append('s', [{ type: 'A', data: { keep: 1 } }]);
      const [event] = await store.readStream('s');
      event!.data.keep = 2;
      assert.deepEqual((await store.readStream('s'))[0]!.data, { keep: 1 });
    }));

    it('rejects an event without a type or with non-object data', withStore(async (store) => {
      await assert.rejects(store.append('s', [{ type: '', data: {} }]));
      await assert.rejects(store.append('s', [{ type: 'A', data: [] as unknown as Record<string, unknown> }]));
      await assert.rejects(store.append('', [{ type: 'A', data: {} }]));
      assert.equal((await collect(store.readAll())).length, 0);
    }));
  });
}
