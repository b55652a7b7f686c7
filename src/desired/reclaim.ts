/**
 * reclaim.yaml → ReclaimPlan: schema, then uniqueness of hosts, BMC addresses and NIC MACs,
 * exactly one password reference per BMC, and a scale-out hook for nodes that go all the way.
 */
import type { ReclaimNode, ReclaimPlan } from './model.js';
import { durationMs } from './cron.js';
import type { Problem } from './problem.js';
import { schemaProblems } from './schemaProblems.js';
import { validators } from './schemas.js';
import { lineAt, problemAt, type YamlFile } from './yamlFile.js';

type Raw = Record<string, any>;

export const RECLAIM_DEFAULTS = { headroomPercent: 10, movesAtOnce: 2, moveTimeoutMs: 15 * 60_000 } as const;

export function readReclaim(file: YamlFile | undefined, problems: Problem[]): ReclaimPlan | undefined {
  if (!file) return { ...RECLAIM_DEFAULTS, nodes: [] };
  const validate = validators().reclaim;
  const before = problems.length;
  if (!validate(file.value)) problems.push(...schemaProblems(file, validate.errors));
  const list: Raw[] = Array.isArray((file.value as Raw | null)?.nodes) ? (file.value as Raw).nodes : [];
  const hosts = new Map<string, number>();
  const bmcs = new Map<string, string>();
  const macs = new Map<string, string>();
  list.forEach((node, i) => {
    if (!node || typeof node !== 'object') return;
    const at = (path: (string | number)[], message: string, hint: string): void => {
      problems.push(problemAt(file, ['nodes', i, ...path], message, hint));
    };
    if (typeof node.host === 'string') {
      if (hosts.has(node.host)) at(['host'], `compute host '${node.host}' is listed twice`, 'keep one entry per host');
      hosts.set(node.host, i);
    }
    const bmc = node.bmc as Raw | undefined;
    if (bmc && typeof bmc === 'object') {
      const refs = ['passwordFile', 'passwordEnv'].filter((k) => bmc[k] !== undefined);
      if (refs.length !== 1) {
        at(['bmc'], `node '${node.host}': the BMC needs exactly one of passwordFile or passwordEnv (found ${refs.length === 0 ? 'none' : 'both'})`,
          'name a file or an environment variable that holds the password; the password itself never goes in the repository');
      }
      if (typeof bmc.address === 'string') {
        const endpoint = `${bmc.driver}://${bmc.address}:${bmc.port ?? ''}${bmc.systemId ?? ''}`;
        const other = bmcs.get(endpoint);
        if (other !== undefined) at(['bmc', 'address'], `node '${node.host}' has the same BMC as node '${other}'`, 'each node has its own BMC; check address and port');
        bmcs.set(endpoint, node.host);
      }
      if (bmc.cipherSuite !== undefined && bmc.driver === 'redfish') {
        at(['bmc', 'cipherSuite'], `node '${node.host}': cipherSuite is an IPMI setting, but this BMC is reached through Redfish`, 'remove cipherSuite, or set driver: ipmi');
      }
      if (bmc.auth !== undefined && bmc.driver === 'ipmi') {
        at(['bmc', 'auth'], `node '${node.host}': auth is a Redfish setting, but this BMC is reached through IPMI`, 'remove auth, or set driver: redfish');
      }
      if (node.ironic?.driver !== undefined && bmc.driver !== undefined && node.ironic.driver !== bmc.driver) {
        at(['ironic', 'driver'], `node '${node.host}': Ironic driver '${node.ironic.driver}' differs from the BMC driver '${bmc.driver}'`, 'Ironic manages the node through the same BMC protocol; make them equal');
      }
    }
    (Array.isArray(node.ironic?.ports) ? node.ironic.ports : []).forEach((port: Raw, n: number) => {
      if (typeof port?.address !== 'string') return;
      const mac = port.address.toLowerCase();
      const other = macs.get(mac);
      if (other !== undefined) at(['ironic', 'ports', n, 'address'], `MAC ${port.address} is also a port of node '${other}'`, 'MAC addresses are unique; check the hardware inventory');
      macs.set(mac, node.host);
    });
    if (node.stage === 'deployed' && typeof node.scaleOutHook !== 'string') {
      at(['stage'], `node '${node.host}' goes to stage deployed but names no scaleOutHook`, 'name the scale-out hook that adds it as a compute node, or stop at stage available');
    }
  });
  if (problems.length > before) return undefined;
  const nodes: ReclaimNode[] = list.map((node, i) => ({
    ...(node as Omit<ReclaimNode, 'file' | 'line'>),
    drain: node.drain ?? 'live-migrate',
    ironic: {
      properties: {},
      ...node.ironic,
      ports: node.ironic.ports.map((p: Raw) => ({ pxeEnabled: true, ...p })),
    },
    file: file.path,
    line: lineAt(file, ['nodes', i]),
  }));
  const top = file.value as Raw;
  return {
    headroomPercent: top.headroomPercent ?? RECLAIM_DEFAULTS.headroomPercent,
    movesAtOnce: top.movesAtOnce ?? RECLAIM_DEFAULTS.movesAtOnce,
    moveTimeoutMs: typeof top.moveTimeout === 'string' ? durationMs(top.moveTimeout) : RECLAIM_DEFAULTS.moveTimeoutMs,
    nodes,
  };
}
