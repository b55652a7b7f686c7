/**
 * Webhook signature checks. A webhook only means "look at the branch now" (as Flux's Receiver),
 * so nothing in the payload is trusted or used; the signature only keeps strangers from making
 * the daemon poll. Both formats are HMAC-SHA256 of the raw body keyed by the shared secret:
 *   GitHub  X-Hub-Signature-256: sha256=<hex>
 *   Gitea   X-Gitea-Signature: <hex>     (Gogs sends the same as X-Gogs-Signature)
 * Compared with crypto.timingSafeEqual so the time taken says nothing about the right value.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export type WebhookProvider = 'github' | 'gitea';

export type WebhookVerdict =
  | { ok: true; provider: WebhookProvider; event: string | undefined }
  | { ok: false; reason: string };

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sameDigest(expected: Buffer, hex: string): boolean {
  if (!/^[0-9a-f]+$/i.test(hex) || hex.length !== expected.length * 2) return false;
  return timingSafeEqual(expected, Buffer.from(hex, 'hex'));
}

export function signBody(body: Uint8Array, secret: Uint8Array): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

export function verifyWebhookSignature(body: Uint8Array, headers: IncomingHttpHeaders, secret: Uint8Array): WebhookVerdict {
  const expected = createHmac('sha256', secret).update(body).digest();
  const github = header(headers, 'x-hub-signature-256');
  if (github !== undefined) {
    const hex = github.startsWith('sha256=') ? github.slice('sha256='.length) : '';
    return sameDigest(expected, hex)
      ? { ok: true, provider: 'github', event: header(headers, 'x-github-event') }
      : { ok: false, reason: 'X-Hub-Signature-256 does not match the body' };
  }
  const gitea = header(headers, 'x-gitea-signature') ?? header(headers, 'x-gogs-signature');
  if (gitea !== undefined) {
    return sameDigest(expected, gitea.trim())
      ? { ok: true, provider: 'gitea', event: header(headers, 'x-gitea-event') ?? header(headers, 'x-gogs-event') }
      : { ok: false, reason: 'X-Gitea-Signature does not match the body' };
  }
  return { ok: false, reason: 'no signature header (X-Hub-Signature-256 or X-Gitea-Signature)' };
}
