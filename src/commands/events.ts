/**
 * `stackshift events`: read the event log of a state directory.
 *   tail [--follow] [--stream S] [--json] [-n N]   the last N events, then new ones as they come
 *   show STREAM [--json]                           every event of one stream
 *   verify [--json]                                check every frame and the whole hash chain
 *   repair                                         keep the valid prefix, move damage aside
 * Reading takes no lock, so it works beside a running daemon (following polls the files).
 */
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { codes, StackshiftError, UsageError } from '../errors.js';
import { formatEventLine } from '../events/formatEvent.js';
import { LogFollower } from '../events/logFollower.js';
import { eventLogDir, resolveStateDir } from '../events/stateDir.js';
import type { StoredEvent } from '../events/store.js';
import { verifyEventLog } from '../events/verify.js';
import { checkAnchor, parseAnchor } from '../events/anchor.js';
import type { Clock, Output } from '../ports.js';
import { openEventStore, systemClock } from '../wiring.js';

const USAGE = `usage: stackshift events <tail|show|verify|repair> [options]

  tail [--follow] [--stream S] [--json] [-n N]   print the last N events (default 20);
                                                 --follow keeps printing new ones until Ctrl-C
       [--type T] [--commit C] [--since WHEN]    only events of type T (a prefix: Workload…),
                                                 of commit C (a prefix), since WHEN: a duration
                                                 ago (30m, 2h, 1d) or an ISO-8601 time
                                                 Lines fit 120 columns: the data is summarised
                                                 as key=value pairs (--json prints all of it)
  show STREAM [--json]                           print every event of STREAM
  verify [--json]                                check every record's checksum and the hash
                                                 chain; prints the event count and head hash;
                                                 exit 1 naming the first bad record
         [--anchor HASH@N]                       also check the first N records still hash to
                                                 HASH (a git note's Log-Head and Log-Records)
  repair                                         when verify fails: keep the events before the
                                                 damage, move the damaged file(s) aside

  --state DIR    state directory (env STACKSHIFT_STATE, default ./.stackshift)

Events never hold secrets: whoever appends redacts them first.`;

export interface EventsContext {
  signal?: AbortSignal;
  clock?: Clock;
  env?: NodeJS.ProcessEnv;
  pollMs?: number;
}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        state: { type: 'string' },
        follow: { type: 'boolean', short: 'f' },
        stream: { type: 'string' },
        type: { type: 'string' },
        commit: { type: 'string' },
        since: { type: 'string' },
        anchor: { type: 'string' },
        json: { type: 'boolean' },
        lines: { type: 'string', short: 'n', default: '20' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err), 'run `stackshift events --help`');
  }
}

