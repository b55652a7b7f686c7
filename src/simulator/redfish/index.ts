/**
 * The bare-metal machines and their BMCs, as a service module without a catalog entry (BMCs are
 * not OpenStack services): seed puts the scenario's machines in state; start gives every
 * Redfish machine its own loopback HTTP endpoint. `bmcEndpoint` tells a caller (the demo, a
 * test) the live URL, since the scenario's address cannot be bound on a shared machine.
 */
import type { SimCloud } from '../core/cloud.js';
import type { ServiceModule } from '../core/service.js';
import { machines, registerMachineCloud, rememberBmcUrl, seedMachines } from './registry.js';
import { startRedfishBmc } from './server.js';
import { selfSignedCertificate } from './tls.js';

export const redfish: ServiceModule = {
  name: 'redfish',
  seed(c, scenario) {
    seedMachines(c, scenario.baremetal ?? []);
  },
  async start(c) {
    registerMachineCloud(c);
    for (const m of machines(c).values()) {
      if (m.driver !== 'redfish') continue;
      // Faults injected for service 'redfish' (route = request path) apply to every BMC of the cloud.
      // A BMC the scenario addresses as https:// serves TLS with a self-signed certificate, as real ones do.
      const tls = m.seededAddress.startsWith('https://') ? selfSignedCertificate() : undefined;
      const bmc = await startRedfishBmc(() => machines(c).get(m.id), { fault: (method, path) => c.faults.take('redfish', method, path, path), ...(tls ? { tls } : {}) });
      rememberBmcUrl(c, m.id, bmc.url);
      c.onClose(() => bmc.close());
    }
  },
};

/** The live Redfish URL and system path of a machine, or undefined for IPMI/unknown machines. */
export function bmcEndpoint(c: SimCloud, machineName: string): { url: string; systemPath: string } | undefined {
  const m = machines(c).get(machineName);
  if (!m?.bmcUrl) return undefined;
  return { url: m.bmcUrl, systemPath: `/redfish/v1/Systems/${m.id}` };
}
