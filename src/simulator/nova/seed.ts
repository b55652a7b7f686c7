/**
 * Seeds Nova from a cloud scenario: a nova-compute service per compute host, default compute
 * quotas, and the scenario's flavors and keypairs (OS-Migrate form: openstack.compute.Flavor,
 * openstack.compute.Keypair). Servers are seeded by seedServers once Neutron, Glance and Cinder
 * have seeded what they refer to.
 */
import type { SimCloud } from '../core/cloud.js';
import { userByName } from '../keystone/identity.js';
import type { CloudScenario } from '../scenario.js';
import { DEFAULT_NOVA_QUOTA, type Flavor } from './model.js';
import { seedServers } from './seedServers.js';
import { fingerprint } from './sshKeys.js';
import { registerComputeService } from './computeHosts.js';
import { flavors, keypairs, nextNumber, now } from './store.js';

export function seedNova(c: SimCloud, scenario: CloudScenario): void {
  for (const [k, v] of Object.entries(DEFAULT_NOVA_QUOTA)) c.quotas.setDefault(k, v);
  for (const host of c.hosts.list()) registerComputeService(c, host.name);
  for (const r of scenario.resources ?? []) {
    if (r.type === 'openstack.compute.Flavor') seedFlavor(c, r.params, r._info ?? {});
    if (r.type === 'openstack.compute.Keypair') seedKeypair(c, r.params, r._info ?? {});
  }
  seedServers(c, scenario);
}

function num(v: unknown, fallback: number): number {
  const n = Number(v);
  return Number.isFinite(n) ? n : fallback;
}

function seedFlavor(c: SimCloud, p: Record<string, unknown>, info: Record<string, unknown>): void {
  const flavor: Flavor = {
    id: typeof info.id === 'string' ? info.id : c.ids.uuid(),
    name: String(p.name),
    vcpus: num(p.vcpus, 1),
    ram: num(p.ram, 512),
    disk: num(p.disk, 1),
    ephemeral: num(p.ephemeral, 0),
    swap: num(p.swap, 0),
    rxtxFactor: num(p.rxtx_factor, 1),
    isPublic: p.is_public !== false,
    disabled: info.is_disabled === true,
    description: typeof p.description === 'string' ? p.description : null,
    extraSpecs: Object.fromEntries(Object.entries((p.extra_specs ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)])),
    access: [],
  };
  flavors(c).put(flavor);
}

function seedKeypair(c: SimCloud, p: Record<string, unknown>, info: Record<string, unknown>): void {
  const ref = (p.user_ref ?? {}) as { name?: string };
  const user = (ref.name && userByName(c, ref.name)) || c.state.collection<{ id: string; name: string; defaultProjectName?: string }>('users').values().find((u) => u.name !== 'admin');
  const publicKey = String(p.public_key ?? '');
  const fp = fingerprint(publicKey);
  if (!user || !fp) return;
  const name = String(p.name);
  keypairs(c).put({
    id: `${user.id}/${name}`,
    name,
    userId: user.id,
    publicKey,
    fingerprint: fp,
    type: p.type === 'x509' ? 'x509' : 'ssh',
    createdAt: typeof info.created_at === 'string' ? info.created_at : now(c),
    numericId: nextNumber(c, 'keypair'),
  });
}
