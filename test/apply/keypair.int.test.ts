/** A keypair's public key reaches the destination exactly as exported, trailing newline included. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { reconcilePass } from '../../src/reconcile/pass.js';
import { repoFiles } from './desiredRepo.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

test('the public key keeps its trailing newline, and a second pass finds nothing to change', async () => {
  const files = repoFiles();
  const keypairs = files['snapshots/keypairs.yml'] as { resources: Array<{ params: { public_key: string } }> };
  keypairs.resources[0]!.params.public_key += '\n';
  const first = await reconcilePass(h.deps, { commit: 'k1', reader: await h.writeRepo(files), reason: 'commit' });
  assert.equal(first.result, 'applied');
  const stored = (await h.clients.destination.request<{ keypair: { public_key: string } }>({ service: 'compute', method: 'GET', path: '/os-keypairs/t-key' })).body.keypair.public_key;
  assert.equal(stored, keypairs.resources[0]!.params.public_key);
  const second = await reconcilePass(h.deps, { commit: 'k1', reader: await h.writeRepo(files), reason: 'drift' });
  assert.equal(second.result, 'unchanged');
});
