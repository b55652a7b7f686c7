/**
 * The operator token: the API is read-only for everyone; a request that would change something
 * (any method but GET and HEAD, except the HMAC-signed webhook, which has its own check) needs
 * `Authorization: Bearer <token>` with the token of `--operator-token-file`. Without a configured
 * token every such request is refused. Both sides are hashed before comparing, so the comparison
 * takes the same time whatever the length or the first differing byte. The token is never logged.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export type OperatorVerdict = { ok: true } | { ok: false; status: 401 | 405; error: string; hint: string };

const digest = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest();

export function checkOperator(req: IncomingMessage, token: Uint8Array | undefined): OperatorVerdict {
  if (!token) {
    return { ok: false, status: 405, error: 'the API is read-only', hint: 'start the daemon with --operator-token-file to allow operator actions' };
  }
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const given = match ? Buffer.from(match[1]!, 'utf8') : Buffer.alloc(0);
  // Compare digests: equal length always, so timingSafeEqual never throws and leaks no length.
  if (match && timingSafeEqual(digest(given), digest(token))) return { ok: true };
  return { ok: false, status: 401, error: match ? 'wrong operator token' : 'operator token required', hint: 'send Authorization: Bearer <the token in --operator-token-file>' };
}
