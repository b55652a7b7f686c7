/**
 * Scenario files (YAML). Same shape as the Scenario type, plus two conveniences per cloud:
 *   snapshots: <dir>   every *.yml/*.yaml in it is an OS-Migrate envelope; its resources are seeded
 *   reclaim: <file>    a reclaim.yaml; its nodes become compute hosts and bare-metal machines
 * Relative paths are relative to the scenario file. Problems name the file and the field.
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { StackshiftError, codes } from '../errors.js';
import type { BaremetalSeed, CloudScenario, HostSeed, ResourceSeed, Scenario } from './scenario.js';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

export async function loadScenario(path: string): Promise<Scenario> {
  const file = resolve(path);
  let doc: unknown;
  try {
    doc = parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new StackshiftError(codes.USAGE, `cannot read scenario ${path}: ${(err as Error).message}`, { exitCode: 2, hint: 'pass a YAML file with source: and destination: clouds' });
  }
  if (!isObj(doc)) throw invalid(path, '(top level)', 'a mapping with source: and destination:');
  const base = dirname(file);
  const scenario: Scenario = {
    source: await cloudScenario(path, base, doc.source, 'source'),
    destination: await cloudScenario(path, base, doc.destination, 'destination'),
  };
  if (typeof doc.seed === 'number') scenario.seed = doc.seed;
  return scenario;
}

function invalid(path: string, field: string, expected: string): StackshiftError {
  return new StackshiftError(codes.USAGE, `scenario ${path}: ${field} must be ${expected}`, { exitCode: 2 });
}

async function cloudScenario(path: string, base: string, raw: unknown, name: string): Promise<CloudScenario> {
  if (!isObj(raw)) throw invalid(path, name, 'a mapping (projects, users, hosts, ...)');
  for (const key of ['projects', 'users'] as const) {
    if (!Array.isArray(raw[key])) throw invalid(path, `${name}.${key}`, 'a list');
  }
  const { snapshots, reclaim, ...rest } = raw;
  const cloud = rest as unknown as CloudScenario;
  if (typeof snapshots === 'string') cloud.resources = [...(cloud.resources ?? []), ...(await readSnapshots(join(base, snapshots)))];
  if (typeof reclaim === 'string') {
    const machines = await readReclaim(join(base, reclaim));
    cloud.baremetal = [...(cloud.baremetal ?? []), ...machines.baremetal];
    const known = new Set((cloud.hosts ?? []).map((h) => h.name));
    cloud.hosts = [...(cloud.hosts ?? []), ...machines.hosts.filter((h) => !known.has(h.name))];
  }
  return cloud;
}

/** Every resource of every OS-Migrate envelope in `dir`; a missing directory gives none. */
export async function readSnapshots(dir: string): Promise<ResourceSeed[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort();
  } catch {
    return [];
  }
  const out: ResourceSeed[] = [];
  for (const n of names) {
    const doc: unknown = parse(await readFile(join(dir, n), 'utf8'));
    if (!isObj(doc) || !Array.isArray(doc.resources)) continue;
    for (const r of doc.resources) if (isObj(r) && typeof r.type === 'string' && isObj(r.params)) out.push(r as unknown as ResourceSeed);
  }
  return out;
}

/** Compute hosts and bare-metal machines from a reclaim.yaml; a missing file gives none. */
export async function readReclaim(file: string): Promise<{ hosts: HostSeed[]; baremetal: BaremetalSeed[] }> {
  let doc: unknown;
  try {
    doc = parse(await readFile(file, 'utf8'));
  } catch {
    return { hosts: [], baremetal: [] };
  }
  const nodes = isObj(doc) && Array.isArray(doc.nodes) ? doc.nodes.filter(isObj) : [];
  const hosts: HostSeed[] = [];
  const baremetal: BaremetalSeed[] = [];
  for (const node of nodes) {
    if (typeof node.host !== 'string' || !isObj(node.bmc)) continue;
    const bmc = node.bmc;
    const props = isObj(node.ironic) && isObj(node.ironic.properties) ? node.ironic.properties : {};
    const ports = isObj(node.ironic) && Array.isArray(node.ironic.ports) ? node.ironic.ports.filter(isObj) : [];
    const vcpus = Number(props.cpus ?? 16);
    const memory = Number(props.memory_mb ?? 65536);
    const disk = Number(props.local_gb ?? 500);
    hosts.push({ name: node.host, vcpus, memory_mb: memory, disk_gb: disk });
    const passwordRef = String(bmc.passwordEnv ?? bmc.passwordFile ?? '');
    // The simulated BMC accepts the password the operator would supply: the variable's value when
    // it is set in this process, else "password".
    const password = typeof bmc.passwordEnv === 'string' ? (process.env[bmc.passwordEnv] ?? 'password') : 'password';
    baremetal.push({
      name: node.host,
      host: node.host,
      bmc: {
        driver: bmc.driver === 'ipmi' ? 'ipmi' : 'redfish',
        address: String(bmc.address ?? ''),
        ...(typeof bmc.port === 'number' ? { port: bmc.port } : {}),
        username: String(bmc.username ?? ''),
        passwordRef,
        password,
      },
      macs: ports.map((p) => String(p.address)),
      vcpus,
      memory_mb: memory,
      disk_gb: disk,
    });
  }
  return { hosts, baremetal };
}
