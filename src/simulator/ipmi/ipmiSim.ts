/**
 * A real IPMI BMC on loopback for tests and `stackshift sim`: OpenIPMI's ipmi_sim with a generated
 * lan.conf (one admin user, lanplus on 127.0.0.1 at a free UDP port), an .emu command file for
 * the BMC's management controller, and a chassis_control program that keeps the power state and
 * boot device in files — which is how the test reads them back on the BMC's side. The config is
 * the one verified on Debian 12 (research/reclaim.md §3.4); ipmitool must use `-C 3` with it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface IpmiSimBmc {
  host: string;
  port: number;
  /** Read on the BMC's side, from the chassis_control state. */
  powerState(): Promise<'on' | 'off'>;
  bootDevice(): Promise<string>;
  close(): Promise<void>;
}

/** Whether ipmi_sim and ipmitool are installed (Debian packages openipmi and ipmitool). */
export function ipmiSimAvailable(): boolean {
  return ['ipmi_sim', 'ipmitool'].every((bin) => spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0);
}

// ipmi_sim runs `<prog> 0x20 get power boot` and `<prog> 0x20 set power 1 ...`; values live in files.
const CHASSIS = (dir: string) => `#!/bin/sh
dir='${dir}'
case "$1" in 0x*) shift ;; esac
op="$1"; shift
if [ "$op" = get ]; then
  for what in "$@"; do
    case "$what" in
      power) echo "power:$(cat "$dir/power" 2>/dev/null || echo 0)" ;;
      boot) echo "boot:$(cat "$dir/boot" 2>/dev/null || echo default)" ;;
    esac
  done
  exit 0
fi
while [ $# -ge 2 ]; do
  case "$1" in
    power) echo "$2" > "$dir/power" ;;
    boot) echo "$2" > "$dir/boot" ;;
    reset) echo 1 > "$dir/power" ;;
    shutdown) echo 0 > "$dir/power" ;;
  esac
  shift 2
done
exit 0
`;

async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

export async function startIpmiSim(options: { username: string; password: string; powerOn?: boolean }): Promise<IpmiSimBmc> {
  const dir = await mkdtemp(join(tmpdir(), 'stackshift-ipmi-sim-'));
  const stateDir = join(dir, 'state');
  const chassisDir = join(dir, 'chassis');
  await mkdir(stateDir);
  await mkdir(chassisDir);
  await writeFile(join(chassisDir, 'power'), options.powerOn === false ? '0\n' : '1\n');
  const chassis = join(dir, 'chassis.sh');
  await writeFile(chassis, CHASSIS(chassisDir));
  await chmod(chassis, 0o755);
  const port = await freeUdpPort();
  const auths = 'none md2 md5 straight';
  await writeFile(join(dir, 'lan.conf'), [
    'name "stackshiftbmc"', 'set_working_mc 0x20', 'startlan 1', `  addr 127.0.0.1 ${port}`, '  priv_limit admin',
    ...['callback', 'user', 'operator', 'admin'].map((p) => `  allowed_auths_${p} ${auths}`),
    '  guid a123456789abcdefa123456789abcdef', 'endlan', `chassis_control "${chassis} 0x20"`,
    `user 2 true "${options.username}" "${options.password}" admin 10 ${auths}`, '',
  ].join('\n'));
  await writeFile(join(dir, 'bmc.emu'), ['mc_setbmc 0x20', 'mc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02 persist_sdr', 'sel_enable 0x20 1000 0x0a', 'mc_enable 0x20', ''].join('\n'));
  const child: ChildProcess = spawn('ipmi_sim', ['-n', '-c', join(dir, 'lan.conf'), '-f', join(dir, 'bmc.emu'), '-s', stateDir], { stdio: ['pipe', 'ignore', 'ignore'] });
  await waitUntilAnswering(port, options, child);
  const read = async (name: string, fallback: string) => (await readFile(join(chassisDir, name), 'utf8').catch(() => fallback)).trim();
  return {
    host: '127.0.0.1',
    port,
    powerState: async () => ((await read('power', '0')) === '1' ? 'on' : 'off'),
    bootDevice: async () => read('boot', 'default'),
    async close() {
      child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 50));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** ipmi_sim binds its port a moment after it starts; ask it until it answers (at most 10 s). */
async function waitUntilAnswering(port: number, o: { username: string; password: string }, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if (child.exitCode !== null) throw new Error(`ipmi_sim exited with ${child.exitCode}`);
    const r = spawnSync('ipmitool', ['-I', 'lanplus', '-C', '3', '-H', '127.0.0.1', '-p', String(port), '-U', o.username, '-E', '-N', '1', '-R', '1', 'power', 'status'], { env: { ...process.env, IPMI_PASSWORD: o.password }, encoding: 'utf8' });
    if (r.status === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGTERM');
  throw new Error(`ipmi_sim on 127.0.0.1:${port} did not answer within 10 s`);
}
