/**
 * The BMCs `stackshift sim` serves for the scenario's bare-metal machines, so `stackshift apply`
 * in another process can reclaim them: Redfish ones are already served by the simulator (their
 * URL and certificate fingerprint are listed to pin); IPMI ones run on OpenIPMI's ipmi_sim where
 * it is installed (the machine's record then points at that port, so the simulated Ironic finds
 * it), and are listed as not served, with how to get them, where it is not — never silently.
 */
import { X509Certificate } from 'node:crypto';
import type { SimCloud } from '../core/cloud.js';
import { bmcEndpoint } from '../redfish/index.js';
import { machines } from '../redfish/registry.js';
import { selfSignedCertificate } from '../redfish/tls.js';
import { ipmiSimAvailable, startIpmiSim, type IpmiSimBmc } from './ipmiSim.js';

export interface SimBmcs {
  /** One line per machine: how to reach its BMC. */
  lines: string[];
  stop(): Promise<void>;
}

export async function startSimBmcs(cloud: SimCloud): Promise<SimBmcs> {
  const lines: string[] = [];
  const running: IpmiSimBmc[] = [];
  const tls = selfSignedCertificate();
  const pin = tls ? new X509Certificate(tls.cert).fingerprint256 : undefined;
  const canIpmi = ipmiSimAvailable();
  for (const m of machines(cloud).values()) {
    if (m.driver === 'redfish') {
      const live = bmcEndpoint(cloud, m.id);
      if (live) lines.push(`bmc ${m.id} redfish ${live.url} systemId=${live.systemPath}${pin && live.url.startsWith('https') ? ` certificateSha256=${pin}` : ''}`);
      continue;
    }
    if (!canIpmi) {
      lines.push(`bmc ${m.id} ipmi: not served (install ipmitool and openipmi to run it on ipmi_sim)`);
      continue;
    }
    const bmc = await startIpmiSim({ username: m.username, password: m.password, powerOn: m.powerState === 'On' });
    running.push(bmc);
    m.seededAddress = bmc.host;
    m.seededPort = bmc.port;
    lines.push(`bmc ${m.id} ipmi ${bmc.host}:${bmc.port} (ipmi_sim; use -C 3)`);
  }
  return {
    lines,
    async stop() {
      await Promise.all(running.map((b) => b.close()));
    },
  };
}
