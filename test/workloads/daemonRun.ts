/**
 * Running `stackshift daemon` against a workload rig as a child process, and what every fault
 * test checks once the workloads converge: nothing made twice, no temporary left in either cloud
 * or on a conversion host, and every copied disk equal to its source.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { run as status } from '../../src/commands/status.js';
import { LogFollower } from '../../src/events/logFollower.js';
import { packageRoot } from '../../src/paths.js';
import { attachments } from '../../src/simulator/cinder/store.js';
import { captureOutput } from '../apply/harness.js';
import { fileSha256, imagesOf, portsOf, serversOf, temporariesIn, volumesOf, type WorkloadRig } from './rig.js';
import { leftovers } from './volumeHelpers.js';

export const WORKLOADS = ['web-1', 'web-2', 'app-1', 'db-1'];

export function daemon(rig: WorkloadRig, state: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(packageRoot(), 'src/cli/main.ts'), 'daemon', '--repo', rig.repo.dir, '--state', state, '--interval', '100ms', '--drift-interval', '0'],
    { env: { ...process.env, OS_CLIENT_CONFIG_FILE: rig.cloudsYaml }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr.on('data', (d: Buffer) => (text += d.toString()));
  const exited = new Promise<void>((done) => child.on('exit', () => done()));
  return { child, exited, log: () => text };
}

/** Each workload's phase as status shows it: 'Migrated', or its condition and last event. */
export async function phases(state: string): Promise<Record<string, string>> {
  const out = captureOutput();
  await status(['--state', state, '--format', 'json'], out);
  const parsed = JSON.parse(out.text()) as { workloads: Record<string, { condition: string; message?: string; lastEvent?: string }> };
  // Migrated: the workload's last notice is Done with "migrated: …" (status has no phases yet).
  return Object.fromEntries(Object.entries(parsed.workloads).map(([k, v]) => [k, v.condition === 'Ready' && /^migrated/.test(v.message ?? '') ? 'Migrated' : `${v.condition} ${v.lastEvent ?? ''}`]));
}

/** Each detached volume's phase as status shows it: 'Migrated', or its condition and last event. */
export async function volumePhases(state: string): Promise<Record<string, string>> {
  const out = captureOutput();
  await status(['--state', state, '--format', 'json'], out);
  const parsed = JSON.parse(out.text()) as { volumes: Record<string, { condition: string; message?: string; lastEvent?: string }> };
  return Object.fromEntries(Object.entries(parsed.volumes).map(([k, v]) => [k, v.condition === 'Ready' && /^migrated/.test(v.message ?? '') ? 'Migrated' : `${v.condition} ${v.lastEvent ?? ''}`]));
}

/** The example's detached volumes (snapshots/detached_volumes.yml), which migrate beside the workloads. */
export const VOLUMES = ['backup-vol', 'archive-vol'];

/** Runs a daemon until every workload and detached volume is migrated (or `ms` pass), then stops it with SIGTERM. */
export async function convergeWithDaemon(rig: WorkloadRig, state: string, ms = 120_000): Promise<void> {
  const last = daemon(rig, state);
  try {
    const deadline = Date.now() + ms;
    const all = async () => ({ ...(await phases(state)), ...Object.fromEntries(Object.entries(await volumePhases(state)).map(([k, v]) => [`volume ${k}`, v])) });
    const names = [...WORKLOADS, ...VOLUMES.map((v) => `volume ${v}`)];
    let now = await all();
    while (!names.every((w) => now[w] === 'Migrated') && Date.now() < deadline) {
      await sleep(250);
      now = await all();
    }
    assert.deepEqual(names.map((w) => now[w]), names.map(() => 'Migrated'), last.log());
  } finally {
    last.child.kill('SIGTERM');
    await last.exited;
  }

}

