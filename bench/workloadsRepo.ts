/**
 * Bench helper: a desired-state repository made from example-repo/ with N more servers in
 * snapshots/workloads.yml, all of them selected in workloads.yaml (the example's own servers
 * stay in the export, unselected), plus what they use: one network and /22 subnet per 250
 * servers, a flavor, a keypair, a security group with two rules, and a second conversion-host
 * pair in stackshift.yaml (pinning the key its simulated host presents).
 *
 * The servers are clones of the example's: `app-1` (boots from an image, one 10 GiB data
 * volume), `web-2` (boots from an image, no volume) and `db-1` (boots from a volume, plus a data
 * volume), cycled as `mix` says; each gets its own ids, MAC, fixed IP and volume names.
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, parseDocument, stringify } from 'yaml';
import { exampleRepoDir } from '../src/paths.js';
import { simulatedHostKey } from '../src/simulator/conversionHosts/hostKeys.js';
import { newEd25519Key } from '../src/ssh/ed25519Key.js';

type Json = Record<string, any>;
export type Template = 'app-1' | 'web-2' | 'db-1';

export interface GenerateOptions {
  /** How many servers to add (and select). */
  servers: number;
  /** Example servers cloned, in turn. Default: app-1, web-2, app-1, db-1. */
  mix?: Template[];
  /** Waves the selection is spread over (server i is in wave 1 + i mod waves). Default 4. */
  waves?: number;
  /** Conversion-host pairs (1 or 2); server i uses pair-(1 + ⌊i / waves⌋ mod pairs). Default 2. */
  pairs?: 1 | 2;
  /** Size of each cloned data volume in GiB (the example's are 10 and 40). Default: the example's. */
  dataVolumeGb?: number;
  /** Name prefix of the servers (wl-0001, ...). */
  prefix?: string;
}

export interface GeneratedRepo {
  dir: string;
  /** The added (and selected) servers, in order. */
  servers: string[];
  /** Names of the added volumes that hold data in the source (data and boot volumes). */
  volumes: string[];
  /** Counts of the resources the snapshot files hold (all kinds). */
  counts: Record<string, number>;
}

const PER_NETWORK = 250;
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
/** A UUID-shaped id, unique per (kind, index), varying in its first characters (device names use the first 20). */
const uuid = (kind: number, i: number) => `${hex(i, 8)}-${hex(kind, 4)}-5b0c-8b0c-${hex(0xbe4c00000000 + i, 12)}`;
const ref = (name: string) => ({ domain_name: '%auth%', name, project_name: '%auth%' });
const clone = <T>(x: T): T => structuredClone(x);

async function readSnap(dir: string, file: string): Promise<Json> {
  return parse(await readFile(join(dir, 'snapshots', file), 'utf8')) as Json;
}
async function writeSnap(dir: string, file: string, doc: Json): Promise<void> {
  await writeFile(join(dir, 'snapshots', file), stringify(doc, { lineWidth: 0 }));
}

