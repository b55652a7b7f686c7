/**
 * BMC passwords are read at the moment of use from the file or variable reclaim.yaml names: a
 * missing file, a file others can read and an unset variable are refused with what to do, and
 * no message ever contains the password.
 */
import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { BmcConfig } from '../../src/desired/configModel.js';
import { readBmcPassword } from '../../src/executors/bmc/password.js';
import { StackshiftError } from '../../src/errors.js';

let dir: string;
before(async () => void (dir = await mkdtemp(join(tmpdir(), 'stackshift-bmc-pw-'))));
after(() => rm(dir, { recursive: true, force: true }));

const bmc = (over: Partial<BmcConfig>): BmcConfig => ({ driver: 'ipmi', address: '10.0.0.5', username: 'admin', ...over });

async function refusal(p: Promise<unknown>): Promise<StackshiftError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof StackshiftError, 'refused');
  assert.equal(err.retry, 'never');
  return err;
}

test('a password file readable only by its owner is read, without its trailing newline', async () => {
  const file = join(dir, 'ok');
  await writeFile(file, 'hunter2-bmc\n', { mode: 0o600 });
  assert.equal(await readBmcPassword('compute-2', bmc({ passwordFile: file })), 'hunter2-bmc');
});

test('a file others can read is refused with the chmod that fixes it, and the password is not shown', async () => {
  const file = join(dir, 'open');
  await writeFile(file, 'hunter2-open\n');
  await chmod(file, 0o644);
  const err = await refusal(readBmcPassword('compute-2', bmc({ passwordFile: file })));
  assert.match(err.message, /can be read by other users \(mode 644\)/);
  assert.equal(err.hint, `chmod 600 ${file}, then push a commit to retry`);
  assert.ok(!JSON.stringify(err).includes('hunter2'));
});

test('a missing file and an unset variable say which and what to do', async () => {
  const missing = await refusal(readBmcPassword('compute-2', bmc({ passwordFile: join(dir, 'nope') })));
  assert.match(missing.message, /cannot read the BMC password file of compute-2 at .*nope: ENOENT/);
  const unset = await refusal(readBmcPassword('compute-3', bmc({ passwordEnv: 'STACKSHIFT_TEST_UNSET_PW' }), {}));
  assert.match(unset.message, /\$STACKSHIFT_TEST_UNSET_PW, which is not set/);
  assert.equal(await readBmcPassword('compute-3', bmc({ passwordEnv: 'PW' }), { PW: 'from-env' }), 'from-env');
});
