/**
 * Credentials for an HTTPS Git remote. They come from the environment or a file the operator
 * controls, never from the desired-state repository and never kept inside a URL: a URL with a
 * password in it would end up in .git/config, in `ps` output and in log lines.
 *
 * Sources, first match wins:
 *   STACKSHIFT_GIT_TOKEN                          a token (PAT, deploy token) sent as the password
 *   STACKSHIFT_GIT_USERNAME + STACKSHIFT_GIT_PASSWORD
 *   STACKSHIFT_GIT_CREDENTIALS_FILE               `token=…` or `username=…`/`password=…` lines,
 *                                                 or a file holding only a token
 * The username for a token defaults to `x-access-token` (GitHub; Gitea and GitLab accept any).
 */
import { readFile } from 'node:fs/promises';
import { codes, StackshiftError } from '../errors.js';

export interface GitCredentials {
  username: string;
  password: string;
}

const tokenUser = 'x-access-token';

export async function gitCredentialsFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<GitCredentials | undefined> {
  const username = env.STACKSHIFT_GIT_USERNAME || undefined;
  if (env.STACKSHIFT_GIT_TOKEN) return { username: username ?? tokenUser, password: env.STACKSHIFT_GIT_TOKEN };
  if (env.STACKSHIFT_GIT_PASSWORD) {
    if (!username) {
      throw new StackshiftError(codes.GIT_SOURCE, 'STACKSHIFT_GIT_PASSWORD is set but STACKSHIFT_GIT_USERNAME is not', {
        hint: 'set STACKSHIFT_GIT_USERNAME too, or put a token in STACKSHIFT_GIT_TOKEN',
      });
    }
    return { username, password: env.STACKSHIFT_GIT_PASSWORD };
  }
  const file = env.STACKSHIFT_GIT_CREDENTIALS_FILE;
  if (!file) return undefined;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new StackshiftError(codes.GIT_SOURCE, `cannot read the Git credentials file ${file}`, {
      hint: 'check STACKSHIFT_GIT_CREDENTIALS_FILE names a readable file',
      data: { file, reason: (err as NodeJS.ErrnoException).code ?? 'unknown' },
    });
  }
  return parseCredentialsFile(text, file, username);
}

/** Parses `key=value` lines (token, username, password; # comments) or a bare token. */
export function parseCredentialsFile(text: string, file: string, username?: string): GitCredentials {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  const first = lines[0];
  if (lines.length === 1 && first !== undefined && !first.includes('=')) return { username: username ?? tokenUser, password: first };
  const values = new Map<string, string>();
  for (const line of lines) {
    const at = line.indexOf('=');
    if (at > 0) values.set(line.slice(0, at).trim().toLowerCase(), line.slice(at + 1).trim());
  }
  const token = values.get('token');
  if (token) return { username: values.get('username') ?? username ?? tokenUser, password: token };
  const user = values.get('username') ?? username;
  const password = values.get('password');
  if (user && password) return { username: user, password };
  throw new StackshiftError(codes.GIT_SOURCE, `the Git credentials file ${file} holds neither a token nor a username and password`, {
    hint: 'write `token=<token>`, or `username=<name>` and `password=<password>` on separate lines',
  });
}

/** A URL safe to print: user info removed. Non-URLs (local paths) come back unchanged. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url;
  }
}

/** Removes every occurrence of the secret from a message (defence in depth for library errors). */
export function scrubSecret(text: string, credentials: GitCredentials | undefined): string {
  if (!credentials || credentials.password.length < 4) return text;
  const encoded = [credentials.password, encodeURIComponent(credentials.password),
    Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')];
  return encoded.reduce((acc, secret) => acc.split(secret).join('***'), text);
}