/** Copies example-repo/ to `dir` and adds the servers. `dir` must not exist or be empty. */
export async function generateRepo(dir: string, options: GenerateOptions): Promise<GeneratedRepo> {
  const mix = options.mix ?? ['app-1', 'web-2', 'app-1', 'db-1'];
  const waves = options.waves ?? 4;
  const pairs = options.pairs ?? 2;
  const prefix = options.prefix ?? 'wl';
  await cp(exampleRepoDir(), dir, { recursive: true, filter: (src) => !/[\\/](\.git|node_modules)$/.test(src) });

  const [workloads, networks, subnets, flavors, keypairs, groups, rules] = await Promise.all(
    ['workloads.yml', 'networks.yml', 'subnets.yml', 'flavors.yml', 'keypairs.yml', 'security_groups.yml', 'security_group_rules.yml'].map((f) => readSnap(dir, f)),
  ) as [Json, Json, Json, Json, Json, Json, Json];
  const byName = (doc: Json, name: string): Json => {
    const r = (doc.resources as Json[]).find((x) => x.params?.name === name);
    if (!r) throw new Error(`example-repo has no ${name}`);
    return r;
  };

  // Networks and subnets: 10.(100 + 4k).0.0/22 each, 250 servers on each.
  const netCount = Math.max(1, Math.ceil(options.servers / PER_NETWORK));
  for (let k = 0; k < netCount; k++) {
    const netId = uuid(0x0e71, k);
    const subnetId = uuid(0x5b17, k);
    const base = `10.${100 + k * 4}`;
    const net = clone(byName(networks, 'app-net'));
    Object.assign(net._info, { id: netId, subnet_ids: [subnetId] });
    Object.assign(net.params, { name: `${prefix}-net-${k + 1}`, description: `bench network ${k + 1}` });
    networks.resources.push(net);
    const sub = clone(byName(subnets, 'app-subnet'));
    Object.assign(sub._info, { id: subnetId, network_id: netId });
    Object.assign(sub.params, {
      name: `${prefix}-subnet-${k + 1}`, cidr: `${base}.0.0/22`, gateway_ip: `${base}.0.1`,
      allocation_pools: [{ start: `${base}.0.10`, end: `${base}.3.250` }], network_ref: ref(`${prefix}-net-${k + 1}`),
    });
    subnets.resources.push(sub);
  }

  const flavor = clone(byName(flavors, 'm1.small'));
  const flavorId = uuid(0xf1a0, 0);
  Object.assign(flavor._info, { id: flavorId });
  Object.assign(flavor.params, { name: `${prefix}.small`, ram: 1024, disk: 10, extra_specs: {} });
  flavors.resources.push(flavor);

  const keypair = clone(byName(keypairs, 'acme-deploy'));
  const key = newEd25519Key(`${prefix}-deploy`);
  Object.assign(keypair._info, { id: `${prefix}-deploy` });
  Object.assign(keypair.params, { name: `${prefix}-deploy`, public_key: key.public });
  keypairs.resources.push(keypair);

  const group = clone(byName(groups, 'app-sg'));
  const groupId = uuid(0x5e60, 0);
  Object.assign(group._info, { id: groupId });
  Object.assign(group.params, { name: `${prefix}-sg`, description: 'bench servers: SSH and 8080' });
  groups.resources.push(group);
  const rule0 = (rules.resources as Json[]).find((r) => r.params.protocol === 'tcp')!;
  [22, 8080].forEach((port, n) => {
    const rule = clone(rule0);
    Object.assign(rule._info, { id: uuid(0x5e61, n), security_group_id: groupId });
    Object.assign(rule.params, { description: `port ${port}`, port_range_min: port, port_range_max: port, remote_ip_prefix: '10.0.0.0/8', security_group_ref: ref(`${prefix}-sg`) });
    rules.resources.push(rule);
  });

  // The servers.
  const templates = new Map(mix.map((t) => [t, byName(workloads, t)]));
  const names: string[] = [];
  const volumes: string[] = [];
  for (let i = 0; i < options.servers; i++) {
    const template = mix[i % mix.length]!;
    const s = clone(templates.get(template)!);
    const name = `${prefix}-${String(i + 1).padStart(4, '0')}`;
    const serverId = uuid(0x5e7e, i);
    const net = Math.floor(i / PER_NETWORK);
    const j = i % PER_NETWORK;
    const base = `10.${100 + net * 4}`;
    const ip = `${base}.${Math.floor((10 + j) / 256)}.${(10 + j) % 256}`;
    const small = template !== 'db-1' && i % 2 === 1;
    Object.assign(s._info, { id: serverId, hypervisor_hostname: `compute-${2 + (i % 3)}`, security_group_ids: [groupId], ...(small ? { flavor_id: flavorId } : {}) });
    s.params.name = name;
    s.params.description = `bench ${template} clone ${i + 1}`;
    s.params.key_name = `${prefix}-deploy`;
    s.params.floating_ips = [];
    s.params.security_group_refs = [ref(`${prefix}-sg`)];
    if (small) s.params.flavor_ref = { domain_name: null, name: `${prefix}.small`, project_name: null };
    const port = s.params.ports[0];
    Object.assign(port._info, { id: uuid(0x9077, i), device_id: serverId });
    port.params.mac_address = `fa:16:3e:b0:${hex((i >> 8) & 0xff, 2)}:${hex(i & 0xff, 2)}`;
    port.params.fixed_ips_refs = [{ ip_address: ip, subnet_ref: ref(`${prefix}-subnet-${net + 1}`) }];
    port.params.network_ref = ref(`${prefix}-net-${net + 1}`);
    s.params.ports = [port];
    (s.params.volumes as Json[]).forEach((v, n) => {
      const boot = v._info.is_bootable === true;
      const volName = `${name}-${boot ? 'root' : 'data'}`;
      Object.assign(v._info, { id: uuid(0x7010 + n, i), attachments: [{ ...v._info.attachments[0], server_id: serverId }] });
      if (!boot && options.dataVolumeGb !== undefined) v._info.size = options.dataVolumeGb;
      v.params.name = volName;
      volumes.push(volName);
    });
    workloads.resources.push(s);
    names.push(name);
  }

  await Promise.all([
    writeSnap(dir, 'workloads.yml', workloads), writeSnap(dir, 'networks.yml', networks), writeSnap(dir, 'subnets.yml', subnets),
    writeSnap(dir, 'flavors.yml', flavors), writeSnap(dir, 'keypairs.yml', keypairs), writeSnap(dir, 'security_groups.yml', groups),
    writeSnap(dir, 'security_group_rules.yml', rules),
  ]);

  // stackshift.yaml: a second pair, its simulated hosts' keys pinned.
  const configPath = join(dir, 'stackshift.yaml');
  const config = parseDocument(await readFile(configPath, 'utf8'));
  if (pairs === 2) {
    const first = (config.toJS() as Json).conversionHosts[0] as Json;
    const side = (s: Json, server: string, port: number) => ({ ...s, server, port, hostKey: simulatedHostKey(server).public });
    config.addIn(['conversionHosts'], { name: 'pair-2', source: side(first.source, 'stackshift-conv-src-2', 2224), destination: side(first.destination, 'stackshift-conv-dst-2', 2225) });
  }
  await writeFile(configPath, config.toString());

  await writeFile(join(dir, 'workloads.yaml'), selectionYaml(names, waves, pairs));

  const counts: Record<string, number> = {};
  for (const [kind, doc] of Object.entries({ server: workloads, network: networks, subnet: subnets, flavor: flavors, keypair: keypairs, security_group: groups, security_group_rule: rules })) counts[kind] = doc.resources.length;
  return { dir, servers: names, volumes, counts };
}

