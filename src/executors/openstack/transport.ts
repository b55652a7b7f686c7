/**
 * One HTTP exchange over the shared undici dispatcher, with the cloud's timeout. Network-level
 * failures become E_CONNECTION / E_TIMEOUT errors that say what to check; nothing from the
 * request headers is copied into them.
 */
import type { Readable } from 'node:stream';
import { request, type Dispatcher } from 'undici';
import { codes, StackshiftError } from '../../errors.js';

export interface Exchange {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Readable | AsyncIterable<Uint8Array>;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Readable & { text(): Promise<string>; dump(): Promise<void> };
}

const tlsCodes = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_TLS_CERT_ALTNAME_INVALID', 'ERR_SSL_WRONG_VERSION_NUMBER', 'EPROTO',
]);
const timeoutCodes = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

export function errorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET') return code;
    if (typeof code === 'string' && !(e as { cause?: unknown }).cause) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A failure before any response: connection refused/reset, DNS, TLS, timeout. */
export function networkError(err: unknown, what: string, cloud: string): StackshiftError {
  const code = errorCode(err) ?? 'UNKNOWN';
  const data = { errno: code };
  if (tlsCodes.has(code)) {
    return new StackshiftError(codes.CONNECTION, `${what}: TLS failure (${code})`, {
      data, retry: 'never',
      hint: `set cacert for cloud '${cloud}' in clouds.yaml to the CA that signed the server certificate (or verify: false to skip checks)`,
    });
  }
  if (timeoutCodes.has(code)) {
    return new StackshiftError(codes.TIMEOUT, `${what}: no answer in time (${code})`, {
      data, retry: 'backoff', hint: `the endpoint is slow or unreachable; raise api_timeout for cloud '${cloud}' if it is merely slow`,
    });
  }
  return new StackshiftError(codes.CONNECTION, `${what}: connection failed (${code})`, {
    data, retry: 'backoff', hint: `check that the endpoint in the catalog or clouds.yaml of cloud '${cloud}' is reachable from here`,
  });
}

/** True when the request certainly never reached the server, so even a POST may be re-sent. */
export function neverSent(err: unknown): boolean {
  const code = errorCode(err);
  return code === 'ECONNREFUSED' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';
}

export function isRetryableNetworkError(err: unknown): boolean {
  const code = errorCode(err);
  return code === undefined ? false : !tlsCodes.has(code);
}

function flatHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

export async function send(dispatcher: Dispatcher, x: Exchange): Promise<RawResponse> {
  const res = await request(x.url, {
    dispatcher,
    method: x.method as Dispatcher.HttpMethod,
    headers: x.headers,
    ...(x.body === undefined ? {} : { body: x.body as string }),
    headersTimeout: x.timeoutMs,
    bodyTimeout: x.timeoutMs,
    ...(x.signal ? { signal: x.signal } : {}),
  });
  return { status: res.statusCode, headers: flatHeaders(res.headers), body: res.body as unknown as RawResponse['body'] };
}
