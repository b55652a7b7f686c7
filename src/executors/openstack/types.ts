/**
 * Shapes shared by the OpenStack client modules. A CloudConfig is what clouds.yaml, secure.yaml
 * and the OS_* variables resolve to for one cloud; it holds secrets, so it is never logged.
 */
export type ServiceType = 'identity' | 'compute' | 'network' | 'image' | 'volumev3' | 'placement' | 'baremetal';
export const serviceTypes: readonly ServiceType[] = ['identity', 'compute', 'network', 'image', 'volumev3', 'placement', 'baremetal'];

export type AuthType = 'password' | 'v3applicationcredential' | 'token';
export type Interface = 'public' | 'internal' | 'admin';

export interface CloudAuth {
  authUrl: string;
  username?: string;
  userId?: string;
  password?: string;
  userDomainName?: string;
  userDomainId?: string;
  projectName?: string;
  projectId?: string;
  projectDomainName?: string;
  projectDomainId?: string;
  applicationCredentialId?: string;
  applicationCredentialName?: string;
  applicationCredentialSecret?: string;
  token?: string;
}

export interface CloudTls {
  /** false turns certificate checks off (allowed, with a warning). */
  verify: boolean;
  /** PEM contents (read from the files named in clouds.yaml), not paths. */
  ca?: string;
  cert?: string;
  key?: string;
}

export interface CloudConfig {
  /** The clouds.yaml entry name, or 'envvars' when built from OS_* variables. */
  name: string;
  /** Where it came from, for error messages: a file path or 'OS_* environment variables'. */
  source: string;
  authType: AuthType;
  auth: CloudAuth;
  regionName?: string;
  interface: Interface;
  tls: CloudTls;
  /** Endpoint URLs that replace the catalog's, from `<service>_endpoint_override`. */
  endpointOverrides: Partial<Record<ServiceType, string>>;
  /** Per-request timeout (clouds.yaml api_timeout, seconds → ms). */
  timeoutMs: number;
  /** Things the operator should know (verify: false). */
  warnings: string[];
}

/** The secrets of a cloud, for redaction. */
export function cloudSecrets(cloud: CloudConfig): string[] {
  const { password, applicationCredentialSecret, token } = cloud.auth;
  return [password, applicationCredentialSecret, token].filter((s): s is string => typeof s === 'string' && s.length > 0);
}
