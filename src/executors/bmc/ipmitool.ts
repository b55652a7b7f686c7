/**
 * IPMI through the real ipmitool, as Ironic's ipmi hardware type runs it: `-I lanplus` with an
 * explicit cipher suite (reclaim.yaml's cipherSuite, 3 by default: without one ipmitool 1.8.19
 * probes suites and stalls ~10 s per call on BMCs that ignore the probe) and the password in the child's environment (`-E`,
 * IPMI_PASSWORD), never on its command line, where `ps` would show it. `-v` makes ipmitool say why a
 * session failed ("RAKP 2 HMAC is invalid": a wrong password) instead of one message for every cause.
 */
import { execFile } from 'node:child_process';
import type { BmcConfig } from '../../desired/configModel.js';
import { codes, StackshiftError } from '../../errors.js';
import type { Bmc, PowerAction, PowerState } from './types.js';

export interface IpmitoolOptions {
  binary?: string;
  /** Per-call timeout; ipmitool's own retries (-R) happen within it. */
  timeoutMs?: number;
}

export const DEFAULT_CIPHER_SUITE = 3;

export function ipmitoolBmc(host: string, bmc: BmcConfig, password: () => Promise<string>, options: IpmitoolOptions = {}): Bmc {
  const port = bmc.port ?? 623;
  const label = `ipmi ${bmc.address}:${port}`;
  const base = ['-I', 'lanplus', '-C', String(bmc.cipherSuite ?? DEFAULT_CIPHER_SUITE), '-H', bmc.address, '-p', String(port), '-U', bmc.username, '-E', '-v', '-N', '2', '-R', '2'];

  async function ipmitool(args: string[], signal?: AbortSignal): Promise<string> {
    const env = { ...process.env, IPMI_PASSWORD: await password() };
    return new Promise((resolve, reject) => {
      execFile(options.binary ?? 'ipmitool', [...base, ...args], { env, timeout: options.timeoutMs ?? 30_000, ...(signal ? { signal } : {}) }, (err, stdout, stderr) => {
        if (!err) return resolve(stdout);
        reject(classify(err as NodeJS.ErrnoException & { killed?: boolean }, `${stderr}`.trim(), args.join(' ')));
      });
    });
  }

  function classify(err: NodeJS.ErrnoException & { killed?: boolean }, stderr: string, what: string): StackshiftError {
    if (err.code === 'ENOENT') {
      return new StackshiftError(codes.STEP_FAILED, `ipmitool is not installed, so ${host}'s BMC (${label}) cannot be reached`, { retry: 'never', hint: 'install the ipmitool package on the machine stackshift runs on (apt-get install ipmitool)' });
    }
    if (err.name === 'AbortError') return new StackshiftError(codes.STEP_FAILED, `ipmitool ${what} on ${label} was stopped`, { retry: 'later' });
    if (/RAKP \d (HMAC is invalid|message indicates an error)|unauthorized name|password/i.test(stderr)) {
      const ref = bmc.passwordEnv ? `$${bmc.passwordEnv}` : bmc.passwordFile;
      return new StackshiftError(codes.AUTH_FAILED, `the BMC of ${host} (${label}) refused user ${bmc.username}: ${firstLine(stderr)}`, { retry: 'never', hint: `check the username in reclaim.yaml and the password in ${ref}, then push a commit to retry` });
    }
    return new StackshiftError(codes.CONNECTION, `ipmitool ${what} on ${label} failed: ${firstLine(stderr) || (err.killed ? 'timed out' : err.message)}`, { retry: 'later', requeueAfterMs: 30_000, hint: 'the BMC did not answer; check its address and network; stackshift retries' });
  }

  return {
    label,
    async powerState(signal) {
      const out = await ipmitool(['power', 'status'], signal);
      const m = /Chassis Power is (on|off)/i.exec(out);
      if (!m) throw new StackshiftError(codes.STEP_FAILED, `ipmitool power status on ${label} printed no power state: ${firstLine(out)}`, { retry: 'later' });
      return m[1]!.toLowerCase() as PowerState;
    },
    async bootDevice(signal) {
      const out = await ipmitool(['chassis', 'bootparam', 'get', '5'], signal);
      const m = /Boot Device Selector : (.*)/.exec(out);
      const selector = (m?.[1] ?? '').toLowerCase();
      if (selector.includes('pxe')) return 'pxe';
      if (selector.includes('hard-drive') || selector.includes('disk')) return 'disk';
      if (selector.includes('no override')) return 'none';
      return selector.replace(/^force /, '') || 'unknown';
    },
    async setBootDevice(device, signal) {
      await ipmitool(['chassis', 'bootdev', device], signal);
    },
    async power(action: PowerAction, signal) {
      await ipmitool(['power', action], signal);
    },
    // Each ipmitool run opens and closes its own RMCP+ session.
    async close() {},
  };
}

/** The line that says what went wrong, without -v's chatter. */
const firstLine = (text: string) => text.split('\n').map((l) => l.replace(/^>\s*/, '').trim()).find((l) => l && !l.startsWith('Loading IANA')) ?? '';
