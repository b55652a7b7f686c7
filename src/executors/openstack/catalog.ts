/**
 * Finds a service's endpoint: clouds.yaml override first, then the token's catalog by service
 * type, interface and region. Fills Cinder-style project templates and normalises the URL to
 * the versioned base that request paths are relative to.
 */
import { codes, StackshiftError } from '../../errors.js';
import type { CatalogEntry } from './auth.js';
import type { CloudConfig, ServiceType } from './types.js';

/** Catalog type names per service, in order of preference (volumev3 has had many names). */
const catalogTypes: Record<ServiceType, string[]> = {
  identity: ['identity'],
  compute: ['compute'],
  network: ['network'],
  image: ['image'],
  volumev3: ['volumev3', 'block-storage', 'block_storage', 'volume'],
  placement: ['placement'],
  baremetal: ['baremetal'],
};

/** The API version segment request paths sit under, for services whose catalog URL omits it. */
const versionSuffix: Partial<Record<ServiceType, string>> = { identity: '/v3', network: '/v2.0', image: '/v2', baremetal: '/v1' };

export interface Endpoint {
  /** Versioned base; request paths are appended to it. */
  base: string;
  /** Where the version document lives (microversion ranges). */
  versionUrl: string;
}

export function fillTemplate(url: string, projectId: string | undefined): string {
  if (!/[%$]\((project_id|tenant_id)\)s/.test(url)) return url;
  if (!projectId) throw new StackshiftError(codes.ENDPOINT_NOT_FOUND, `endpoint ${url} needs a project id, but the token is not project-scoped`, {
    hint: 'set auth.project_name or auth.project_id for this cloud',
  });
  return url.replace(/[%$]\((project_id|tenant_id)\)s/g, projectId);
}

export function normalise(service: ServiceType, url: string, projectId: string | undefined): Endpoint {
  let base = url.replace(/\/+$/, '');
  const suffix = versionSuffix[service];
  if (service === 'identity') base = base.replace(/\/v(2\.0|3)$/, '');
  if (suffix && !base.endsWith(suffix)) base += suffix;
  let versionUrl = base;
  if (projectId && base.endsWith(`/${projectId}`)) versionUrl = base.slice(0, -projectId.length - 1);
  if (service === 'volumev3' || service === 'compute') versionUrl += '/';
  return { base, versionUrl };
}

export function findEndpoint(cloud: CloudConfig, catalog: CatalogEntry[], service: ServiceType, projectId: string | undefined): Endpoint {
  const override = cloud.endpointOverrides[service];
  if (override) return normalise(service, fillTemplate(override, projectId), projectId);
  if (service === 'identity' && !catalog.some((c) => c.type === 'identity')) return normalise(service, cloud.auth.authUrl, projectId);
  const entries = catalogTypes[service].flatMap((t) => catalog.filter((c) => c.type === t));
  const where = `cloud '${cloud.name}' (${cloud.source})`;
  if (entries.length === 0) {
    const have = [...new Set(catalog.map((c) => c.type))].sort().join(', ') || 'nothing';
    throw new StackshiftError(codes.ENDPOINT_NOT_FOUND, `${where} has no '${service}' service in its catalog (it has: ${have})`, {
      hint: `this cloud lacks the service; if it runs elsewhere, set ${service}_endpoint_override in clouds.yaml`,
      data: { service },
    });
  }
  const region = cloud.regionName;
  const all = entries.flatMap((e) => e.endpoints ?? []);
  const inRegion = all.filter((e) => !region || e.region_id === region || e.region === region);
  const match = inRegion.find((e) => e.interface === cloud.interface);
  if (!match) {
    const offered = all.map((e) => `${e.interface}@${e.region_id ?? e.region ?? '?'}`).join(', ');
    throw new StackshiftError(codes.ENDPOINT_NOT_FOUND, `${where}: no ${cloud.interface} '${service}' endpoint${region ? ` in region '${region}'` : ''} (offered: ${offered})`, {
      hint: 'set region_name and interface in clouds.yaml to one of the offered pairs',
      data: { service },
    });
  }
  return normalise(service, fillTemplate(match.url, projectId), projectId);
}
