/**
 * Keeps secrets out of every string the client lets go of: error messages, hints, error data and
 * log lines. It knows the cloud's password / application-credential secret / token, and learns
 * each token Keystone issues. Headers are never copied into errors in the first place; this is the
 * second fence, for servers that echo what they were sent.
 */
const MASK = '[redacted]';
/** Header names whose values are secrets wherever they appear. */
export const secretHeaders = new Set(['x-auth-token', 'x-subject-token', 'authorization', 'x-service-token']);

export class Redactor {
  readonly #secrets = new Set<string>();

  constructor(secrets: Iterable<string> = []) {
    for (const s of secrets) this.add(s);
  }

  /** Remembers a secret; too-short values are ignored since masking them would mangle text. */
  add(secret: string | undefined): void {
    if (secret && secret.length >= 4) this.#secrets.add(secret);
  }

  text(input: string): string {
    let out = input;
    for (const s of this.#secrets) if (out.includes(s)) out = out.split(s).join(MASK);
    // Tokens in JSON bodies or header dumps we did not learn about (e.g. another user's).
    return out.replace(/("?(?:x-auth-token|x-subject-token|password|secret|token)"?\s*[:=]\s*)"[^"]*"/gi, `$1"${MASK}"`);
  }

  /** Deep copy of a JSON-able value with every string redacted. */
  value<T>(input: T): T {
    if (typeof input === 'string') return this.text(input) as T;
    if (Array.isArray(input)) return input.map((v) => this.value(v)) as T;
    if (input && typeof input === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(input)) out[k] = secretHeaders.has(k.toLowerCase()) ? MASK : this.value(v);
      return out as T;
    }
    return input;
  }

  /**
   * True when `text` contains a known secret (a self-check before writing files). Secrets under
   * 8 characters are not checked: a weak password such as 'admin' also names things legitimately.
   */
  leaks(text: string): boolean {
    for (const s of this.#secrets) if (s.length >= 8 && text.includes(s)) return true;
    return false;
  }
}
