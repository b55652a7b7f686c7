/**
 * One script of calls, two uses: the recorder runs it against a real cloud and writes each
 * recorded reply as a fixture; the shape tests run it against the simulator and compare each
 * reply with that fixture. Keeping a single script means the two can never drift apart.
 */
import type { CallOptions, Reply, Session } from './session.js';
import type { Expectation } from './shape.js';

export type Who = 'member' | 'admin';
export type ProbeOptions = CallOptions & Expectation;

export interface Probe {
  /** A call whose reply is a fixture: `id` names it within its section. */
  call(id: string, who: Who, service: string, method: string, path: string, options?: ProbeOptions): Promise<Reply>;
  /** A call that is only setup, polling or cleanup: not recorded, not compared. */
  raw(who: Who, service: string, method: string, path: string, options?: CallOptions): Promise<Reply>;
  /** Records a reply obtained some other way (the token reply of a session). */
  record(id: string, reply: Reply, options?: Expectation): void;
  session(who: Who): Session;
  /** Polls `path` until `state(body)` is one of `wanted`; throws on timeout or on an error state. */
  waitFor(who: Who, service: string, path: string, state: (body: any) => unknown, wanted: string[], options?: CallOptions): Promise<Reply>;
  /** Says, in the output, that a call cannot be exercised here and why. */
  notApplicable(id: string, reason: string): void;
}

export interface ProbeHooks {
  sessions: Record<Who, Session>;
  onReply(id: string, reply: Reply, options: Expectation): void;
  intervalMs: number;
  timeoutMs: number;
  log(line: string): void;
}

export function createProbe(hooks: ProbeHooks): Probe {
  const probe: Probe = {
    async call(id, who, service, method, path, options = {}) {
      const reply = await hooks.sessions[who].call(service, method, path, options);
      hooks.onReply(id, reply, { dynamic: options.dynamic, values: options.values, expectHeaders: options.expectHeaders, ignore: options.ignore, openObjects: options.openObjects });
      return reply;
    },
    raw: (who, service, method, path, options) => hooks.sessions[who].call(service, method, path, options),
    record: (id, reply, options = {}) => hooks.onReply(id, reply, options),
    session: (who) => hooks.sessions[who],
    async waitFor(who, service, path, state, wanted, options) {
      const deadline = Date.now() + hooks.timeoutMs;
      let last: unknown;
      for (;;) {
        const reply = await hooks.sessions[who].call(service, 'GET', path, options);
        last = reply.status === 200 ? state(reply.body) : `HTTP ${reply.status}`;
        if (typeof last === 'string' && wanted.includes(last)) return reply;
        if (typeof last === 'string' && /error/i.test(last)) throw new Error(`${service} ${path} went to ${last}`);
        if (Date.now() > deadline) throw new Error(`${service} ${path} still ${String(last)} after ${hooks.timeoutMs} ms (wanted ${wanted.join('|')})`);
        await new Promise((r) => setTimeout(r, hooks.intervalMs));
      }
    },
    notApplicable: (id, reason) => hooks.log(`not applicable: ${id}: ${reason}`),
  };
  return probe;
}

/** Ignores failures: cleanup must go on after a failed step. */
export async function quietly(work: Promise<unknown>): Promise<void> {
  try { await work; } catch { /* cleanup is best effort */ }
}