/** Nothing twice, no temporaries anywhere, and the copied disks hold their sources' bytes. */
export async function assertCleanMigration(rig: WorkloadRig): Promise<void> {
  const source = rig.sim.cloud('source');
  const destination = rig.sim.cloud('destination');
  const dupes = (names: string[]) => names.filter((n, i) => names.indexOf(n) !== i);
  assert.deepEqual(dupes(serversOf(destination).map((s) => s.name)), [], 'no server twice');
  assert.deepEqual(dupes(volumesOf(destination).map((v) => v.name ?? '')), [], 'no volume twice');
  assert.deepEqual(dupes(portsOf(destination).map((p) => p.mac_address)), [], 'no MAC twice');
  assert.deepEqual(temporariesIn(source), [], 'no temporary left in the source');
  assert.deepEqual(volumesOf(destination).filter((v) => String(v.name).startsWith('stackshift-')).map((v) => v.name), [], 'no temporary volume in the destination');
  assert.deepEqual(imagesOf(destination).filter((i) => String(i.name).startsWith('stackshift-')).map((i) => i.name), []);
  const hosts = new Set(serversOf(destination).concat(serversOf(source)).filter((s) => /conversion/.test(s.name)).map((s) => s.id));
  const onHosts = [...attachments(source).values(), ...attachments(destination).values()].filter((a) => a.status === 'attached' && hosts.has(a.instanceUuid ?? ''));
  assert.deepEqual(onHosts, [], 'nothing left attached to a conversion host');
  assert.deepEqual(await leftovers(rig), [], 'nothing left in either cloud or on a conversion host');
  for (const v of volumesOf(source).filter((x) => /^(db-1|app-1)-/.test(x.name ?? '') || VOLUMES.includes(x.name ?? ''))) {
    const [copy] = volumesOf(destination).filter((x) => x.name === v.name);
    assert.equal(await fileSha256(copy!.backingFile), await fileSha256(v.backingFile), `${v.name} holds the source's bytes`);
  }
}

/**
 * Follows the log as the daemon writes it: which workload and detached-volume steps are in flight
 * (started, not ended), and whether a step of a given kind has just started.
 */
export function stepWatch(state: string) {
  const follower = new LogFollower(join(state, 'events'));
  const running = new Map<string, string>();
  return {
    running: () => new Set(running.values()),
    /** Polls until a step of `kind` ('*': any) starts (true) or `ms` pass (false). */
    async until(kind: string, ms: number): Promise<boolean> {
      const deadline = Date.now() + ms;
      while (Date.now() < deadline) {
        let hit = false;
        await follower.poll((e) => {
          if (!/^(workload|volume|node):/.test(e.stream)) return;
          if (/^(Workload|Volume|Node)ActivityStarted$/.test(e.type)) {
            running.set(e.stream, String(e.data.activity));
            if (kind === '*' || e.data.activity === kind) hit = true;
          } else if (/^(Workload|Volume|Node)Activity(Completed|Failed|Stopped)$/.test(e.type)) running.delete(e.stream);
        });
        if (hit) return true;
        await sleep(5);
      }
      return false;
    },
  };
}

/**
 * Starts the daemon and SIGKILLs it, again and again, until `done()` (at most `rounds` kills):
 * every other kill aims at the start of one of `steps` in turn (or lands at once when no such
 * step comes within 3 s), the others at whatever step runs first after the restart; `pause` says
 * how long after the step started. Returns the kills and the step kinds running at each.
 */
export async function killRepeatedly(rig: WorkloadRig, state: string, o: { steps: readonly string[]; rounds: number; pause: (round: number, target: string) => number; done: () => Promise<boolean> }): Promise<{ kills: number; killedIn: Set<string> }> {
  const watch = stepWatch(state);
  const killedIn = new Set<string>();
  let kills = 0;
  for (let round = 0; round < o.rounds; round++) {
    const target = round % 2 === 1 ? '*' : o.steps[(round / 2) % o.steps.length]!;
    const d = daemon(rig, state);
    const hit = await watch.until(target, 3_000);
    await sleep(hit ? o.pause(round, target) : 0);
    for (const step of watch.running()) killedIn.add(step);
    d.child.kill('SIGKILL');
    await d.exited;
    kills++;
    if (await o.done()) break;
  }
  return { kills, killedIn };
}

