/**
 * Which network a migrated port joins when two projects in the destination have one of that name:
 * the project's own, unless the export says the source port was on another project's network
 * (project_name set to another project, or null and not among the repository's networks).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadDesiredState } from '../../src/desired/load.js';
import { exampleRepoDir } from '../../src/paths.js';
import { dirReader } from '../../src/source/dirReader.js';
import { workloadSpec } from '../../src/workflows/workload/spec.js';

test('a port on a network the repository migrates stays in the project; one on another project\'s network is marked so', async () => {
  const { state, problems } = await loadDesiredState(await dirReader(exampleRepoDir()));
  assert.deepEqual(problems, []);
  const selection = state.workloads.workloads.find((w) => w.server === 'web-1')!;
  const server = state.resources.server.find((s) => s.params.name === 'web-1')!;
  const port = server.params.ports[0]!.params;
  const spec = () => workloadSpec(state, selection)!.ports[0]!;

  assert.equal(spec().othersNetwork, undefined, `${port.network_ref.name} is migrated with the repository`);
  port.network_ref = { ...port.network_ref, project_name: null };
  assert.equal(spec().othersNetwork, undefined, 'null project, but the repository has a network of that name: ours');
  port.network_ref = { ...port.network_ref, name: 'provider-shared', project_name: null };
  assert.equal(spec().othersNetwork, true, 'null project and not in the repository: another project\'s');
  port.network_ref = { ...port.network_ref, name: 'web-net', project_name: 'admin' };
  assert.equal(spec().othersNetwork, true, 'named as another project\'s');
});
