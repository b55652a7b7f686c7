/**
 * Preflight of a conversion-host pair, shared by workloads and detached volumes: both hosts are
 * ACTIVE servers in their clouds, answer over SSH with their pinned host keys, and have what the
 * data path needs. A host that cannot be reached right now (a dropped link, sshd restarting) is
 * `transient` and retried; a wrong host key, a missing key file or a missing tool is `blocking`
 * until a commit fixes it.
 */
import type { ConversionHostPair } from '../../desired/model.js';
import { isStackshiftError } from '../../errors.js';
import { preflightConversionHost } from '../../transfer/preflight.js';
import { serverNamed } from './cloudOps.js';
import type { WorkloadPorts } from './steps/context.js';

export async function conversionHostProblems(ports: WorkloadPorts, pair: ConversionHostPair, signal: AbortSignal): Promise<{ blocking: string[]; transient: string[] }> {
  const blocking: string[] = [];
  const transient: string[] = [];
  const hostTrouble = (err: unknown): undefined => {
    const message = err instanceof Error ? err.message : String(err);
    (isStackshiftError(err) && err.retry !== 'never' ? transient : blocking).push(message);
    return undefined;
  };
  for (const [side, cloud] of [['source', ports.source], ['destination', ports.destination]] as const) {
    const host = pair[side];
    const hostServer = await serverNamed(cloud, host.server, `${side} conversion-host`).catch((err: Error) => (blocking.push(err.message), undefined));
    if (hostServer && hostServer.status !== 'ACTIVE') blocking.push(`${side} conversion host ${host.server} is ${hostServer.status}, not ACTIVE`);
    const shell = await ports.conversionHosts.open(host, signal).catch(hostTrouble);
    if (!shell) continue;
    try {
      await preflightConversionHost(shell, { devicesDir: host.devicesDir, needsSshClient: side === 'destination' }).catch(hostTrouble);
    } finally {
      shell.close();
    }
  }
  return { blocking, transient };
}
