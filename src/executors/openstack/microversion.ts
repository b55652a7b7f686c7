/**
 * Microversions: read a service's supported range from its version document (or Ironic's
 * headers), check a call's required version against it, and set the request headers.
 */
import { codes, StackshiftError } from '../../errors.js';
import type { ServiceType } from './types.js';

export interface VersionRange {
  min: string;
  max: string;
}

export function compareVersions(a: string, b: string): number {
  const [am = 0, an = 0] = a.split('.').map(Number);
  const [bm = 0, bn = 0] = b.split('.').map(Number);
  return am - bm || an - bn;
}

function rangeOf(v: unknown): VersionRange | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  const max = o.max_version ?? o.version;
  const min = o.min_version;
  if (typeof max !== 'string' || !max) return undefined;
  return { min: typeof min === 'string' && min ? min : max, max };
}

/** The range of the newest version the document describes; undefined when it has none. */
export function parseVersionDocument(body: unknown, headers: Record<string, string>): VersionRange | undefined {
  const hMax = headers['x-openstack-ironic-api-maximum-version'];
  if (hMax) return { min: headers['x-openstack-ironic-api-minimum-version'] ?? hMax, max: hMax };
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  const candidates = [b.version, b.default_version, ...(Array.isArray(b.versions) ? b.versions : [])];
  const ranges = candidates.map(rangeOf).filter((r): r is VersionRange => r !== undefined);
  return ranges.sort((x, y) => compareVersions(y.max, x.max))[0];
}

export function microversionHeaders(service: ServiceType, version: string): Record<string, string> {
  switch (service) {
    case 'compute':
      return { 'openstack-api-version': `compute ${version}`, 'x-openstack-nova-api-version': version };
    case 'volumev3':
      return { 'openstack-api-version': `volume ${version}` };
    case 'placement':
      return { 'openstack-api-version': `placement ${version}` };
    case 'baremetal':
      return { 'x-openstack-ironic-api-version': version };
    default:
      return {};
  }
}

export function checkMicroversion(range: VersionRange | undefined, needed: string, ctx: { service: ServiceType; cloud: string; call: string }): void {
  if (range && compareVersions(needed, range.min) >= 0 && compareVersions(needed, range.max) <= 0) return;
  const offered = range ? `${range.min} to ${range.max}` : 'no microversions';
  throw new StackshiftError(codes.MICROVERSION_UNSUPPORTED, `${ctx.call} needs ${ctx.service} API microversion ${needed}, but cloud '${ctx.cloud}' supports ${offered}`, {
    hint: range && compareVersions(needed, range.max) > 0 ? 'that cloud runs an older OpenStack release than this call needs; upgrade it or leave this resource out' : 'report this: stackshift asked for a version the service does not offer',
    data: { service: ctx.service, needed, ...(range ? { min: range.min, max: range.max } : {}) },
  });
}
