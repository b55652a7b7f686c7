/**
 * Planner throughput: a desired state of 10,000 infrastructure resources against a destination
 * that already has them all (the steady state of a drift pass), and against an empty one
 * (10,000 creates). Pure: observed state is synthetic raw API objects, normalised as observe()
 * output would be. Target ≤ 2 s and ≤ 300 MB.
 */
import type { DesiredResource } from '../src/desired/model.js';
import { desiredItems, planPolicy } from '../src/plan/desiredItems.js';
import { observedState, emptyRawDestination } from '../src/plan/observedState.js';
import { planInfra } from '../src/plan/planInfra.js';
import { config, publicNetwork, ref, snap, state } from '../test/plan/helpers.js';

function synthetic(): DesiredResource[] {
  const out: DesiredResource[] = [];
  for (let i = 0; i < 1000; i++) {
    out.push(snap('network', { name: `net-${i}`, description: `network ${i}`, mtu: 1450, is_admin_state_up: true, tags: ['app'] }));
    out.push(snap('subnet', { name: `subnet-${i}`, cidr: `10.${i >> 8}.${i & 255}.0/24`, ip_version: 4, network_ref: ref(`net-${i}`), gateway_ip: `10.${i >> 8}.${i & 255}.1`, dns_nameservers: ['10.0.0.2'], is_dhcp_enabled: true }));
  }
  for (let r = 0; r < 200; r++) {
    out.push(snap('router', { name: `router-${r}`, is_admin_state_up: true, external_gateway_refinfo: { network_ref: ref('public') } }));
    for (let k = 0; k < 5; k++) {
      const i = r * 5 + k;
      out.push(snap('router_interface', { device_ref: ref(`router-${r}`), network_ref: ref(`net-${i}`), fixed_ips_refs: [{ ip_address: `10.${i >> 8}.${i & 255}.1`, subnet_ref: ref(`subnet-${i}`) }] }));
    }
  }
  for (let g = 0; g < 500; g++) {
    out.push(snap('security_group', { name: `sg-${g}`, description: `group ${g}` }));
    for (let k = 0; k < 10; k++) out.push(snap('security_group_rule', { security_group_ref: ref(`sg-${g}`), direction: 'ingress', ether_type: 'IPv4', protocol: 'tcp', port_range_min: 1000 + k, port_range_max: 1000 + k, remote_ip_prefix: '0.0.0.0/0' }));
  }
  for (let f = 0; f < 300; f++) out.push(snap('flavor', { name: `flavor-${f}`, vcpus: 1 + (f % 8), ram: 512 * (1 + (f % 16)), disk: 10, extra_specs: { 'hw:cpu_policy': 'shared' } }));
  for (let k = 0; k < 300; k++) out.push(snap('keypair', { name: `key-${k}`, public_key: `ssh-ed25519 AAAA${k} user${k}`, type: 'ssh' }));
  for (let m = 0; m < 800; m++) out.push(snap('image', { name: `image-${m}`, disk_format: 'qcow2', container_format: 'bare', min_disk: 1, visibility: 'private', os_distro: 'linux' }, { checksum: `md5-${m}`, size: 1024 * m, os_hash_value: `sha-${m}` }));
  return out;
}

function measure<T>(label: string, run: () => T): T {
  globalThis.gc?.();
  const before = process.memoryUsage();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const result = run();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const after = process.memoryUsage();
  // CPU time as well as wall time: on a shared machine wall time mostly measures the neighbours.
  console.log(`${label}: ${ms.toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU, heap +${((after.heapUsed - before.heapUsed) / 1048576).toFixed(0)} MB, rss ${(after.rss / 1048576).toFixed(0)} MB`);
  return result;
}

const resources = synthetic();
const s = state(resources, config());
console.log(`desired resources: ${resources.length}`);
// The "cloud that already has them": raw API objects as observe() would return (built once, not timed).
const { rawDestinationFor } = await import('../test/plan/helpers.js');
const raw = rawDestinationFor(desiredItems(s));
const owned = resources.filter((r) => r.kind === 'keypair').map((r) => (r.params as { name: string }).name);

const steady = measure('plan vs a destination that has them all (normalise + diff + DAG)', () =>
  planInfra({ commit: 'bench', desired: desiredItems(s), observed: observedState(raw, new Map([['keypair', new Set(owned)]]), 'dst-project'), policy: planPolicy(s.config) }));
if (steady.steps.length !== 0) throw new Error(`expected no changes, got ${steady.steps.length} steps (e.g. ${steady.steps[0]?.id})`);

