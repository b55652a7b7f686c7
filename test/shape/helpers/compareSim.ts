/** Runs one probe section against a running simulator and lists how its replies differ from the fixtures. */
import type { Simulator } from '../../../src/simulator/index.js';
import { readFixture } from './fixtures.js';
import { createProbe } from './probe.js';
import { sections } from './sections/index.js';
import { openSession, type CloudEntry, type Session } from './session.js';
import { replyDifferences } from './shape.js';

/** Ids and uuids differ per run; divergence lines must not. */
export const normalise = (line: string): string =>
  line.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>').replace(/\b[0-9a-f]{32}\b/g, '<id>');

export async function simDivergences(sim: Simulator, section: string, log: (line: string) => void = () => {}): Promise<string[]> {
  const found: string[] = [];
  const pending: Promise<void>[] = [];
  let sessions: Record<'member' | 'admin', Session>;
  try {
    sessions = {
      member: await openSession(sim.entries.src as CloudEntry),
      admin: await openSession(sim.entries['src-admin'] as CloudEntry),
    };
  } catch (error) {
    return [`aborted: ${normalise((error as Error).message)}`];
  }
  const probe = createProbe({
    sessions, intervalMs: 20, timeoutMs: 5000, log: (line) => log(`${section}: ${line}`),
    onReply(id, reply, expect) {
      pending.push(readFixture(section, id).then((fixture) => {
        if (!fixture) { found.push(`${id}: no recorded fixture (run test/conformance/record.ts)`); return; }
        const real = { status: fixture.status, headers: fixture.headers, body: fixture.body };
        for (const d of replyDifferences(real, reply, { ...fixture.expect, ...expect })) found.push(`${id}: ${normalise(d)}`);
      }));
    },
  });
  try {
    await sections[section]!(probe);
  } catch (error) {
    found.push(`aborted: ${normalise((error as Error).message)}`);
  }
  await Promise.all(pending);
  return [...new Set(found)].sort();
}
