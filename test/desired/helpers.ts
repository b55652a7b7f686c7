/**
 * Helpers for desired-state tests: a fresh copy of example-repo/ in a temp dir to break, and
 * the validate command run in-process with a capturing Output.
 */
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { run } from '../../src/commands/validate.js';
import { exampleRepoDir } from '../../src/paths.js';
import type { Output } from '../../src/ports.js';
import type { Problem } from '../../src/desired/problem.js';

export async function copyExample(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'stackshift-desired-'));
  await cp(exampleRepoDir(), dir, { recursive: true });
  return dir;
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** Replaces the first (or, with `all`, every) occurrence; fails the test when absent. */
export async function edit(dir: string, file: string, from: string | RegExp, to: string, all = false): Promise<void> {
  const path = join(dir, file);
  const text = await readFile(path, 'utf8');
  const found = typeof from === 'string' ? text.includes(from) : from.test(text);
  assert.ok(found, `fixture edit: ${String(from)} not found in ${file}`);
  const next = typeof from === 'string'
    ? (all ? text.split(from).join(to) : text.replace(from, to))
    : text.replace(from, to);
  await writeFile(path, next);
}

/** Rewrites a YAML file through a function of its data (positions are not kept). */
export async function editYaml<T>(dir: string, file: string, change: (value: T) => void): Promise<void> {
  const path = join(dir, file);
  const value = parse(await readFile(path, 'utf8')) as T;
  change(value);
  await writeFile(path, stringify(value));
}

/** 1-based line of the `nth` (1-based) line containing `needle`. */
export async function lineOf(dir: string, file: string, needle: string, nth = 1): Promise<number> {
  const lines = (await readFile(join(dir, file), 'utf8')).split('\n');
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.includes(needle) && ++seen === nth) return i + 1;
  }
  assert.fail(`lineOf: ${needle} not found in ${file}`);
}

export interface Captured extends Output {
  stdout: string[];
  stderr: string[];
}

export function captureOutput(): Captured {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, interactive: false, out: (t) => void stdout.push(t), err: (t) => void stderr.push(t) };
}

/** What `validate --format json` prints per problem: exactly the loader's Problem. */
export type JsonProblem = Problem;

/** Runs `stackshift validate DIR --format json` in-process. */
export async function validateJson(dir: string): Promise<{ code: number; problems: JsonProblem[] }> {
  const output = captureOutput();
  const code = await run([dir, '--format', 'json'], output);
  return { code, problems: JSON.parse(output.stdout.join('\n')) as JsonProblem[] };
}
