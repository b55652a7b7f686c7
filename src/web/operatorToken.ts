/**
 * Reads the operator token from the file `--operator-token-file` names (like the webhook secret:
 * a file, so the token never appears in a process list or shell history). The errors name the
 * file and what is wrong with it, never its content.
 */
import { readFile } from 'node:fs/promises';
import { codes, StackshiftError, UsageError } from '../errors.js';

const minLength = 24;

export async function readOperatorToken(file: string): Promise<Buffer> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new StackshiftError(codes.NOT_FOUND, `cannot read the operator token file ${file}`, { hint: 'check --operator-token-file names a readable file' });
  }
  const token = text.replace(/\r?\n$/, '');
  if (/\s/.test(token)) throw new UsageError(`the operator token in ${file} contains white space`, 'write the token alone on one line, e.g. from `openssl rand -hex 32`');
  if (token.length < minLength) throw new UsageError(`the operator token in ${file} is shorter than ${minLength} characters`, 'generate one with `openssl rand -hex 32`');
  return Buffer.from(token, 'utf8');
}
