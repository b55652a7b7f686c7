/**
 * Makes a recorded reply safe to commit: no token, password, secret, private key or request id
 * survives, while the *form* of each value stays (a request id still looks like `req-<uuid>`),
 * because the shape tests compare forms.
 */
import type { Reply } from './session.js';

/** Headers worth keeping: the ones a client (or stackshift) reads. Everything else varies by server. */
export const headersOfInterest = [
  'content-type', 'location', 'content-md5', 'www-authenticate',
  'openstack-api-version', 'x-openstack-nova-api-version', 'vary',
  'x-openstack-ironic-api-version', 'x-openstack-ironic-api-minimum-version', 'x-openstack-ironic-api-maximum-version',
  'x-openstack-request-id', 'x-compute-request-id', 'openstack-request-id', 'x-subject-token',
];

const requestId = /req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const secretKey = /pass(word)?$|secret|private_key|^token$|_token$|adminPass/i;
const SCRUBBED_ID = 'req-00000000-0000-0000-0000-000000000000';

function scrubString(value: string): string {
  return value.replace(requestId, SCRUBBED_ID);
}

export function scrubValue(value: unknown, key = ''): unknown {
  if (typeof value === 'string') return secretKey.test(key) ? '<scrubbed>' : scrubString(value);
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, key));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubValue(v, k)]));
  }
  return value;
}

export function scrubHeaders(headers: Record<string, string>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of headersOfInterest) {
    const value = headers[name];
    if (value === undefined) continue;
    kept[name] = name === 'x-subject-token' ? '<token>' : scrubString(value);
  }
  return kept;
}

export function scrubReply(reply: Reply): Reply {
  return { status: reply.status, headers: scrubHeaders(reply.headers), body: scrubValue(reply.body) };
}
