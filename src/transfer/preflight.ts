/**
 * What a conversion host needs for the data path, checked before anything changes: python3 (the
 * chunk programs), the OpenSSH client (the destination pulls from the source), and the device
 * directory where attached volumes appear. Says exactly what is missing and how to fix it.
 */
import { codes, StackshiftError } from '../errors.js';
import type { RemoteShell } from '../ssh/remoteShell.js';

export async function preflightConversionHost(shell: RemoteShell, options: { devicesDir: string; needsSshClient: boolean }): Promise<void> {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const checks = [
    `command -v python3 >/dev/null || echo 'python3 is not installed (install the python3 package)'`,
    ...(options.needsSshClient ? [`command -v ssh >/dev/null || echo 'the OpenSSH client is not installed (install openssh-client)'`] : []),
    `[ -d ${q(options.devicesDir)} ] || echo 'the device directory ${options.devicesDir.replace(/'/g, '')} does not exist (set devicesDir for this host in stackshift.yaml)'`,
  ];
  const r = await shell.exec(checks.join('; '));
  const missing = r.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
  if (r.code !== 0 || missing.length > 0) {
    throw new StackshiftError(codes.STEP_FAILED, `conversion host ${shell.label} is not ready: ${missing.join('; ') || r.stderr.trim()}`, {
      retry: 'never', hint: 'fix the conversion host, then push a commit (or wait for the next one) to check again',
    });
  }
}
