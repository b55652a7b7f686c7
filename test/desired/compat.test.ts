/**
 * Files exported by OS-Migrate validate as they are (test/fixtures/desired/os-migrate-export),
 * and a minimal repository needs nothing but stackshift.yaml.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadDesiredState } from '../../src/desired/load.js';
import { packageRoot } from '../../src/paths.js';
import { dirReader } from '../../src/source/dirReader.js';

describe('OS-Migrate compatibility', () => {
  it('loads an OS-Migrate export unchanged', async () => {
    const { state, problems } = await loadDesiredState(await dirReader(join(packageRoot(), 'test/fixtures/desired/os-migrate-export')));
    assert.deepEqual(problems, []);
    const [network] = state.resources.network;
    const [subnet] = state.resources.subnet;
    assert.equal(network?.params.provider_segmentation_id, 224);
    assert.deepEqual(network?.migrationParams, {});
    assert.equal(subnet?.params.network_ref.name, network?.params.name);
    assert.equal(subnet?.info.network_id, network?.info.id);
    assert.equal(subnet?.line, 3);
    assert.deepEqual(state.workloads.workloads, []);
    assert.deepEqual(state.reclaim.nodes, []);
    assert.equal(state.config.transfer.parallelTransfersPerPair, 2);
  });
});
