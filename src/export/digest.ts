/**
 * What the exporter last wrote for each resource, so a later export can tell an operator's hand
 * edit of `params` from a change in the cloud. Kept beside the snapshots in
 * snapshots/.export-digests.json (dotfiles there are ignored by `stackshift validate`).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { codes, StackshiftError } from '../errors.js';

export const DIGEST_FILE = '.export-digests.json';

/** file name → resource id → digest of the params written. */
export type Digests = Record<string, Record<string, string>>;

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  }
  return value;
}

export function paramsDigest(params: unknown): string {
  return createHash('sha256').update(JSON.stringify(canonical(params))).digest('hex').slice(0, 32);
}

export async function readDigests(dir: string): Promise<Digests> {
  const path = join(dir, DIGEST_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
  try {
    const parsed = JSON.parse(text) as { digests?: Digests };
    return parsed.digests ?? {};
  } catch {
    throw new StackshiftError(codes.EXPORT_CONFLICT, `${path} is not valid JSON`, {
      hint: 'delete it and export with --force to start over (hand edits can no longer be told apart)',
    });
  }
}

export function renderDigests(digests: Digests): string {
  return `${JSON.stringify({ version: 1, digests: canonical(digests) }, null, 2)}\n`;
}
