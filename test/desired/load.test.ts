/**
 * loadDesiredState over the example repository: the typed model the planner consumes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadDesiredState, type LoadResult } from '../../src/desired/load.js';
import { resourceId } from '../../src/desired/keys.js';
import { KIND_ORDER, RESOURCE_TYPES, SNAPSHOT_FILES } from '../../src/desired/model.js';
import { dirReader } from '../../src/source/dirReader.js';
import { copyExample, edit, removeDir } from './helpers.js';

describe('loadDesiredState on example-repo', () => {
  let dir = '';
  let result: LoadResult;
  before(async () => {
    dir = await copyExample();
    result = await loadDesiredState(await dirReader(dir));
  });
  after(async () => removeDir(dir));

  it('finds no problems', () => {
    assert.deepEqual(result.problems, []);
  });

  it('groups every snapshot resource by kind with its OS-Migrate type, file and line', () => {
    const { resources } = result.state;
    assert.deepEqual(Object.keys(resources).sort(), [...KIND_ORDER].sort());
    for (const kind of KIND_ORDER) {
      assert.ok(resources[kind].length > 0, `${kind} has resources`);
      for (const r of resources[kind]) {
        assert.equal(r.kind, kind);
        assert.equal(r.type, RESOURCE_TYPES[kind]);
        assert.equal(r.file, `snapshots/${SNAPSHOT_FILES[kind]}`);
        assert.ok(r.line >= 3, 'resources start after the envelope header');
        assert.equal(typeof r.info.id, 'string');
      }
    }
    assert.deepEqual(resources.network.map((n) => n.params.name), ['web-net', 'app-net', 'db-net']);
    assert.equal(resources.server.length, 6);
    assert.equal(resources.flavor.find((f) => f.params.name === 'db.large')?.params.extra_specs?.['hw:cpu_policy'], 'dedicated');
  });

  it('keeps image params for the destination and source facts in info', () => {
    const image = result.state.resources.image.find((i) => i.params.name === 'ubuntu-22.04')!;
    assert.equal(image.params.disk_format, 'qcow2');
    assert.equal(image.params.container_format, 'bare');
    assert.equal(image.params.visibility, 'private');
    assert.equal(typeof image.info.size, 'number');
    assert.match(String(image.info.checksum), /^[0-9a-f]{32}$/);
  });

  it('exposes nested server ports and volumes with `info` instead of `_info`', () => {
    const db = result.state.resources.server.find((s) => s.params.name === 'db-1')!;
    assert.equal(db.params.image_ref, null);
    assert.equal(db.params.volumes?.length, 2);
    assert.equal(typeof db.params.volumes?.[0]?.info.id, 'string');
    assert.equal(db.params.ports[0]?.params.network_ref.name, 'db-net');
    assert.equal(db.params.ports[0]?.type, 'openstack.network.ServerPort');
  });

  it('gives every resource a distinct stream id', () => {
    const ids = KIND_ORDER.flatMap((k) => result.state.resources[k].map(resourceId));
    assert.equal(new Set(ids).size, ids.length);
    assert.ok(ids.includes('network/web-net'));
    assert.ok(ids.some((id) => id.startsWith('security_group_rule/web-sg:ingress:IPv4:tcp:443-443:')));
  });

  it('reads stackshift.yaml with defaults and derived durations', () => {
    const { config } = result.state;
    assert.equal(config.source.cloud, 'src');
    assert.equal(config.destination.adminCloud, 'dst-admin');
    assert.equal(config.conversionHosts[0]?.name, 'pair-1');
    assert.equal(config.conversionHosts[0]?.source.port, 2222);
    assert.equal(config.windows.find((w) => w.name === 'weeknights')?.durationMs, 6 * 3600_000);
    assert.equal(config.policy.prune, false);
    assert.deepEqual(config.mappings.networks, {});
    assert.equal(config.mappings.volumeTypes['ceph-ssd'], '__DEFAULT__');
  });

  it('applies workload defaults and forces boot-disk copy for boot-from-volume', () => {
    const byName = new Map(result.state.workloads.workloads.map((w) => [w.server, w]));
    assert.deepEqual([...byName.keys()], ['web-1', 'web-2', 'app-1', 'db-1']);
    assert.equal(byName.get('web-1')?.window, 'weeknights');
    assert.equal(byName.get('app-1')?.window, 'weekend');
    assert.equal(byName.get('app-1')?.bootDiskCopy, false);
    assert.equal(byName.get('db-1')?.bootDiskCopy, true);
    assert.equal(byName.get('db-1')?.stopSource, true);
    assert.equal(byName.get('web-2')?.conversionHostPair, 'pair-1');
    assert.equal(byName.get('web-2')?.mappings.volumeTypes['ceph-hdd'], '__DEFAULT__');
  });

  it('reads the reclaim plan with BMC references and port defaults', () => {
    const [first, second, third] = result.state.reclaim.nodes;
    assert.equal(first?.bmc.driver, 'ipmi');
    assert.equal(first?.bmc.port, 6230);
    assert.equal(second?.bmc.driver, 'redfish');
    assert.equal(second?.ironic.ports[0]?.pxeEnabled, true);
    assert.equal(third?.stage, 'quiesced');
    assert.deepEqual(third?.ironic.properties, {});
  });
});

describe('loadDesiredState on a broken repository', () => {
  let dir = '';
  before(async () => {
    dir = await copyExample();
  });
  after(async () => removeDir(dir));

  it('reports problems in several files at once, sorted by file and line', async () => {
    await edit(dir, 'stackshift.yaml', 'timeZone: Europe/Berlin', 'timeZone: Mars/Olympus');
    await edit(dir, 'workloads.yaml', 'server: web-2', 'server: web-9');
    await edit(dir, 'reclaim.yaml', 'stage: enrolled', 'stage: sold');
    await edit(dir, 'snapshots/flavors.yml', 'ram: 2048', 'ram: lots');
    const { problems } = await loadDesiredState(await dirReader(dir));
    assert.deepEqual([...new Set(problems.map((p) => p.file))], ['reclaim.yaml', 'snapshots/flavors.yml', 'stackshift.yaml', 'workloads.yaml']);
    const sorted = [...problems].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
    assert.deepEqual(problems, sorted);
    assert.ok(problems.every((p) => p.pointer.startsWith('/')), 'every problem has a JSON pointer');
    assert.ok(problems.some((p) => p.pointer === '/nodes/1/stage'));
  });

  it('accepts an OS-Migrate file with a field stackshift does not use, and one without optional files', async () => {
    const fresh = await copyExample();
    try {
      await edit(fresh, 'snapshots/images.yml', '    architecture: x86_64', '    architecture: x86_64\n    hw_scsi_model: virtio-scsi');
      const { rm } = await import('node:fs/promises');
      await rm(`${fresh}/reclaim.yaml`);
      const { state, problems } = await loadDesiredState(await dirReader(fresh));
      assert.deepEqual(problems, []);
      assert.deepEqual(state.reclaim.nodes, []);
      assert.equal(state.resources.image[0]?.params.hw_scsi_model, 'virtio-scsi');
    } finally {
      await removeDir(fresh);
    }
  });
});

describe('transfer.ciphers in stackshift.yaml', () => {
  it('reaches every disk copy of workloads and detached volumes, and an unknown cipher is refused at its line', async () => {
    const dir = await copyExample();
    try {
      await edit(dir, 'stackshift.yaml', '  totalBandwidthMbps: 800', '  totalBandwidthMbps: 800\n  ciphers: [chacha20-poly1305@openssh.com, aes128-gcm@openssh.com]');
      const { state, problems } = await loadDesiredState(await dirReader(dir));
      assert.deepEqual(problems, []);
      const { workloadSpec } = await import('../../src/workflows/workload/spec.js');
      const { desiredVolumes } = await import('../../src/workflows/volume/spec.js');
      assert.deepEqual(workloadSpec(state, state.workloads.workloads[0]!)?.ciphers, ['chacha20-poly1305@openssh.com', 'aes128-gcm@openssh.com']);
      for (const v of desiredVolumes(state)) assert.deepEqual(v.spec.ciphers, ['chacha20-poly1305@openssh.com', 'aes128-gcm@openssh.com']);

      await edit(dir, 'stackshift.yaml', '  ciphers: [chacha20-poly1305@openssh.com, aes128-gcm@openssh.com]', '  ciphers: [arcfour]');
      const bad = await loadDesiredState(await dirReader(dir));
      const problem = bad.problems.find((p) => p.pointer === '/transfer/ciphers/0');
      assert.ok(problem, JSON.stringify(bad.problems));
      assert.equal(problem.file, 'stackshift.yaml');
      assert.ok(problem.line > 1);
    } finally {
      await removeDir(dir);
    }
  });
});
