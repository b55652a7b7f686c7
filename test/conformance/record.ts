/**
 * Records the replies of a real OpenStack as fixtures for the response-shape tests (run by hand):
 *
 *   node --import tsx test/conformance/record.ts [--clouds FILE] [--member src] [--admin admin] [section ...]
 *
 * Talks to the cloud with plain fetch (test/shape/helpers/session.ts), runs the probe sections of
 * test/shape/helpers/sections/, and writes test/fixtures/openstack/<section>/<call>.json with
 * tokens, passwords, secrets and request ids scrubbed. Every section deletes what it created.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fixtureRoot, writeFixture } from '../shape/helpers/fixtures.js';
import { createProbe } from '../shape/helpers/probe.js';
import { sections } from '../shape/helpers/sections/index.js';
import { openSession, readCloudsYaml } from '../shape/helpers/session.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    clouds: { type: 'string', default: process.env.STACKSHIFT_CONFORMANCE_CLOUDS ?? '/tmp/openstack-harness/clouds.yaml' },
    member: { type: 'string', default: process.env.STACKSHIFT_CONFORMANCE_SOURCE ?? 'src' },
    admin: { type: 'string', default: process.env.STACKSHIFT_CONFORMANCE_ADMIN ?? 'admin' },
  },
});

const clouds = await readCloudsYaml(values.clouds!);
const entry = (name: string) => {
  const found = clouds[name];
  if (!found) throw new Error(`${values.clouds}: no cloud entry "${name}"`);
  return found;
};
const sessions = { member: await openSession(entry(values.member!)), admin: await openSession(entry(values.admin!)) };
const wanted = positionals.length > 0 ? positionals : Object.keys(sections);
let failed = 0;
for (const name of wanted) {
  const section = sections[name];
  if (!section) throw new Error(`unknown section ${name}; known: ${Object.keys(sections).join(', ')}`);
  await rm(join(fixtureRoot, name), { recursive: true, force: true });
  const started = Date.now();
  let count = 0;
  const writes: Promise<void>[] = [];
  const probe = createProbe({
    sessions, intervalMs: 1000, timeoutMs: 180_000, log: (line) => console.log(`  ${line}`),
    onReply(id, reply, expect) {
      count += 1;
      console.log(`  ${name}/${id}: ${reply.status}`);
      writes.push(writeFixture(name, id, reply, expect));
    },
  });
  try {
    await section(probe);
    console.log(`${name}: ${count} replies recorded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    failed += 1;
    console.error(`${name}: FAILED after ${count} replies: ${(error as Error).message}`);
  }
  await Promise.all(writes);
}
process.exit(failed === 0 ? 0 : 1);
