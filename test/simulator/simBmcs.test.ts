/**
 * `stackshift sim` lists the BMC of every bare-metal machine of the scenario: Redfish ones with
 * their live URL and the certificate fingerprint to pin, IPMI ones on ipmi_sim when it is
 * installed (then ipmitool reads their power state) or as not served, saying how — never silently.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { ipmiSimAvailable } from '../../src/simulator/ipmi/ipmiSim.js';
import { tempDirSync } from '../fixtures/tempDir.js';

const root = join(import.meta.dirname, '..', '..');

test('`stackshift sim` serves and lists the example machines\' BMCs', async () => {
  const dir = tempDirSync('sim-bmcs-');
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'sim', '--clouds-out', join(dir, 'clouds.yaml'), '--no-conversion-hosts'], { cwd: root });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const deadline = Date.now() + 60_000;
    while (!/^bmc compute-4 /m.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.match(out, /^bmc compute-3 redfish https:\/\/127\.0\.0\.1:\d+ systemId=\/redfish\/v1\/Systems\/compute-3 certificateSha256=([0-9A-F]{2}:){31}[0-9A-F]{2}$/m);
    if (ipmiSimAvailable()) {
      const m = /^bmc compute-2 ipmi 127\.0\.0\.1:(\d+) \(ipmi_sim; use -C 3\)$/m.exec(out);
      assert.ok(m, out);
      // The example's compute-2 password comes from a file the simulator does not have: "password".
      const r = spawnSync('ipmitool', ['-I', 'lanplus', '-C', '3', '-H', '127.0.0.1', '-p', m[1]!, '-U', 'admin', '-E', 'power', 'status'], { env: { ...process.env, IPMI_PASSWORD: 'password' }, encoding: 'utf8' });
      assert.match(r.stdout, /Chassis Power is (on|off)/, r.stderr);
    } else {
      assert.match(out, /^bmc compute-2 ipmi: not served \(install ipmitool and openipmi to run it on ipmi_sim\)$/m);
    }
  } finally {
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  }
});
