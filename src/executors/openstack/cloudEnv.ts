/**
 * The `envvars` cloud: the OS_* variables of an openrc file, mapped onto a clouds.yaml entry so
 * both paths share one set of checks.
 */
import { normaliseEntry } from './cloudEntry.js';
import type { CloudConfig } from './types.js';

const authVars: Record<string, string> = {
  OS_AUTH_URL: 'auth_url',
  OS_USERNAME: 'username',
  OS_USER_ID: 'user_id',
  OS_PASSWORD: 'password',
  OS_PROJECT_NAME: 'project_name',
  OS_TENANT_NAME: 'project_name',
  OS_PROJECT_ID: 'project_id',
  OS_TENANT_ID: 'project_id',
  OS_USER_DOMAIN_NAME: 'user_domain_name',
  OS_USER_DOMAIN_ID: 'user_domain_id',
  OS_PROJECT_DOMAIN_NAME: 'project_domain_name',
  OS_PROJECT_DOMAIN_ID: 'project_domain_id',
  OS_DOMAIN_NAME: 'domain_name',
  OS_DOMAIN_ID: 'domain_id',
  OS_APPLICATION_CREDENTIAL_ID: 'application_credential_id',
  OS_APPLICATION_CREDENTIAL_NAME: 'application_credential_name',
  OS_APPLICATION_CREDENTIAL_SECRET: 'application_credential_secret',
  OS_TOKEN: 'token',
};

const entryVars: Record<string, string> = {
  OS_AUTH_TYPE: 'auth_type',
  OS_REGION_NAME: 'region_name',
  OS_INTERFACE: 'interface',
  OS_ENDPOINT_TYPE: 'interface',
  OS_CACERT: 'cacert',
  OS_CERT: 'cert',
  OS_KEY: 'key',
};

export async function cloudFromEnv(env: NodeJS.ProcessEnv, cwd: string): Promise<CloudConfig> {
  const auth: Record<string, string> = {};
  const entry: Record<string, unknown> = { auth };
  for (const [v, k] of Object.entries(authVars)) if (env[v]) auth[k] = env[v]!;
  for (const [v, k] of Object.entries(entryVars)) if (env[v]) entry[k] = env[v];
  if (env.OS_INSECURE && /^(1|true|yes)$/i.test(env.OS_INSECURE)) entry.verify = false;
  if (env.OS_API_TIMEOUT && Number(env.OS_API_TIMEOUT) > 0) entry.api_timeout = Number(env.OS_API_TIMEOUT);
  return normaliseEntry('envvars', 'OS_* environment variables', entry, cwd);
}
