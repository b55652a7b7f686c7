import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FLAVOR_MARKER } from '../../src/resources/common.js';
import { flavor, markedDescription } from '../../src/resources/flavor.js';
import { image } from '../../src/resources/image.js';
import { securityGroupRule } from '../../src/resources/securityGroupRule.js';
import type { ObservedNames } from '../../src/resources/types.js';
import { ref, snap } from '../plan/helpers.js';

const names: ObservedNames = {
  nameOf: (kind, id) => (kind === 'security_group' && id === 'g1' ? 'web' : undefined),
  managesChildren: (kind, name) => kind === 'security_group' && name === 'web',
  ownedByLog: () => false,
};
const ctx = { networks: {}, flavors: {} };

describe('security group rule identity', () => {
  it('treats 0.0.0.0/0 as anywhere, so a rule Neutron returns without a prefix matches', () => {
    const [desired] = securityGroupRule.fromDesired(snap('security_group_rule', { security_group_ref: ref('web'), direction: 'ingress', ether_type: 'IPv4', protocol: 'TCP', port_range_min: 22, port_range_max: 22, remote_ip_prefix: '0.0.0.0/0' }), ctx);
    const [observed] = securityGroupRule.fromObserved({ id: 'r1', security_group_id: 'g1', direction: 'ingress', ethertype: 'IPv4', protocol: 'tcp', port_range_min: 22, port_range_max: 22, remote_ip_prefix: null }, names);
    assert.equal(desired?.key, 'web/ingress/IPv4/tcp/22-22/anywhere');
    assert.equal(observed?.key, desired?.key);
    assert.equal(observed?.managed, true, 'a rule in a managed group is managed');
  });
});

describe('flavor marker', () => {
  it('lives at the end of the description and is stripped for comparison', () => {
    assert.equal(markedDescription(''), FLAVOR_MARKER);
    assert.equal(markedDescription('big'), `big ${FLAVOR_MARKER}`);
    const [o] = flavor.fromObserved({ id: 'f', name: 'm1', vcpus: 1, ram: 1, disk: 1, swap: '', 'OS-FLV-EXT-DATA:ephemeral': 0, description: `big ${FLAVOR_MARKER}` }, names);
    assert.equal(o?.managed, true);
    assert.equal(o?.spec.description, 'big');
    assert.equal(o?.spec.swap, 0);
    const [unmarked] = flavor.fromObserved({ id: 'f', name: 'm1', description: 'big' }, names);
    assert.equal(unmarked?.managed, false);
  });
});

describe('image properties', () => {
  it('compares only the properties the desired state sets, and data by checksum', () => {
    const [d] = image.fromDesired(snap('image', { name: 'i', disk_format: 'raw', container_format: 'bare', hw_disk_bus: 'scsi', properties: { os_distro: 'ubuntu' } }, { checksum: 'aa', size: 3 }), ctx);
    assert.deepEqual(d?.spec.properties, { os_distro: 'ubuntu', hw_disk_bus: 'scsi' });
    const [o] = image.fromObserved({ id: 'x', name: 'i', status: 'active', disk_format: 'raw', container_format: 'bare', os_distro: 'ubuntu', hw_disk_bus: 'ide', os_glance_extra: 'x', stackshift_managed: 'true', checksum: 'aa', size: 3 }, names);
    assert.equal(o?.managed, true);
    const diff = image.diff(d?.spec ?? {}, o?.spec ?? {});
    assert.deepEqual(diff.fields.map((f) => `${f.field}:${f.inPlace}`), ['properties.hw_disk_bus:true']);
  });
});

describe('image data state', () => {
  it('uploads into a queued record but replaces one whose upload never finished', () => {
    const [d] = image.fromDesired(snap('image', { name: 'i', disk_format: 'raw', container_format: 'bare' }, { checksum: 'aa', size: 3 }), ctx);
    const observe = (status: string) => image.fromObserved({ id: 'x', name: 'i', status, disk_format: 'raw', container_format: 'bare', stackshift_managed: 'true' }, names)[0]?.spec ?? {};
    assert.equal(image.diff(d?.spec ?? {}, observe('queued')).action, 'update');
    assert.equal(image.diff(d?.spec ?? {}, observe('saving')).action, 'replace');
  });
});
