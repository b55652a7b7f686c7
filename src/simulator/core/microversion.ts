/**
 * Microversion negotiation, shared by Nova ('compute'), Cinder ('volume'), Ironic ('baremetal')
 * and Placement ('placement'). A request names a version with `OpenStack-API-Version: compute 2.79`
 * (or a legacy header such as X-OpenStack-Nova-API-Version: 2.79); 'latest' means the maximum;
 * no header means the minimum; outside [min, max] is 406. A service declares a MicroversionSpec
 * and the core negotiates before the handler runs, putting the result on ctx.microversion.
 */
import { ApiError } from './errors.js';

export interface MicroversionSpec {
  /** The service name used in OpenStack-API-Version ('compute', 'volume', 'baremetal', 'placement'). */
  serviceType: string;
  /** Older headers that carry a bare version (lower-case), e.g. ['x-openstack-nova-api-version']. */
  legacyHeaders?: string[];
  min: string;
  max: string;
}

export interface Microversion {
  major: number;
  minor: number;
  /** '2.79' */
  text: string;
}

export function parseMicroversion(text: string): Microversion | undefined {
  const m = /^(\d+)\.(\d+)$/.exec(text.trim());
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), text: `${Number(m[1])}.${Number(m[2])}` };
}

export function compareMicroversions(a: Microversion, b: Microversion): number {
  return a.major - b.major || a.minor - b.minor;
}

/** True when `v` is at least `text` ('2.53'): the usual "field appears from 2.x" test. */
export function atLeast(v: Microversion | undefined, text: string): boolean {
  const other = parseMicroversion(text);
  if (!v || !other) return false;
  return compareMicroversions(v, other) >= 0;
}

/** The requested version, or the minimum; throws ApiError 400 (malformed) or 406 (out of range). */
export function negotiateMicroversion(headers: Record<string, string | string[] | undefined>, spec: MicroversionSpec): Microversion {
  const min = parseMicroversion(spec.min)!;
  const max = parseMicroversion(spec.max)!;
  let requested: string | undefined;
  const generic = headers['openstack-api-version'];
  for (const value of (Array.isArray(generic) ? generic.join(',') : (generic ?? '')).split(',')) {
    const [service, version] = value.trim().split(/\s+/);
    if (service?.toLowerCase() === spec.serviceType && version) requested = version;
  }
  for (const name of spec.legacyHeaders ?? []) {
    const value = headers[name];
    if (requested === undefined && typeof value === 'string' && value.trim()) requested = value.trim();
  }
  if (requested === undefined) return min;
  if (requested.toLowerCase() === 'latest') return max;
  const v = parseMicroversion(requested);
  if (!v) throw new ApiError(400, `API Version String ${requested} is of invalid format. Must be of format MajorNum.MinorNum.`);
  if (compareMicroversions(v, min) < 0 || compareMicroversions(v, max) > 0) {
    throw new ApiError(406, `Version ${v.text} is not supported by the API. Minimum is ${min.text} and maximum is ${max.text}.`);
  }
  return v;
}

/** Response headers that state the version used (and Vary, so caches keep versions apart). */
export function microversionHeaders(v: Microversion, spec: MicroversionSpec): Record<string, string> {
  const headers: Record<string, string> = {
    'openstack-api-version': `${spec.serviceType} ${v.text}`,
    vary: ['OpenStack-API-Version', ...(spec.legacyHeaders ?? [])].join(', '),
  };
  for (const name of spec.legacyHeaders ?? []) headers[name] = v.text;
  return headers;
}
