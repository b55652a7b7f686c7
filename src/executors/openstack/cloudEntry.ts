/**
 * Turns one clouds.yaml entry (already merged with secure.yaml) or the OS_* variables into a
 * checked CloudConfig. Errors name the source and the key to fix.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { codes, StackshiftError } from '../../errors.js';
import { serviceTypes, type AuthType, type CloudAuth, type CloudConfig, type Interface, type ServiceType } from './types.js';

type Entry = Record<string, unknown>;

const authTypes: Record<string, AuthType> = {
  password: 'password',
  v3password: 'password',
  v3applicationcredential: 'v3applicationcredential',
  applicationcredential: 'v3applicationcredential',
  token: 'token',
  v3token: 'token',
};

/** openstacksdk spells some override keys by project name rather than service type. */
const overrideAliases: Record<string, ServiceType> = {
  block_storage: 'volumev3',
  volume: 'volumev3',
  volumev3: 'volumev3',
};

function fail(source: string, cloud: string, what: string, hint: string): never {
  throw new StackshiftError(codes.CLOUD_CONFIG, `${source}: cloud '${cloud}': ${what}`, { hint });
}

function str(source: string, cloud: string, entry: Entry, key: string, where = ''): string | undefined {
  const v = entry[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return fail(source, cloud, `'${where}${key}' must be a string`, `write ${where}${key}: "<value>"`);
}

function readAuth(source: string, cloud: string, raw: unknown): CloudAuth {
  if (raw !== undefined && (typeof raw !== 'object' || raw === null || Array.isArray(raw))) {
    fail(source, cloud, "'auth' must be a mapping", 'indent auth_url, username, password... under `auth:`');
  }
  const a = (raw ?? {}) as Entry;
  const s = (key: string) => str(source, cloud, a, key, 'auth.');
  const authUrl = s('auth_url');
  if (!authUrl) fail(source, cloud, 'auth.auth_url is missing', 'set auth.auth_url to the Keystone URL, e.g. https://keystone.example.com:5000/v3');
  if (!/^https?:\/\//.test(authUrl)) fail(source, cloud, `auth.auth_url '${authUrl}' is not an http(s) URL`, 'write the full URL, e.g. https://keystone.example.com:5000/v3');
  const defaultDomainName = s('domain_name');
  const defaultDomainId = s('domain_id') ?? s('default_domain');
  const auth: CloudAuth = { authUrl };
  const set = (k: keyof CloudAuth, v: string | undefined) => {
    if (v !== undefined) auth[k] = v;
  };
  set('username', s('username'));
  set('userId', s('user_id'));
  set('password', s('password'));
  set('userDomainName', s('user_domain_name') ?? defaultDomainName);
  set('userDomainId', s('user_domain_id') ?? defaultDomainId);
  set('projectName', s('project_name') ?? s('tenant_name'));
  set('projectId', s('project_id') ?? s('tenant_id'));
  set('projectDomainName', s('project_domain_name') ?? defaultDomainName);
  set('projectDomainId', s('project_domain_id') ?? defaultDomainId);
  set('applicationCredentialId', s('application_credential_id'));
  set('applicationCredentialName', s('application_credential_name'));
  set('applicationCredentialSecret', s('application_credential_secret'));
  set('token', s('token'));
  return auth;
}

function checkAuth(source: string, cloud: string, type: AuthType, auth: CloudAuth): void {
  if (type === 'password') {
    if (!auth.username && !auth.userId) fail(source, cloud, 'auth.username is missing', 'set auth.username (or auth.user_id)');
    if (!auth.password) fail(source, cloud, 'auth.password is missing', 'set auth.password in secure.yaml (or clouds.yaml), or OS_PASSWORD');
    if (auth.username && !auth.userId && !auth.userDomainName && !auth.userDomainId) {
      fail(source, cloud, 'auth.user_domain_name is missing', 'set auth.user_domain_name (often Default) so Keystone can find the user by name');
    }
  } else if (type === 'v3applicationcredential') {
    if (!auth.applicationCredentialId && !auth.applicationCredentialName) {
      fail(source, cloud, 'auth.application_credential_id is missing', 'set auth.application_credential_id (see `openstack application credential list`)');
    }
    if (!auth.applicationCredentialSecret) fail(source, cloud, 'auth.application_credential_secret is missing', 'set it in secure.yaml, or OS_APPLICATION_CREDENTIAL_SECRET');
    if (!auth.applicationCredentialId && !auth.username && !auth.userId) {
      fail(source, cloud, 'an application credential given by name needs auth.username', 'set auth.application_credential_id instead, or add auth.username');
    }
  } else if (!auth.token) {
    fail(source, cloud, 'auth.token is missing for auth_type token', 'set auth.token or OS_TOKEN, or use auth_type password');
  }
  if (type !== 'v3applicationcredential' && auth.projectName && !auth.projectId && !auth.projectDomainName && !auth.projectDomainId) {
    fail(source, cloud, 'auth.project_domain_name is missing', 'set auth.project_domain_name (often Default), or use auth.project_id');
  }
}

async function readPem(source: string, cloud: string, key: string, path: string | undefined, cwd: string): Promise<string | undefined> {
  if (!path) return undefined;
  const full = isAbsolute(path) ? path : resolve(cwd, path);
  try {
    return await readFile(full, 'utf8');
  } catch (err) {
    return fail(source, cloud, `${key} file ${full} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`, `fix the path in '${key}'`);
  }
}

function parseVerify(source: string, cloud: string, v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (typeof v === 'boolean') return v;
  if (v === 'false' || v === 'False' || v === '0') return false;
  if (v === 'true' || v === 'True' || v === '1') return true;
  return fail(source, cloud, `'verify' must be true or false, not '${String(v)}'`, 'use cacert: /path/to/ca.pem to trust a private CA');
}

/** Validates and completes one merged entry. `cwd` resolves relative certificate paths. */
export async function normaliseEntry(name: string, source: string, entry: Entry, cwd: string): Promise<CloudConfig> {
  const rawType = str(source, name, entry, 'auth_type');
  const auth = readAuth(source, name, entry.auth);
  const inferred: AuthType = auth.applicationCredentialSecret ? 'v3applicationcredential' : auth.token && !auth.password ? 'token' : 'password';
  const authType = rawType === undefined ? inferred : authTypes[rawType.toLowerCase()];
  if (!authType) fail(source, name, `auth_type '${rawType}' is not supported`, 'use password, v3applicationcredential or token');
  checkAuth(source, name, authType, auth);

  const rawInterface = (str(source, name, entry, 'interface') ?? str(source, name, entry, 'endpoint_type') ?? 'public').replace(/URL$/, '');
  if (!['public', 'internal', 'admin'].includes(rawInterface)) {
    fail(source, name, `interface '${rawInterface}' is not one of public, internal, admin`, 'set interface: public');
  }
  const verify = parseVerify(source, name, entry.verify ?? (entry.insecure === true ? false : undefined));
  const warnings: string[] = [];
  if (!verify) warnings.push(`cloud '${name}' (${source}): verify is false, TLS certificates are not checked; set cacert instead`);
  const [ca, cert, key] = await Promise.all([
    readPem(source, name, 'cacert', str(source, name, entry, 'cacert'), cwd),
    readPem(source, name, 'cert', str(source, name, entry, 'cert'), cwd),
    readPem(source, name, 'key', str(source, name, entry, 'key'), cwd),
  ]);
  if (Boolean(cert) !== Boolean(key)) fail(source, name, `'${cert ? 'key' : 'cert'}' is missing`, 'a client certificate needs both cert and key');

  const endpointOverrides: Partial<Record<ServiceType, string>> = {};
  for (const [k, v] of Object.entries(entry)) {
    const m = /^(.+)_endpoint_override$/.exec(k);
    if (!m || typeof v !== 'string') continue;
    const type = overrideAliases[m[1]!] ?? (serviceTypes as readonly string[]).find((t) => t === m[1]);
    if (!type) fail(source, name, `'${k}' names no known service`, `use one of ${serviceTypes.map((t) => `${t}_endpoint_override`).join(', ')}`);
    endpointOverrides[type as ServiceType] = v;
  }
  const timeout = entry.api_timeout;
  const timeoutMs = typeof timeout === 'number' && timeout > 0 ? timeout * 1000 : 60_000;
  const regionName = str(source, name, entry, 'region_name');
  return {
    name,
    source,
    authType,
    auth,
    ...(regionName ? { regionName } : {}),
    interface: rawInterface as Interface,
    tls: { verify, ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}) },
    endpointOverrides,
    timeoutMs,
    warnings,
  };
}
