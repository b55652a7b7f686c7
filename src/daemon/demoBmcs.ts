/**
 * The demo's BMCs and what its copy of example-repo/ says about them. Redfish nodes point at the
 * simulator's live Redfish BMCs (each on its own loopback port, self-signed TLS), with the
 * password the simulated BMC accepts given the way reclaim.yaml asks for it: a file written for
 * this run (mode 600) or a variable set for the demo's daemon — never printed. IPMI nodes would
 * need ipmitool and OpenIPMI's ipmi_sim, which the demo does not run: they go as far as stage
 * removed (nothing of theirs needs the BMC until then), and the demo says so.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import type { SimCloud } from '../simulator/core/cloud.js';
import { bmcEndpoint } from '../simulator/redfish/index.js';
import { machines } from '../simulator/redfish/registry.js';
import { selfSignedCertificate } from '../simulator/redfish/tls.js';
import { X509Certificate } from 'node:crypto';

interface RawNode {
  host: string;
  stage: string;
  bmc: { driver: string; passwordFile?: string; passwordEnv?: string };
}

const BEYOND_REMOVED = new Set(['enrolled', 'available', 'deployed']);

export interface DemoBmcs {
  /** Variables the demo's daemon reads BMC passwords from. */
  env: Record<string, string>;
  /** Rewrites reclaim.yaml in a repository copy (before its commit). */
  editRepo(dir: string): Promise<void>;
}

export function demoBmcs(options: { source: SimCloud; workDir: string; say: (line: string) => void }): DemoBmcs {
  const env: Record<string, string> = {};
  return {
    env,
    async editRepo(dir) {
      const path = join(dir, 'reclaim.yaml');
      const doc = parseDocument(await readFile(path, 'utf8').catch(() => 'version: 1\nnodes: []\n'));
      const nodes = ((doc.toJS() as { nodes?: RawNode[] }).nodes ?? []);
      for (const [i, node] of nodes.entries()) {
        const machine = machines(options.source).get(node.host);
        if (node.bmc.driver === 'redfish') {
          const live = bmcEndpoint(options.source, node.host);
          if (live) doc.setIn(['nodes', i, 'bmc', 'address'], live.url);
          // The simulated BMC's self-signed certificate is pinned, as an operator would pin a real one.
          const tls = selfSignedCertificate();
          if (tls) {
            doc.setIn(['nodes', i, 'bmc', 'certificateSha256'], new X509Certificate(tls.cert).fingerprint256);
            doc.deleteIn(['nodes', i, 'bmc', 'verifyTls']);
          }
        } else if (BEYOND_REMOVED.has(node.stage)) {
          options.say(`${node.host}'s BMC speaks IPMI, and the demo runs no IPMI BMC (ipmitool needs a real one or OpenIPMI's ipmi_sim): in this demo it stops at stage removed instead of ${node.stage}`);
          doc.setIn(['nodes', i, 'stage'], 'removed');
        }
        const password = machine?.password ?? 'password';
        if (node.bmc.passwordEnv) env[node.bmc.passwordEnv] = password;
        if (node.bmc.passwordFile) {
          await mkdir(join(options.workDir, 'bmc'), { recursive: true, mode: 0o700 });
          const file = join(options.workDir, 'bmc', node.host);
          await writeFile(file, `${password}\n`, { mode: 0o600 });
          doc.setIn(['nodes', i, 'bmc', 'passwordFile'], file);
        }
      }
      await writeFile(path, doc.toString());
    },
  };
}
