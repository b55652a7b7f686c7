/**
 * Reads the operator token from the file `--operator-token-file` names (like the webhook secret:
 * a file, so the token never appears in a process list or shell history). The errors name the
 * file and what is wrong with it, never its content.
 */
import { readSecretFile } from '../cli/secretFile.js';
import { UsageError } from '../errors.js';

const minLength = 24;

export async function readOperatorToken(file: string): Promise<Buffer> {
  const token = await readSecretFile(file, 'operator token', '--operator-token-file');
  if (/\s/.test(token)) throw new UsageError(`the operator token in ${file} contains white space`, 'write the token alone on one line, e.g. from `openssl rand -hex 32`');
  if (token.length < minLength) throw new UsageError(`the operator token in ${file} is shorter than ${minLength} characters`, 'generate one with `openssl rand -hex 32`');
  return Buffer.from(token, 'utf8');
}
