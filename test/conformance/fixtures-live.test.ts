/**
 * The recorded fixtures still describe the real cloud: runs every probe section against it and
 * compares each reply with its fixture exactly as test/shape does for the simulator. A difference
 * here means the cloud changed (another release, another config): re-record with
 * `node --import tsx test/conformance/record.ts`, then fix the simulator where test/shape fails.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFixture } from '../shape/helpers/fixtures.js';
import { createProbe } from '../shape/helpers/probe.js';
import { sections } from '../shape/helpers/sections/index.js';
import { openSession, readCloudsYaml } from '../shape/helpers/session.js';
import { replyDifferences } from '../shape/helpers/shape.js';
import { conformanceEnv } from './helpers/childSuite.js';

for (const section of Object.keys(sections)) {
  test(`the real cloud still answers like its fixtures: ${section}`, async () => {
    const env = conformanceEnv();
    const clouds = await readCloudsYaml(env.STACKSHIFT_CONFORMANCE_CLOUDS!);
    const sessions = {
      member: await openSession(clouds[env.STACKSHIFT_CONFORMANCE_SOURCE!]!),
      admin: await openSession(clouds[env.STACKSHIFT_CONFORMANCE_ADMIN!]!),
    };
    const differences: string[] = [];
    const checks: Promise<void>[] = [];
    const probe = createProbe({
      sessions, intervalMs: 1000, timeoutMs: 180_000, log: (line) => console.log(`${section}: ${line}`),
      onReply(id, reply, expect) {
        checks.push(readFixture(section, id).then((fixture) => {
          if (!fixture) { differences.push(`${id}: no fixture`); return; }
          for (const d of replyDifferences(fixture, reply, { ...fixture.expect, ...expect })) differences.push(`${id}: ${d}`);
        }));
      },
    });
    await sections[section]!(probe);
    await Promise.all(checks);
    assert.deepEqual(differences, []);
  });
}
