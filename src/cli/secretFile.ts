/**
 * A secret from a file a flag names (a webhook secret, an operator or API token): a file, so it
 * never shows in a process list or shell history. The error names the file and the flag, never
 * the content; the one trailing newline an editor adds is dropped.
 */
import { readFile } from 'node:fs/promises';
import { codes, StackshiftError } from '../errors.js';

export async function readSecretFile(file: string, what: string, flag: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new StackshiftError(codes.NOT_FOUND, `cannot read the ${what} file ${file}`, { hint: `check ${flag} names a readable file` });
  }
  return text.replace(/\r?\n$/, '');
}
