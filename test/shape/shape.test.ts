/** The shape comparison itself: what counts as a divergence and what does not. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { replyDifferences, shapeDifferences } from './helpers/shape.js';

test('missing, extra and retyped fields are divergences; values are not', () => {
  const real = { server: { id: 'a', status: 'ACTIVE', flavor: { id: 'f' }, progress: 0 } };
  const sim = { server: { id: 'b', status: 'BUILD', flavor: 'f', extra: true } };
  assert.deepEqual(shapeDifferences(real, sim).sort(), [
    'extra server.extra', 'missing server.progress', 'type server.flavor: real object, sim string',
  ].sort());
});

test('null matches any type, and empty containers hide their members', () => {
  assert.deepEqual(shapeDifferences({ a: null, b: [], c: {} }, { a: 'x', b: [{ x: 1 }], c: { k: 1 } }), []);
});

test('dynamic maps compare value types, not keys', () => {
  assert.deepEqual(shapeDifferences({ m: { a: 'x' } }, { m: { b: 'y' } }, ['m']), []);
  assert.deepEqual(shapeDifferences({ m: { a: 'x' } }, { m: { b: 1 } }, ['m']), ['type m{}: real string, sim number']);
});

test('replies: status, media type, headers of interest and named values', () => {
  const real = { status: 404, headers: { 'content-type': 'application/json', 'x-openstack-request-id': 'req-1' }, body: { NeutronError: { type: 'NetworkNotFound' } } };
  const sim = { status: 404, headers: { 'content-type': 'application/json; charset=UTF-8' }, body: { NeutronError: { type: 'NotFound' } } };
  assert.deepEqual(replyDifferences(real, sim, { values: ['NeutronError.type'] }), [
    'header missing x-openstack-request-id', 'value NeutronError.type: real "NetworkNotFound", sim "NotFound"',
  ]);
  assert.deepEqual(replyDifferences(real, { ...sim, status: 500, body: 'x' }), ['status: real 404, sim 500', 'header missing x-openstack-request-id']);
});

test('open objects (Glance image properties) may carry extra keys, but not lose known ones', () => {
  const real = { status: 200, headers: {}, body: { images: [{ id: 'a', name: 'x' }] } };
  const sim = { status: 200, headers: {}, body: { images: [{ id: 'b', os_distro: 'debian' }] } };
  assert.deepEqual(replyDifferences(real, sim, { openObjects: ['images[]'] }), ['missing images[].name']);
});
