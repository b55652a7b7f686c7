/**
 * Redfish over HTTPS, as sushy drives it: HTTP Basic auth, or with `auth: session` a login session
 * (POST …/SessionService/Sessions once, X-Auth-Token on every request, a fresh login if the BMC
 * expired it, and DELETE of the session on close, since BMCs hold only a few); the System's PowerState; the boot
 * override PATCHed with the System's ETag in If-Match (one retry after a 412: someone else changed
 * it); ComputerSystem.Reset with a ResetType the BMC lists as allowed. TLS is verified, or pinned
 * to a certificate fingerprint (self-signed BMCs), or — only when reclaim.yaml says
 * `verifyTls: false` — not checked, with a warning.
 */
import { checkServerIdentity, type TLSSocket } from 'node:tls';
import { Agent, buildConnector, request, type Dispatcher } from 'undici';
import type { BmcConfig } from '../../desired/configModel.js';
import { codes, StackshiftError } from '../../errors.js';
import type { Bmc, PowerAction, PowerState } from './types.js';

const RESET: Record<PowerAction, string[]> = { on: ['On', 'ForceOn'], off: ['ForceOff', 'GracefulShutdown'], cycle: ['PowerCycle', 'ForceRestart'], reset: ['ForceRestart', 'PowerCycle'] };

function dispatcherFor(bmc: BmcConfig, warn?: (line: string) => void): Dispatcher {
  const pin = bmc.certificateSha256?.replace(/:/g, '').toLowerCase();
  if (pin) {
    // A self-signed certificate fails verification before checkServerIdentity would run, so the
    // pin is checked on the connected socket, before undici writes the request (and credentials).
    // No session resumption: a resumed session shows no certificate to check.
    const connect = buildConnector({ rejectUnauthorized: false, maxCachedSessions: 0 });
    return new Agent({
      connect: (opts, callback) => connect(opts, (err, socket) => {
        if (err || !socket) return callback(err ?? new Error('no socket'), null);
        const tls = socket as TLSSocket;
        const check = () => {
          const seen = tls.getPeerX509Certificate()?.fingerprint256 ?? '(none)';
          if (seen.replace(/:/g, '').toLowerCase() === pin) return callback(null, socket);
          socket.destroy();
          callback(new Error(`the BMC's certificate ${seen} is not the pinned one`), null);
        };
        check();
      }),
    });
  }
  if (bmc.verifyTls === false) {
    warn?.(`the Redfish BMC at ${bmc.address} is used without checking its TLS certificate (verifyTls: false); pin it with certificateSha256 instead`);
    return new Agent({ connect: { rejectUnauthorized: false } });
  }
  return new Agent({ connect: { checkServerIdentity } });
}