/**
 * workloads.yaml selecting `names`: server i in wave 1 + i mod waves (even waves in the weekend
 * window) through pair-(1 + ⌊i / waves⌋ mod pairs), so every wave uses every pair.
 */
export function selectionYaml(names: string[], waves: number, pairs: number): string {
  const lines = [
    '# Generated by bench/workloadsRepo.ts.',
    'version: 1',
    'defaults:',
    '  mode: cold',
    '  stopSource: true',
    '  window: weeknights',
    '  conversionHostPair: pair-1',
    'workloads:',
  ];
  names.forEach((server, i) => {
    const wave = 1 + (i % waves);
    lines.push(`  - server: ${server}`, `    wave: ${wave}`);
    if (wave % 2 === 0) lines.push('    window: weekend');
    lines.push(`    conversionHostPair: pair-${1 + (Math.floor(i / waves) % pairs)}`);
  });
  return `${lines.join('\n')}\n`;
}

/** Keeps only pair-1 in a repository's stackshift.yaml (for a one-pair run of the same estate). */
export async function keepOnePair(dir: string): Promise<void> {
  const path = join(dir, 'stackshift.yaml');
  const doc = parseDocument(await readFile(path, 'utf8'));
  const pairs = (doc.toJS() as Json).conversionHosts as Json[];
  for (let i = pairs.length - 1; i >= 1; i--) doc.deleteIn(['conversionHosts', i]);
  await writeFile(path, doc.toString());
  const sel = await readFile(join(dir, 'workloads.yaml'), 'utf8');
  await writeFile(join(dir, 'workloads.yaml'), sel.replace(/conversionHostPair: pair-\d+/g, 'conversionHostPair: pair-1'));
}
