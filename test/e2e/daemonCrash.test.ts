/**
 * `stackshift daemon` as a child process: SIGTERM while it applies stops it cleanly (exit 0);
 * SIGKILLed at random moments while it applies, after a restart it resumes and converges with
 * no duplicate resource and identical image data.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawnDaemon, startE2E, startInProcess, type E2E } from './harness.js';

let e2e: E2E;
before(async () => {
  e2e = await startE2E();
});
after(async () => {
  await e2e?.cleanup();
});

/** A small seeded generator, so a failing run can be repeated with the printed seed. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const collections = ['networks', 'subnets', 'routers', 'security_groups', 'nova_flavors', 'nova_keypairs', 'images'];

test('killed with SIGKILL during apply it resumes and converges without duplicates; SIGTERM stops it cleanly', async (t) => {
  const seed = Number(process.env.STACKSHIFT_CRASH_SEED ?? Date.now() % 100_000);
  t.diagnostic(`seed ${seed} (set STACKSHIFT_CRASH_SEED to repeat)`);
  const random = seeded(seed);
  const head = await e2e.repo.head();
  // Writes are counted as requests, not as records: a delete (a default egress rule) and a create
  // in one window leave the record count unchanged, which once made a busy daemon look idle.
  const faults = e2e.sim.cloud('destination').faults;
  const slowWrites = (latencyMs: number) => ['POST', 'PUT', 'DELETE'].map((method) => faults.inject({ method, latencyMs }));
  let writeRules = slowWrites(200);
  let retired = 0;
  const writes = () => retired + writeRules.reduce((sum, rule) => sum + rule.hits, 0);
  const stopSlowing = () => {
    retired = writes();
    for (const rule of writeRules) rule.remove();
    writeRules = [];
  };
  // Every write to the destination takes 200 ms, so the apply lasts seconds and each kill below
  // lands while steps are in flight (asserted, not hoped for).
  const initial = writes();
  let kills = 0;
  for (let round = 0; round < 3; round++) {
    const daemon = spawnDaemon(e2e);
    const startCount = writes();
    const deadline = Date.now() + 20_000;
    while (writes() === startCount && Date.now() < deadline) await sleep(10);
    assert.ok(writes() > startCount, `round ${round}: the daemon wrote to the destination\n${daemon.log()}`);
    await sleep(Math.floor(random() * 300));
    assert.doesNotMatch(daemon.log(), /: (applied|unchanged) \(/, `round ${round}: still applying when killed`);
    daemon.child.kill('SIGKILL');
    assert.equal(await daemon.exited, null, 'killed by the signal');
    kills++;
  }
  stopSlowing();
  assert.equal(kills, 3, 'three SIGKILLs landed mid-apply');
  t.diagnostic(`killed ${kills} times mid-apply; ${writes() - initial} writes to the destination`);

  const last = spawnDaemon(e2e);
  const deadline = Date.now() + 60_000;
  const converged = new RegExp(`resume pass for ${head.slice(0, 7)}: applied`);
  while (!converged.test(last.log()) && Date.now() < deadline && last.child.exitCode === null) await sleep(50);
  assert.match(last.log(), converged, `the restart resumed the interrupted pass and finished it\n${last.log()}`);
  // Quiet once converged: over at least ten polls (every 100 ms) no further pass starts.
  const passes = () => (last.log().match(/ pass for [0-9a-f]{7} started/g) ?? []).length;
  const settled = passes();
  await sleep(1_200);
  assert.equal(passes(), settled, `no pass after convergence\n${last.log()}`);

  // A second commit adds resources; SIGTERM while the daemon writes them (slowly again): the pass
  // stops after the steps in flight and the daemon exits 0.
  writeRules = slowWrites(300);
  const before = writes();
  const second = await e2e.editYaml('snapshots/security_groups.yml', (doc) => {
    for (let i = 0; i < 6; i++) {
      doc.resources.push({ ...doc.resources[0], params: { name: `crash-sg-${i}`, description: 'added during the crash test' },
        _info: { ...doc.resources[0]._info, id: `00000000-0000-4000-8000-00000000c${String(i).padStart(3, '0')}` } });
    }
  }, 'add six security groups');
  while (writes() === before && last.child.exitCode === null) await sleep(10);
  last.child.kill('SIGTERM');
  assert.equal(await last.exited, 0, `SIGTERM exits 0\n${last.log()}`);
  stopSlowing();
  assert.match(last.log(), /SIGTERM: stopping after the step in flight/);
  assert.match(last.log(), new RegExp(`pass for ${second.slice(0, 7)}: stopped`), last.log());

  const destination = e2e.sim.cloud('destination').state;
  for (const name of collections) {
    const records = destination.collection<{ id: string; name?: string }>(name).values();
    const names = records.map((r) => r.name).filter((n): n is string => typeof n === 'string' && n !== '');
    assert.deepEqual(names.filter((n, i) => names.indexOf(n) !== i), [], `no duplicate ${name}`);
  }
  type Rule = { id: string; security_group_id: string; direction: string; ethertype: string; protocol: string | null;
    port_range_min: number | null; port_range_max: number | null; remote_ip_prefix: string | null; remote_group_id: string | null };
  const rules = destination.collection<Rule>('security_group_rules').values()
    .map((r) => JSON.stringify([r.security_group_id, r.direction, r.ethertype, r.protocol, r.port_range_min, r.port_range_max, r.remote_ip_prefix, r.remote_group_id]));
  assert.deepEqual(rules.filter((r, i) => rules.indexOf(r) !== i), [], 'no duplicate security group rule');

  type Image = { id: string; name: string; status: string; checksum: string | null; os_hash_value: string | null; size: number | null };
  const sourceImages = e2e.sim.cloud('source').state.collection<Image>('images').values();
  const copied = destination.collection<Image>('images').values().filter((i) => sourceImages.some((s) => s.name === i.name));
  assert.ok(copied.length > 0, 'the images were copied');
  for (const image of copied) {
    const original = sourceImages.find((s) => s.name === image.name);
    assert.equal(image.status, 'active');
    assert.ok(image.os_hash_value, `${image.name} has data`);
    assert.deepEqual([image.os_hash_value, image.checksum, image.size], [original?.os_hash_value, original?.checksum, original?.size], `image ${image.name} data identical`);
  }

  // Restarted on the same log it finishes the second commit, and then a drift pass finds nothing.
  const check = await startInProcess(e2e);
  try {
    const resumed = check.records.find((r) => r.commit === second) ?? (await check.waitForPass((r) => r.commit === second));
    assert.deepEqual([resumed.reason, resumed.outcome?.result], ['resume', 'applied']);
    assert.deepEqual(e2e.names('security_groups').filter((n) => n.startsWith('crash-sg-')), [0, 1, 2, 3, 4, 5].map((i) => `crash-sg-${i}`));
    const drift = check.waitForPass((r) => r.reason === 'drift');
    check.loop().poke({ drift: true });
    assert.equal((await drift).outcome?.result, 'unchanged');
  } finally {
    await check.stop();
  }
});
