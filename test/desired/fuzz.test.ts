/**
 * Nothing crashes: hundreds of seeded random corruptions of the example repository (lines
 * deleted, duplicated, re-indented, characters replaced) must each load to a list of located
 * problems or a valid state, never an exception.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { loadDesiredState } from '../../src/desired/load.js';
import { exampleRepoDir } from '../../src/paths.js';
import type { RepoEntry, RepoReader } from '../../src/source/repoReader.js';

function readTree(root: string, dir = root): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) for (const [k, v] of readTree(root, full)) files.set(k, v);
    else files.set(relative(root, full), readFileSync(full, 'utf8'));
  }
  return files;
}

function memoryReader(files: Map<string, string>): RepoReader {
  const encoder = new TextEncoder();
  const entries: RepoEntry[] = [{ path: 'snapshots', kind: 'directory', size: 0 }];
  for (const [path, text] of files) entries.push({ path, kind: 'file', size: encoder.encode(text).length });
  return {
    label: 'memory',
    list: async () => entries,
    read: async (path) => encoder.encode(files.get(path) ?? ''),
  };
}

/** mulberry32: a small seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MUTATIONS: ((lines: string[], rnd: () => number) => void)[] = [
  (lines, rnd) => void lines.splice(Math.floor(rnd() * lines.length), 1),
  (lines, rnd) => {
    const i = Math.floor(rnd() * lines.length);
    lines.splice(i, 0, lines[i]!);
  },
  (lines, rnd) => {
    const i = Math.floor(rnd() * lines.length);
    lines[i] = (rnd() < 0.5 ? ' ' : '') + lines[i]!.replace(/^ /, rnd() < 0.5 ? '' : '   ');
  },
  (lines, rnd) => {
    const i = Math.floor(rnd() * lines.length);
    const line = lines[i]!;
    const at = Math.floor(rnd() * (line.length + 1));
    const chars = [':', '-', '[', '{', '"', "'", '&a', '*a', '#', '\t', '!!str', 'null', '0', '?', '|', '>'];
    lines[i] = line.slice(0, at) + chars[Math.floor(rnd() * chars.length)]! + line.slice(at + 1);
  },
];

describe('random corruption of the example repository', () => {
  it('never throws, and every problem is located', async () => {
    const original = readTree(exampleRepoDir());
    const paths = [...original.keys()].filter((p) => p.endsWith('.yml') || p.endsWith('.yaml'));
    let invalid = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const rnd = random(seed);
      const files = new Map(original);
      const path = paths[Math.floor(rnd() * paths.length)]!;
      const lines = files.get(path)!.split('\n');
      for (let n = 1 + Math.floor(rnd() * 3); n > 0; n--) MUTATIONS[Math.floor(rnd() * MUTATIONS.length)]!(lines, rnd);
      files.set(path, lines.join('\n'));
      const result = await loadDesiredState(memoryReader(files)).catch((err: unknown) => assert.fail(`seed ${seed} (${path}) threw: ${String(err)}`));
      if (result.problems.length > 0) invalid++;
      for (const p of result.problems) {
        assert.ok(p.line >= 1 && p.column >= 1 && p.message.length > 0, `seed ${seed}: ${JSON.stringify(p)}`);
        assert.ok(files.has(p.file) || p.file === 'snapshots', `seed ${seed}: problem names an unknown file ${p.file}`);
      }
    }
    // Most corruptions must be caught; some (a changed comment, a duplicated description) are harmless.
    assert.ok(invalid > 100, `only ${invalid} of 200 corruptions were reported`);
  });
});
