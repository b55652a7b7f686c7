/** stackshift's own OpenStack client, pointed at the conformance clouds (member of src, admin). */
import { createOpenStackClient, type OpenStackClient } from '../../../src/executors/openstack/client.js';
import { loadCloudConfig } from '../../../src/executors/openstack/cloudConfig.js';
import { conformanceEnv } from './childSuite.js';

export interface RealClients { source: OpenStackClient; destination: OpenStackClient; admin: OpenStackClient; close(): Promise<void> }

export async function openRealClients(): Promise<RealClients> {
  const env = conformanceEnv();
  const options = { env: { ...process.env, OS_CLIENT_CONFIG_FILE: env.STACKSHIFT_CONFORMANCE_CLOUDS } };
  const open = async (name: string) => createOpenStackClient(await loadCloudConfig(name, options));
  const source = await open(env.STACKSHIFT_CONFORMANCE_SOURCE!);
  const destination = await open(env.STACKSHIFT_CONFORMANCE_DESTINATION!);
  const admin = await open(env.STACKSHIFT_CONFORMANCE_ADMIN!);
  return { source, destination, admin, close: async () => { await Promise.all([source.close(), destination.close(), admin.close()]); } };
}
