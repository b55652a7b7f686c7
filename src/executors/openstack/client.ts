/**
 * The one OpenStack client: Keystone v3 session (cached, renewed before expiry, one re-auth on a
 * 401), endpoint lookup, microversion checks, retries with backoff for idempotent calls, and
 * errors that carry the request id and the service's message but never a secret.
 *
 * Request paths are relative to the service's *versioned* base: '/servers' (compute v2.1),
 * '/networks' (network /v2.0), '/images' (image /v2), '/volumes' (volumev3 incl. project id),
 * '/resource_providers' (placement), '/nodes' (baremetal /v1), '/projects' (identity /v3).
 */
import { codes, StackshiftError } from '../../errors.js';
import { systemClock } from '../../systemClock.js';
import { cloudDispatcher } from './dispatcher.js';
import { needsRenewal, sessionFrom, tokenRequestBody, tokensUrl, type Session } from './auth.js';
import { findEndpoint, type Endpoint } from './catalog.js';
import { httpError, requestIdOf } from './httpError.js';
import { checkMicroversion, compareVersions, microversionHeaders, parseVersionDocument, type VersionRange } from './microversion.js';
import { Redactor } from './redact.js';
import { backoffMs, defaultRetryPolicy, isIdempotent, isRetryableStatus, retryAfterMs, type RetryPolicy } from './retry.js';
import { serviceMessage } from './serviceError.js';
import { isRetryableNetworkError, networkError, neverSent, send, type Exchange, type RawResponse } from './transport.js';
import { cloudSecrets, type CloudConfig, type ServiceType } from './types.js';

export type { ServiceType } from './types.js';
export type { ApiCall, ClientOptions, ClientStats, JsonResponse, OpenStackClient, Query, QueryValue, RequestSpec, UploadSpec } from './clientTypes.js';
import type { ClientOptions, ClientStats, JsonResponse, OpenStackClient, Query, RequestSpec, UploadSpec } from './clientTypes.js';

export function buildUrl(base: string, path: string, query?: Query): string {
  const url = new URL(base + (path.startsWith('/') || path === '' ? path : `/${path}`));
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined) continue;
    for (const item of Array.isArray(v) ? v : [v]) url.searchParams.append(k, String(item));
  }
  return url.toString();
}

