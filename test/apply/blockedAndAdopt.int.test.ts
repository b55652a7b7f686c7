/**
 * Blocked changes need a person: a flavor and a network of the desired names that already exist
 * in the destination without the stackshift marker block their changes. Every apply says so, and
 * plan and apply exit 3 ("waiting for a person"), not 2 ("changes planned"). `policy.adopt`
 * takes one over explicitly: validated at its line, then marked and converged in place; one that
 * only a replace would converge (the flavor's RAM differs) stays blocked and the plan says why.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { run as apply } from '../../src/commands/apply.js';
import { run as plan } from '../../src/commands/plan.js';
import { loadDesiredState } from '../../src/desired/load.js';
import { captureOutput } from './harness.js';
import { repoFiles } from './desiredRepo.js';
import { startHarness, type Harness } from './harness.js';

type Flavor = { id: string; name: string; description: string | null };
type Network = { id: string; name: string; tags: string[]; description: string };

describe('blocked changes and policy.adopt', () => {
  let h: Harness;
  let repo: string;
  let state: string;
  const files = repoFiles({ router: false });
  before(async () => {
    h = await startHarness();
    process.env.OS_CLIENT_CONFIG_FILE = join(h.dir, 'clouds.yaml');
    repo = join(h.dir, 'repo');
    state = join(h.dir, 'state');
    await h.writeRepo(files);
    // What the operator made before the migration: a public flavor and a network of the same names.
    const flavor: Record<string, unknown> = { name: 't.flavor', vcpus: 2, ram: 2048, disk: 10, 'OS-FLV-EXT-DATA:ephemeral': 0, swap: 0, 'os-flavor-access:is_public': true, description: 'by the operator' };
    flavor.ram = 4096;
    await h.clients.destinationAdmin.request({ service: 'compute', method: 'POST', path: '/flavors', body: { flavor }, microversion: '2.55' });
    await h.clients.destination.request({ service: 'network', method: 'POST', path: '/networks', body: { network: { name: 't-net', description: 'by hand', tags: ['ops'] } } });
  });
  after(async () => {
    await h.close();
  });

  const flavorNamed = async (name: string) => (await h.clients.destinationAdmin.request<{ flavors: Flavor[] }>({ service: 'compute', method: 'GET', path: '/flavors/detail', query: { is_public: 'None' }, microversion: '2.55' })).body.flavors.filter((f) => f.name === name);
  const networkNamed = async (name: string) => (await h.clients.destination.request<{ networks: Network[] }>({ service: 'network', method: 'GET', path: '/networks', query: { name } })).body.networks;

  it('the first apply applies the rest, says what is blocked and exits 3; plan then exits 3, not 2', async () => {
    const first = captureOutput();
    assert.equal(await apply(['--repo', repo, '--state', state], first), 3, first.text());
    assert.match(first.text(), /applied \d+ step\(s\)/);
    assert.match(first.text(), /2 change\(s\) blocked, waiting for a person .* take it over with policy\.adopt/);
    const planned = captureOutput();
    assert.equal(await plan(['--repo', repo, '--state', state], planned), 3, planned.text());
    assert.match(planned.text(), /0 to create, 0 to update, 0 to replace, 0 to delete, 2 blocked/);
    assert.match(planned.text(), /flavor\/t\.flavor[\s\S]*add 'flavor\/t\.flavor' to policy\.adopt in stackshift\.yaml/);
    const again = captureOutput();
    assert.equal(await apply(['--repo', repo, '--state', state], again), 3);
    assert.match(again.text(), /nothing to change\n2 change\(s\) blocked/, 'a no-op apply says it too');
  });

  it('policy.adopt naming what the snapshots do not list is refused at its line', async () => {
    const config = files['stackshift.yaml'] as { policy: Record<string, unknown> };
    config.policy.adopt = ['flavor/t.flavour', 'volume/x'];
    const { problems } = await loadDesiredState(await h.writeRepo(files));
    assert.deepEqual(problems.map((p) => `${p.file}:${p.line}: ${p.message} (${p.hint})`), [
      "stackshift.yaml:12: policy.adopt names flavor 't.flavour', which the snapshots do not list (adopt only what the desired state has; flavors in the snapshots: t.flavor)",
      'stackshift.yaml:13: policy.adopt[1] "volume/x" is not in the expected format (it must match ^(network|subnet|router|security_group|image|flavor)/.+$)',
    ]);
  });

  it('adopted: the network gets the marker and converges in place; the flavor only a replace would converge stays blocked', async () => {
    const config = files['stackshift.yaml'] as { policy: Record<string, unknown> };
    config.policy.adopt = ['flavor/t.flavor', 'network/t-net'];
    await h.writeRepo(files);
    const [networkBefore] = await networkNamed('t-net');
    const planned = captureOutput();
    assert.equal(await plan(['--repo', repo, '--state', state], planned), 2, planned.text());
    assert.match(planned.text(), /network\/t-net\s+update[\s\S]*taken over \(policy\.adopt\): it gets the stackshift marker; description, tags differ/);
    assert.match(planned.text(), /flavor\/t\.flavor[\s\S]*policy\.adopt names it, but its ram differ and OpenStack cannot change them in place/);
    const applied = captureOutput();
    assert.equal(await apply(['--repo', repo, '--state', state], applied), 3, applied.text());
    assert.match(applied.text(), /network\/t-net: adopted after[\s\S]*network\/t-net: updated after[\s\S]*1 change\(s\) blocked/);
    const [networkAfter] = await networkNamed('t-net');
    assert.deepEqual([networkAfter?.id, networkAfter?.description, [...(networkAfter?.tags ?? [])].sort()], [networkBefore?.id, 'test net', ['stackshift']]);
    const after = captureOutput();
    assert.equal(await plan(['--repo', repo, '--state', state], after), 3, after.text());
    assert.match(after.text(), /0 to create, 0 to update, 0 to replace, 0 to delete, 1 blocked/);
  });
});
