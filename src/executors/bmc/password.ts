/**
 * A BMC password, read at the moment of use from the file or the environment variable reclaim.yaml
 * names — never stored, logged, recorded or passed on a command line. A password file others can
 * read is refused, as ssh refuses such a private key.
 */
import { readFile, stat } from 'node:fs/promises';
import type { BmcConfig } from '../../desired/configModel.js';
import { codes, StackshiftError } from '../../errors.js';

export async function readBmcPassword(host: string, bmc: BmcConfig, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (bmc.passwordEnv !== undefined) {
    const value = env[bmc.passwordEnv];
    if (!value) {
      throw new StackshiftError(codes.STEP_FAILED, `the BMC password of ${host} is read from $${bmc.passwordEnv}, which is not set for stackshift`, {
        retry: 'never', hint: `set ${bmc.passwordEnv} in the environment of the daemon or command, then push a commit (or apply again) to retry`,
      });
    }
    return value.replace(/\r?\n$/, '');
  }
  const file = bmc.passwordFile;
  if (file === undefined) throw new StackshiftError(codes.STEP_FAILED, `the BMC of ${host} names no passwordFile or passwordEnv`, { retry: 'never', hint: 'name one in reclaim.yaml' });
  let mode: number;
  try {
    mode = (await stat(file)).mode;
  } catch (err) {
    throw new StackshiftError(codes.STEP_FAILED, `cannot read the BMC password file of ${host} at ${file}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`, {
      retry: 'never', hint: `put the password in ${file} (mode 600, readable by stackshift), then push a commit to retry`,
    });
  }
  if ((mode & 0o077) !== 0) {
    throw new StackshiftError(codes.STEP_FAILED, `the BMC password file of ${host} at ${file} can be read by other users (mode ${(mode & 0o777).toString(8)})`, {
      retry: 'never', hint: `chmod 600 ${file}, then push a commit to retry`,
    });
  }
  return (await readFile(file, 'utf8')).replace(/\r?\n$/, '');
}
