/** Where recorded replies live and how they are written and read. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { scrubReply } from './scrub.js';
import type { Reply } from './session.js';
import type { Expectation } from './shape.js';

export const fixtureRoot = join(import.meta.dirname, '..', '..', 'fixtures', 'openstack');

export interface Fixture { section: string; id: string; expect: Expectation; status: number; headers: Record<string, string>; body: unknown }

export function fixturePath(section: string, id: string, root = fixtureRoot): string {
  return join(root, section, `${id}.json`);
}

export async function writeFixture(section: string, id: string, reply: Reply, expect: Expectation, root = fixtureRoot): Promise<void> {
  const clean = scrubReply(reply);
  const fixture: Fixture = { section, id, expect, status: clean.status, headers: clean.headers, body: clean.body };
  const path = fixturePath(section, id, root);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, JSON.stringify(fixture, null, 2) + '\n');
}

export async function readFixture(section: string, id: string, root = fixtureRoot): Promise<Fixture | undefined> {
  try {
    return JSON.parse(await readFile(fixturePath(section, id, root), 'utf8')) as Fixture;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
