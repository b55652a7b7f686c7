/**
 * Files exported by OS-Migrate validate as they are (test/fixtures/desired/os-migrate-export),
 * and a minimal repository needs nothing but stackshift.yaml.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { loadDesiredState, type LoadResult } from '../../src/desired/load.js';
import { packageRoot } from '../../src/paths.js';
import { dirReader } from '../../src/source/dirReader.js';

describe('OS-Migrate compatibility', () => {
  let loaded: LoadResult;
  before(async () => {
    loaded = await loadDesiredState(await dirReader(join(packageRoot(), 'test/fixtures/desired/os-migrate-export')));
  });
  const server = (name: string) => {
    const found = loaded.state.resources.server.find((s) => s.params.name === name);
    assert.ok(found, `server ${name} loaded`);
    return found;
  };

  it('loads an OS-Migrate export unchanged', () => {
    const { state, problems } = loaded;
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

  it("keeps a member's name-only ref to the admin's public network on the router", () => {
    const [router] = loaded.state.resources.router;
    assert.deepEqual(router?.params.external_gateway_refinfo?.network_ref, { name: 'public', project_name: null, domain_name: null });
    assert.equal(loaded.state.resources.router_interface.length, 1);
  });

  it('reads a 1.0.5 release server (no hypervisor_hostname, no nbdkit keys) booted from a volume', () => {
    const s = server('migrate-vm-from-src');
    assert.equal('hypervisor_hostname' in s.info, false);
    assert.equal(s.info.status, 'SHUTOFF');
    assert.deepEqual(Object.keys(s.migrationParams ?? {}).sort(),
      ['additional_volumes', 'boot_disk_copy', 'boot_volume', 'boot_volume_params', 'data_copy', 'floating_ip_mode', 'port_creation_mode']);
    assert.equal(s.migrationParams?.boot_disk_copy, true);
    const p = s.params;
    assert.equal(p.image_ref, null);
    assert.deepEqual(p.security_group_refs?.map((g) => g.name), ['default', 'migrate-sg-from-src']);
    // Nested objects keep their params and expose `_info` as `info`.
    assert.deepEqual(p.ports.map((port) => [port.params.network_ref.name, port.params.network_ref.project_name]), [['migrate-network-from-src', '%auth%'], ['provider-net', null]]);
    assert.equal(p.ports[1]?.params.fixed_ips_refs?.[0]?.ip_address, '10.0.40.57');
    assert.equal(p.ports[0]?.info.device_owner, 'compute:nova');
    assert.equal(p.floating_ips?.[0]?.params.floating_network_ref?.project_name, null);
    assert.equal(p.floating_ips?.[0]?.info.router_id, loaded.state.resources.router[0]?.info.id);
    const [boot, data] = p.volumes ?? [];
    assert.equal(boot?.params.name, ''); // Nova names the boot volumes it creates ''
    assert.equal(boot?.info.is_bootable, true);
    assert.equal((boot?.info.attachments as Array<{ device: string }>)[0]?.device, '/dev/vda');
    assert.equal(boot?.params.volume_image_metadata?.image_name, 'cirros-0.6.2-x86_64-disk');
    assert.equal(data?.params.name, 'migrate-data-vol');
    assert.equal(data?.info.size, 2);
  });

  it('reads a later 1.0.5 server with hypervisor_hostname and the nbdkit block', () => {
    const s = server('migrate-vm-nbdkit');
    assert.equal(s.info.hypervisor_hostname, 'compute-1.localdomain');
    assert.equal(s.migrationParams?.use_nbdkit_direct, true);
    assert.equal(s.migrationParams?.nbdkit_socket_uri, null);
    assert.equal(s.migrationParams?.port_creation_mode, 'neutron');
    assert.deepEqual(s.migrationParams?.nbdkit_disks, [{
      bootable: true, device: '/dev/vda', disk_name: 'disk', disk_path: '/var/lib/nova/instances/4f3e2d1c-0b9a-4887-a6f5-e4d3c2b1a098/disk',
      port: 10809, size: 10, uri: 'nbd://compute-1.localdomain:10809',
    }]);
    assert.deepEqual(s.params.image_ref, { name: 'cirros-0.6.2-x86_64-disk', project_name: 'admin', domain_name: 'Default' });
    assert.equal(s.params.key_name, null);
    assert.deepEqual(s.params.volumes, []);
    assert.deepEqual(s.params.floating_ips, []);
  });

  it('reads detached_volumes.yml', () => {
    const volumes = loaded.state.resources.volume;
    assert.deepEqual(volumes.map((v) => [v.params.name, v.params.volume_type, v.info.size, v.info.is_bootable]),
      [['migrate-detached-vol', 'tripleo', 5, false], ['migrate-spare-root', 'tripleo', 1, true]]);
    assert.deepEqual(volumes[0]?.info.attachments, []);
    assert.deepEqual(volumes[0]?.migrationParams, {});
    assert.equal(volumes[1]?.params.volume_image_metadata?.disk_format, 'qcow2');
    assert.equal(volumes[1]?.file, 'snapshots/detached_volumes.yml');
  });

  it('accepts the default group as a rule remote group, and the keypair and flavor a server uses', () => {
    const rules = loaded.state.resources.security_group_rule;
    assert.equal(rules[1]?.params.remote_group_ref?.name, 'default');
    assert.equal(loaded.state.resources.keypair[0]?.params.user_ref?.project_name, null);
    assert.equal(loaded.state.resources.flavor[0]?.params.name, server('migrate-vm-from-src').params.flavor_ref.name);
  });
});