export function createOpenStackClient(cloud: CloudConfig, options: ClientOptions = {}): OpenStackClient {
  const ownDispatcher = options.dispatcher ? undefined : cloudDispatcher(cloud.tls);
  const dispatcher = options.dispatcher ?? ownDispatcher!;
  const clock = options.clock ?? systemClock;
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...options.retry };
  const random = options.random ?? Math.random;
  const redactor = new Redactor(cloudSecrets(cloud));
  const log = (line: string) => options.log?.(redactor.text(line));
  const stats: ClientStats = { requests: 0, retries: 0, authentications: 0 };
  const name = cloud.name;

  let current: Session | undefined;
  let pending: Promise<Session> | undefined;
  let endpoints = new Map<ServiceType, Endpoint>();
  const ranges = new Map<ServiceType, Promise<VersionRange | undefined>>();

  const clean = (err: unknown): unknown => {
    if (!(err instanceof StackshiftError)) return err;
    const safe = new StackshiftError(err.code, redactor.text(err.message), {
      data: redactor.value(err.data), retry: err.retry, exitCode: err.exitCode,
      ...(err.hint ? { hint: redactor.text(err.hint) } : {}),
      ...(err.requeueAfterMs === undefined ? {} : { requeueAfterMs: err.requeueAfterMs }),
    });
    return safe;
  };

  /** Sends with retries. `build` is called per attempt so a renewed token is picked up. */
  // Latency is measured on the monotonic timer, not the injected clock: a test's virtual clock
  // says nothing about how long the network took. An observer that throws must not fail the call.
  const observe = (service: ServiceType, method: string, status: number | 'error', startedAt: number) => {
    try {
      options.onCall?.({ cloud: name, service, method, status, seconds: (performance.now() - startedAt) / 1000 });
    } catch {
      // ignored
    }
  };

  async function withRetries(service: ServiceType, label: string, idempotent: boolean, replayable: boolean, build: () => Promise<Exchange>, onUnauthorized?: (x: Exchange) => boolean): Promise<RawResponse> {
    for (let attempt = 0; ; attempt++) {
      const x = await build();
      const started = clock.now();
      const startedAt = performance.now();
      let res: RawResponse;
      stats.requests++;
      try {
        res = await send(dispatcher, x);
      } catch (err) {
        observe(service, x.method, 'error', startedAt);
        if (replayable && isRetryableNetworkError(err) && (idempotent || neverSent(err)) && attempt < policy.retries) {
          const wait = backoffMs(policy, attempt, random);
          stats.retries++;
          log(`${name} ${label} connection failed, retry ${attempt + 1} in ${wait} ms`);
          await clock.sleep(wait);
          continue;
        }
        throw clean(networkError(err, `cloud '${name}': ${label} at ${new URL(x.url).origin}`, name));
      }
      observe(service, x.method, res.status, startedAt);
      log(`${name} ${label} -> ${res.status} (${clock.now() - started} ms${requestIdOf(res.headers) ? `, ${requestIdOf(res.headers)}` : ''})`);
      if (res.status === 401 && replayable && onUnauthorized?.(x)) {
        await res.body.dump();
        attempt--;
        continue;
      }
      if (isRetryableStatus(res.status) && idempotent && replayable && attempt < policy.retries) {
        const wait = retryAfterMs(res.headers['retry-after'], clock.now(), policy) ?? backoffMs(policy, attempt, random);
        await res.body.dump();
        stats.retries++;
        log(`${name} ${label} retry ${attempt + 1} in ${wait} ms`);
        await clock.sleep(wait);
        continue;
      }
      return res;
    }
  }

  async function authenticate(): Promise<Session> {
    stats.authentications++;
    const url = tokensUrl(cloud.auth.authUrl);
    const body = JSON.stringify(tokenRequestBody(cloud));
    const res = await withRetries('identity', 'identity POST /v3/auth/tokens', true, true, async () => ({
      method: 'POST', url, body, timeoutMs: cloud.timeoutMs, headers: { 'content-type': 'application/json', accept: 'application/json' },
    }));
    const text = await res.body.text();
    const token = res.headers['x-subject-token'];
    if (res.status >= 400 || !token) {
      const msg = serviceMessage(text);
      throw clean(new StackshiftError(codes.AUTH_FAILED, `cloud '${name}' (${cloud.source}): Keystone at ${url} refused to authenticate (${res.status}${msg ? `: ${msg}` : ''})`, {
        hint: cloud.authType === 'password' ? 'check auth.username, auth.password, the domains and the project for that cloud' : cloud.authType === 'token' ? 'the token in auth.token is expired or invalid; get a new one' : 'check the application credential id and secret (it may have expired)',
        data: { status: res.status, ...(requestIdOf(res.headers) ? { requestId: requestIdOf(res.headers) } : {}) },
      }));
    }
    redactor.add(token);
    return sessionFrom(token, JSON.parse(text) as unknown, clock.now());
  }

  function session(): Promise<Session> {
    if (current && !needsRenewal(current, clock.now())) return Promise.resolve(current);
    pending ??= authenticate().then(
      (s) => {
        current = s;
        endpoints = new Map();
        pending = undefined;
        return s;
      },
      (err: unknown) => {
        pending = undefined;
        throw err;
      },
    );
    return pending;
  }

  function endpoint(service: ServiceType, s: Session): Endpoint {
    let e = endpoints.get(service);
    if (!e) {
      e = findEndpoint(cloud, s.catalog, service, s.projectId);
      endpoints.set(service, e);
    }
    return e;
  }

  async function microversionRange(service: ServiceType): Promise<VersionRange | undefined> {
    let r = ranges.get(service);
    if (!r) {
      r = (async () => {
        const s = await session();
        const url = endpoint(service, s).versionUrl;
        const res = await withRetries(service, `${service} GET version document`, true, true, async () => ({
          method: 'GET', url, timeoutMs: cloud.timeoutMs, headers: { accept: 'application/json', 'x-auth-token': (await session()).token },
        }));
        const text = await res.body.text();
        if (res.status >= 400) return parseVersionDocument(undefined, res.headers);
        return parseVersionDocument(text.trim().startsWith('{') ? JSON.parse(text) : undefined, res.headers);
      })();
      r.catch(() => ranges.delete(service));
      ranges.set(service, r);
    }
    return r;
  }

  async function exchange(spec: RequestSpec, mode: 'json' | 'stream' | 'upload', upload?: UploadSpec): Promise<RawResponse> {
    const method = spec.method.toUpperCase();
    const call = { cloud: name, service: spec.service, method, path: spec.path };
    const label = `${spec.service} ${method} ${spec.path}`;
    if (spec.microversion) checkMicroversion(await microversionRange(spec.service), spec.microversion, { service: spec.service, cloud: name, call: `${method} ${spec.path}` });
    const idempotent = isIdempotent(method, spec.idempotent);
    let reauthenticated = false;
    const build = async (): Promise<Exchange> => {
      const s = await session();
      const headers: Record<string, string> = {
        accept: 'application/json',
        ...(spec.microversion ? microversionHeaders(spec.service, spec.microversion) : {}),
        ...(mode === 'upload' ? { 'content-type': 'application/octet-stream' } : {}),
        ...(spec.body !== undefined && mode === 'json' ? { 'content-type': 'application/json' } : {}),
        ...(upload?.contentLength !== undefined ? { 'content-length': String(upload.contentLength) } : {}),
        ...spec.headers,
        'x-auth-token': s.token,
      };
      const body = mode === 'upload' ? upload!.body : spec.body === undefined ? undefined : typeof spec.body === 'string' ? spec.body : JSON.stringify(spec.body);
      return { method, url: buildUrl(endpoint(spec.service, s).base, spec.path, spec.query), headers, timeoutMs: cloud.timeoutMs, ...(body === undefined ? {} : { body }), ...(spec.signal ? { signal: spec.signal } : {}) };
    };
    const onUnauthorized = (x: Exchange): boolean => {
      if (reauthenticated) return false;
      reauthenticated = true;
      if (current?.token === x.headers['x-auth-token']) current = undefined;
      log(`${name} ${label} token rejected, authenticating again`);
      return true;
    };
    const res = await withRetries(spec.service, label, idempotent, mode !== 'upload', build, onUnauthorized);
    const ok = spec.expect ? spec.expect.includes(res.status) : res.status >= 200 && res.status < 300;
    if (!ok) {
      const text = await res.body.text().catch(() => '');
      throw clean(httpError(call, res.status, res.headers, text));
    }
    return res;
  }

  return {
    cloudName: name,
    async request<T>(spec: RequestSpec): Promise<JsonResponse<T>> {
      const res = await exchange(spec, 'json');
      const text = await res.body.text();
      let body: unknown = undefined;
      if (text.length > 0) {
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
      }
      const requestId = requestIdOf(res.headers);
      return { status: res.status, headers: res.headers, body: body as T, ...(requestId ? { requestId } : {}) };
    },
    async stream(spec) {
      const res = await exchange(spec, 'stream');
      return { status: res.status, headers: res.headers, body: res.body };
    },
    async upload(spec) {
      // The body cannot be replayed, so start with a token that will outlive the first bytes.
      await session();
      const res = await exchange({ ...spec, body: undefined }, 'upload', spec);
      await res.body.dump();
      return { status: res.status, headers: res.headers };
    },
    async projectId() {
      const s = await session();
      if (!s.projectId) throw new StackshiftError(codes.CLOUD_CONFIG, `cloud '${name}' (${cloud.source}): the token has no project scope`, { hint: 'set auth.project_name or auth.project_id' });
      return s.projectId;
    },
    async userId() {
      return (await session()).userId ?? '';
    },
    microversionRange,
    async supports(service, version) {
      const r = await microversionRange(service);
      return r !== undefined && compareVersions(version, r.min) >= 0 && compareVersions(version, r.max) <= 0;
    },
    redact: (text) => redactor.text(text),
    containsSecret: (text) => redactor.leaks(text),
    stats: () => ({ ...stats }),
    async close() {
      if (ownDispatcher) await ownDispatcher.close();
    },
  };
}
