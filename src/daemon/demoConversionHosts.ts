/**
 * The demo's conversion hosts and what its copy of example-repo/ says about them: an SSH client
 * key made for this run, the in-process hosts of every pair (simulated host keys, the key
 * authorized), and stackshift.yaml rewritten in the copy to use that key and the devices the
 * simulated clouds expose, on the free ports the hosts listen on. Windows are rewritten to be open now (the demo does not wait for
 * Friday night): every schedule becomes `* * * * *` lasting a day; the real ones stay in example-repo/.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import type { ConversionHostPair } from '../desired/model.js';
import { pointPairsAtFleet, startConversionHostFleet, withDefaultPorts, type ConversionHostFleet } from '../simulator/conversionHosts/fleet.js';
import { newEd25519Key } from '../ssh/ed25519Key.js';

export interface DemoConversionHosts {
  fleet: ConversionHostFleet;
  /** Rewrites stackshift.yaml in a repository copy (before its commit). */
  editRepo(dir: string): Promise<void>;
}

type Side = 'source' | 'destination';

export async function startDemoConversionHosts(options: { exampleDir: string; workDir: string; devicesDir: Record<Side, string> }): Promise<DemoConversionHosts> {
  const key = newEd25519Key('stackshift-demo');
  const keyPath = join(options.workDir, 'conversion_ed25519');
  await writeFile(keyPath, key.private, { mode: 0o600 });
  const doc = parseDocument(await readFile(join(options.exampleDir, 'stackshift.yaml'), 'utf8'));
  const pairs = withDefaultPorts((doc.toJS() as { conversionHosts?: ConversionHostPair[] }).conversionHosts ?? []);
  const fleet = await startConversionHostFleet({ pairs, authorizedKey: key.public, devicesDir: options.devicesDir, workDir: join(options.workDir, 'conversion-hosts'), anyPort: true });
  return {
    fleet,
    async editRepo(dir) {
      const path = join(dir, 'stackshift.yaml');
      const copy = parseDocument(await readFile(path, 'utf8'));
      pointPairsAtFleet(copy, pairs, fleet, keyPath, options.devicesDir);
      const windows = (copy.toJS() as { windows?: unknown[] }).windows ?? [];
      windows.forEach((_, i) => {
        copy.setIn(['windows', i, 'schedule'], '* * * * *');
        copy.setIn(['windows', i, 'duration'], '24h');
      });
      await writeFile(path, copy.toString());
    },
  };
}