const empty = emptyRawDestination();
empty.networks!.push(publicNetwork());
const fresh = measure('plan vs an empty destination (10,000 creates)', () =>
  planInfra({ commit: 'bench', desired: desiredItems(s), observed: observedState(empty, new Map(), 'dst-project'), policy: planPolicy(s.config) }));
console.log(`  steps: ${fresh.steps.length}, changes: ${fresh.changes.length}`);
console.log(`peak rss so far: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (target <= 300 MB); target <= 2000 ms`);

// End to end: observe (HTTP to the simulated destination) + plan, for the Neutron share of the
// synthetic state (networks, subnets, security groups, rules: 7,500 resources), seeded straight
// into the simulator's model with the stackshift tag as a previous apply would have left them.
await endToEnd(resources.filter((r) => ['network', 'subnet', 'security_group', 'security_group_rule'].includes(r.kind)));

async function endToEnd(neutron: DesiredResource[]): Promise<void> {
  const { mkdtemp, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { startSimulator } = await import('../src/simulator/index.js');
  const { createNetwork } = await import('../src/simulator/neutron/networks.js');
  const { createSubnet } = await import('../src/simulator/neutron/subnets.js');
  const { addRule, createSecurityGroup } = await import('../src/simulator/neutron/securityGroups.js');
  const { securityGroupRules } = await import('../src/simulator/neutron/model.js');
  const { loadCloudConfig } = await import('../src/executors/openstack/cloudConfig.js');
  const { createOpenStackClient } = await import('../src/executors/openstack/client.js');
  const { planCommit } = await import('../src/reconcile/planCommit.js');
  const { createMemoryEventStore } = await import('../src/events/memoryStore.js');
  const sim = await startSimulator();
  const dir = await mkdtemp(join(tmpdir(), 'stackshift-bench-'));
  try {
    await sim.writeCloudsYaml(join(dir, 'clouds.yaml'));
    const env = { OS_CLIENT_CONFIG_FILE: join(dir, 'clouds.yaml') };
    const dst = createOpenStackClient(await loadCloudConfig('dst', { env }));
    const src = createOpenStackClient(await loadCloudConfig('src', { env }));
    const project = await dst.projectId();
    const cloud = sim.cloud('destination');
    for (const r of ['network', 'subnet', 'security_group', 'security_group_rule']) cloud.quotas.set(project, r, -1);
    const ns = new Map<string, string>();
    const groups = new Map<string, ReturnType<typeof createSecurityGroup>>();
    const items = desiredItems(state(neutron, config()));
    for (const { kind, spec } of items) {
      if (kind === 'network') ns.set(String(spec.name), createNetwork(cloud, project, { ...spec, tags: ['app', 'stackshift'] }).id);
      if (kind === 'subnet') createSubnet(cloud, project, { ...spec, network: undefined, network_id: ns.get(String(spec.network)), tags: ['stackshift'] });
      if (kind === 'security_group') {
        const group = createSecurityGroup(cloud, project, { name: spec.name, description: spec.description });
        group.tags = ['stackshift'];
        // As stackshift leaves a group: without the rules Neutron adds to a new one.
        for (const rule of securityGroupRules(cloud).filter((r) => r.security_group_id === group.id)) securityGroupRules(cloud).delete(rule.id);
        groups.set(String(spec.name), group);
      }
    }
    for (const { kind, spec } of items) {
      if (kind === 'security_group_rule') addRule(cloud, groups.get(String(spec.security_group))!, { direction: spec.direction, ethertype: spec.ethertype, protocol: spec.protocol, port_range_min: spec.port_range_min, port_range_max: spec.port_range_max, remote_ip_prefix: spec.remote_ip_prefix });
    }
    const desired = state(neutron, config());
    const full = { ...desired, workloads: { workloads: [] }, reclaim: { nodes: [] } } as never;
    await planCommit({ source: src, destination: dst }, createMemoryEventStore(), full, 'warm'); // token, catalog
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const { plan } = await planCommit({ source: src, destination: dst }, createMemoryEventStore(), full, 'bench');
    const cpu = process.cpuUsage(cpu0);
    if (plan.changes.length !== 0) throw new Error(`expected no changes, got ${JSON.stringify(plan.summary)}`);
    console.log(`end to end, observe over HTTP + plan, ${items.length} Neutron resources already present: ${(performance.now() - t0).toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU (client and simulator share this process); ${plan.changes.length} changes`);
    console.log(`peak rss: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
    await dst.close();
    await src.close();
  } finally {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}