export async function run(argv: string[], output: Output): Promise<number> {
  const stop = new AbortController();
  const onSigint = () => stop.abort();
  process.once('SIGINT', onSigint);
  try {
    return await runEvents(argv, output, { signal: stop.signal });
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

export async function runEvents(argv: string[], output: Output, context: EventsContext = {}): Promise<number> {
  const { values, positionals } = parse(argv);
  const [verb, ...rest] = positionals;
  if (values.help || verb === undefined) {
    output.out(USAGE);
    return verb === undefined && !values.help ? 2 : 0;
  }
  const stateDir = resolveStateDir(values.state, context.env ?? process.env);
  if ((verb === 'tail' || verb === 'show') && !(await stat(eventLogDir(stateDir)).catch(() => undefined))) {
    output.err(`note: no event log in ${stateDir} yet (set --state DIR or STACKSHIFT_STATE)`);
  }
  const print = (event: StoredEvent) => output.out(values.json ? JSON.stringify(event) : formatEventLine(event));
  switch (verb) {
    case 'tail': {
      if (rest.length > 0) throw new UsageError(`tail takes no arguments, got '${rest.join(' ')}'`, 'use --stream S to pick a stream');
      const lines = Number(values.lines);
      if (!Number.isInteger(lines) || lines < 0) throw new UsageError(`-n must be a whole number, not '${values.lines}'`);
      const since = values.since === undefined ? undefined : sinceTime(values.since, (context.clock ?? systemClock).now());
      const filter = eventFilter({ stream: values.stream, type: values.type, commit: values.commit, since });
      return tail(stateDir, { lines, follow: values.follow ?? false, filter }, print, context);
    }
    case 'show': {
      if (rest.length !== 1) throw new UsageError('show needs exactly one STREAM', 'e.g. stackshift events show resource:network/app');
      let seen = 0;
      await new LogFollower(eventLogDir(stateDir)).poll((e) => {
        if (e.stream === rest[0]) {
          seen++;
          print(e);
        }
      });
      if (seen === 0) output.err(`no events in stream '${rest[0]}' under ${stateDir}`);
      return 0;
    }
    case 'verify':
      if (values.anchor !== undefined) return verifyAnchor(stateDir, values.anchor, output);
      return verify(stateDir, values.json ?? false, output);
    case 'repair': {
      const store = await openEventStore(stateDir, { repair: true });
      output.out(`event log usable: ${store.count()} events, head ${store.headHash()}`);
      await store.close();
      return 0;
    }
    default:
      throw new UsageError(`unknown events command '${verb}'`, 'one of: tail, show, verify, repair');
  }
}

async function tail(
  stateDir: string,
  options: { lines: number; follow: boolean; filter: (e: StoredEvent) => boolean },
  print: (event: StoredEvent) => void,
  context: EventsContext,
): Promise<number> {
  const follower = new LogFollower(eventLogDir(stateDir));
  const wanted = options.filter;
  // Keep only the last N while reading history, so a long log costs N events of memory.
  const recent: StoredEvent[] = [];
  await follower.poll((e) => {
    if (!wanted(e) || options.lines === 0) return;
    recent.push(e);
    if (recent.length > options.lines) recent.shift();
  });
  recent.forEach(print);
  const clock = context.clock ?? systemClock;
  while (options.follow && !context.signal?.aborted) {
    await clock.sleep(context.pollMs ?? 250, context.signal).catch(() => undefined);
    if (context.signal?.aborted) break;
    await follower.poll((e) => wanted(e) && print(e));
  }
  return 0;
}

/** `--since 30m` (that long ago; s, m, h or d) or `--since 2026-12-05T06:00:00Z`, as epoch ms. */
export function sinceTime(text: string, now: number): number {
  const ago = /^(\d+(?:\.\d+)?)(s|m|h|d)$/.exec(text.trim());
  if (ago) return now - Number(ago[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[ago[2] as 's' | 'm' | 'h' | 'd'];
  const time = Date.parse(text);
  if (Number.isNaN(time)) throw new UsageError(`--since must be a duration ago (30m, 2h, 1d) or a time such as 2026-12-05T06:00:00Z, not '${text}'`, 'run `stackshift events --help`');
  return time;
}

/** The filters of `tail`, all of which an event must pass. */
function eventFilter(f: { stream?: string | undefined; type?: string | undefined; commit?: string | undefined; since?: number | undefined }): (e: StoredEvent) => boolean {
  return (e) => (f.stream === undefined || e.stream === f.stream)
    && (f.type === undefined || e.type.startsWith(f.type))
    && (f.commit === undefined || (e.commit ?? '').startsWith(f.commit))
    && (f.since === undefined || Date.parse(e.time) >= f.since);
}

async function verify(stateDir: string, json: boolean, output: Output): Promise<number> {
  const report = await verifyEventLog(stateDir);
  if (json) {
    output.out(JSON.stringify(report, null, 2));
    return report.ok ? 0 : 1;
  }
  if (report.incompleteTail) {
    output.err(`note: ${report.incompleteTail.file} ends in a half-written record (byte ${report.incompleteTail.offset}); the next open cuts it`);
  }
  if (!report.ok) {
    const p = report.problem!;
    throw new StackshiftError(codes.EVENT_LOG_CORRUPT, `event log damaged at position ${p.position} (${p.file}, byte ${p.offset}): ${p.reason}`, {
      hint: `the ${report.count} events before it check out; \`stackshift events repair\` keeps them and moves the rest aside`,
      data: { ...p },
    });
  }
  output.out(`ok: ${report.count} events, head ${report.headHash}`);
  return 0;
}

async function verifyAnchor(stateDir: string, text: string, output: Output): Promise<number> {
  const anchor = parseAnchor(text);
  if (!anchor) throw new UsageError(`--anchor must be HASH@N (a SHA-256 in hex and a record count), not '${text}'`, 'copy Log-Head and Log-Records from `git notes --ref=stackshift show COMMIT`');
  const check = await checkAnchor(stateDir, anchor);
  if (!check.ok) {
    throw new StackshiftError(codes.EVENT_LOG_CORRUPT, `the event log does not match the anchor: ${check.reason}`, {
      hint: 'the log was cut or edited after the anchor was written; `stackshift events verify` shows where the chain breaks',
    });
  }
  output.out(`ok: the first ${anchor.count} events hash to ${anchor.headHash}`);
  return 0;
}
