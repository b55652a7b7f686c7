/**
 * `events tail` summarises an event's data as whole key=value pairs within the room left on a
 * 120-column line: never cut mid-JSON, long values shortened, the rest counted.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatEventLine, LINE_WIDTH } from '../../src/events/formatEvent.js';
import type { StoredEvent } from '../../src/events/store.js';
import { summariseData } from '../../src/events/summariseData.js';

test('short data reads as key=value pairs', () => {
  assert.equal(summariseData({ id: 'a1b2', steps: 3, ok: true, targetId: null }, 80), 'id=a1b2 steps=3 ok=true targetId=null');
  assert.equal(summariseData({}, 80), '');
});

test('strings with spaces are quoted, long ones shortened, nested values become their size or message', () => {
  const text = summariseData({
    reason: 'the cloud said no',
    error: { message: 'Quota exceeded for resources: [port]. Request id req-0123456789abcdef', code: 'HTTP_409', status: 409 },
    changes: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
    summary: { create: 10, update: 0, delete: 0, replace: 0 },
  }, 200);
  assert.match(text, /^reason="the cloud said no" error="Quota exceeded for resources: \[port\]\. Request i…" changes=\[12 items\] summary=\{create,update,delete,…\}$/);
});

test('what does not fit is counted, never cut in the middle', () => {
  const data = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`key${i}`, `value-${i}`]));
  const text = summariseData(data, 60);
  assert.ok(text.length <= 60, text);
  assert.match(text, /^key0=value-0 key1=value-1 .* … \+\d+ more$/);
  assert.doesNotMatch(text, /key\d+=val(?!ue-\d+( |$))/, 'no pair is cut');
});

test('a whole line fits 120 columns', () => {
  const event = {
    position: 1234, time: '2026-12-05T18:00:01.123Z', commit: 'd0e77d1f00', stream: 'resource:security_group_rule/web-sg/ingress-tcp-443',
    type: 'StepFailed', data: { attempt: 3, error: { message: 'x'.repeat(500) }, spec: { a: 1, b: 2, c: 3, d: 4, e: 5 }, more: 'y'.repeat(200) },
  } as unknown as StoredEvent;
  const line = formatEventLine(event);
  assert.ok(line.length <= LINE_WIDTH, `${line.length}: ${line}`);
  assert.match(line, /^#1234 2026-12-05 18:00:01 d0e77d1 resource:security_group_rule\/web-sg\/ingress-tcp-443 StepFailed attempt=3 /);
});