export function redfishBmc(host: string, bmc: BmcConfig, password: () => Promise<string>, options: { warn?: (line: string) => void } = {}): Bmc {
  const origin = new URL(/^https?:\/\//.test(bmc.address) ? bmc.address : `https://${bmc.address}${bmc.port ? `:${bmc.port}` : ''}`).origin;
  const label = `redfish ${origin}${bmc.systemId ?? '/redfish/v1/Systems (first member)'}`;
  // Without a systemId the BMC's first System is used, as sushy does for single-system BMCs.
  let systemPath: string | undefined = bmc.systemId;
  const dispatcher = dispatcherFor(bmc, options.warn);

  let session: { token: string; path: string } | undefined;

  /** One HTTP exchange, its failures mapped; `auth` is the header that authenticates it. */
  async function exchange(method: Dispatcher.HttpMethod, path: string, body: unknown, headers: Record<string, string>, signal?: AbortSignal) {
    let res: Dispatcher.ResponseData;
    try {
      res = await request(`${origin}${path}`, {
        method, dispatcher, headersTimeout: 30_000, bodyTimeout: 30_000, ...(signal ? { signal } : {}),
        headers: { accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    } catch (err) {
      throw new StackshiftError(codes.CONNECTION, `cannot reach the BMC of ${host} (${label}): ${(err as Error).message}`, { retry: 'later', requeueAfterMs: 30_000, hint: 'check the BMC address in reclaim.yaml and the network; stackshift retries' });
    }
    const text = await res.body.text();
    if (res.statusCode === 401 || res.statusCode === 403) {
      const ref = bmc.passwordEnv ? `$${bmc.passwordEnv}` : bmc.passwordFile;
      throw new StackshiftError(codes.AUTH_FAILED, `the BMC of ${host} (${label}) refused user ${bmc.username} (HTTP ${res.statusCode})`, { retry: 'never', hint: `check the username in reclaim.yaml and the password in ${ref}, then push a commit to retry`, data: { status: res.statusCode } });
    }
    if (res.statusCode >= 400) {
      const message = (JSON.parse(text || '{}') as { error?: { message?: string } }).error?.message ?? text.slice(0, 200);
      throw new StackshiftError(codes.HTTP, `${method} ${path} on the BMC of ${host} answered ${res.statusCode}: ${message}`, { retry: res.statusCode >= 500 ? 'later' : 'never', data: { status: res.statusCode } });
    }
    return { status: res.statusCode, headers: res.headers, json: (text ? JSON.parse(text) : {}) as Record<string, any> };
  }

  /** Logs in; the password goes only in this request's body, the token only in later headers. */
  async function login(signal?: AbortSignal): Promise<{ token: string; path: string }> {
    const res = await exchange('POST', '/redfish/v1/SessionService/Sessions', { UserName: bmc.username, Password: await password() }, {}, signal);
    const token = res.headers['x-auth-token'];
    const where = res.headers.location ?? res.json['@odata.id'];
    if (typeof token !== 'string' || typeof where !== 'string') {
      throw new StackshiftError(codes.STEP_FAILED, `the BMC of ${host} (${label}) accepted the login but returned no session token`, { retry: 'never', hint: 'use auth: basic for this BMC in reclaim.yaml' });
    }
    return { token, path: new URL(where, origin).pathname };
  }

  async function call(method: Dispatcher.HttpMethod, path: string, body?: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) {
    if (bmc.auth !== 'session') {
      const authorization = `Basic ${Buffer.from(`${bmc.username}:${await password()}`).toString('base64')}`;
      return exchange(method, path, body, { authorization, ...headers }, signal);
    }
    const reused = session !== undefined;
    session ??= await login(signal);
    try {
      return await exchange(method, path, body, { 'x-auth-token': session.token, ...headers }, signal);
    } catch (err) {
      // A BMC ends idle sessions (SessionTimeout): log in again once, then the answer stands.
      if (!reused || !(err instanceof StackshiftError) || err.code !== codes.AUTH_FAILED) throw err;
      session = await login(signal);
      return exchange(method, path, body, { 'x-auth-token': session.token, ...headers }, signal);
    }
  }

  async function system(signal?: AbortSignal) {
    if (!systemPath) {
      const members: { '@odata.id'?: string }[] = (await call('GET', '/redfish/v1/Systems', undefined, {}, signal)).json.Members ?? [];
      const first = members[0]?.['@odata.id'];
      if (!first) throw new StackshiftError(codes.STEP_FAILED, `the BMC of ${host} (${label}) lists no Systems`, { retry: 'never', hint: 'set systemId for this node in reclaim.yaml' });
      systemPath = first;
    }
    return { path: systemPath, ...(await call('GET', systemPath, undefined, {}, signal)) };
  }

  return {
    label,
    async powerState(signal) {
      const state = String((await system(signal)).json.PowerState ?? '');
      return (state === 'On' || state === 'PoweringOff' ? 'on' : 'off') as PowerState;
    },
    async bootDevice(signal) {
      const boot = (await system(signal)).json.Boot ?? {};
      if (boot.BootSourceOverrideEnabled === 'Disabled' || boot.BootSourceOverrideTarget === 'None') return 'none';
      const target = String(boot.BootSourceOverrideTarget ?? 'none');
      return target === 'Hdd' ? 'disk' : target.toLowerCase();
    },
    async setBootDevice(_device, signal) {
      for (let attempt = 0; ; attempt++) {
        const current = await system(signal);
        const allowed: string[] | undefined = current.json.Boot?.['BootSourceOverrideTarget@Redfish.AllowableValues'];
        if (allowed && !allowed.includes('Pxe')) throw new StackshiftError(codes.STEP_FAILED, `the BMC of ${host} does not offer PXE as a boot override (it allows ${allowed.join(', ')})`, { retry: 'never' });
        const etag = String(current.headers.etag ?? current.json['@odata.etag'] ?? '');
        try {
          await call('PATCH', current.path, { Boot: { BootSourceOverrideTarget: 'Pxe', BootSourceOverrideEnabled: 'Once' } }, etag ? { 'if-match': etag } : {}, signal);
          return;
        } catch (err) {
          if (attempt === 0 && err instanceof StackshiftError && err.data.status === 412) continue;
          throw err;
        }
      }
    },
    async power(action, signal) {
      const reset = (await system(signal)).json.Actions?.['#ComputerSystem.Reset'];
      const allowed: string[] = reset?.['ResetType@Redfish.AllowableValues'] ?? RESET[action];
      const type = RESET[action].find((t) => allowed.includes(t));
      if (!type || !reset?.target) throw new StackshiftError(codes.STEP_FAILED, `the BMC of ${host} offers no reset type for power ${action} (it allows ${allowed.join(', ')})`, { retry: 'never' });
      await call('POST', String(reset.target), { ResetType: type }, {}, signal);
    },
    async close() {
      if (!session) return;
      const ending = session;
      session = undefined;
      try {
        await exchange('DELETE', ending.path, undefined, { 'x-auth-token': ending.token });
      } catch (err) {
        // The session may have expired already; a failed logout must not hide the step's outcome.
        options.warn?.(`could not end the Redfish session on the BMC of ${host} (${label}): ${(err as Error).message}`);
      }
    },
  };
}
