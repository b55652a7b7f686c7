/**
 * `stackshift history THING`: every change the event log holds for one workload, node, volume
 * or resource, in order, each with its time, the commit it was made for (author and subject
 * from the repository when it can be found) and a one-line summary. Reads the log without a
 * lock, so it works beside a running daemon.
 */
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { verbUsageError } from '../cli/args.js';
import { codes, StackshiftError } from '../errors.js';
import { LogFollower } from '../events/logFollower.js';
import { eventLogDir, resolveStateDir } from '../events/stateDir.js';
import type { StoredEvent } from '../events/store.js';
import { candidateGitdirs, commitLookup, type CommitInfo } from '../history/commitInfo.js';
import { summariseEvent } from '../history/eventSummary.js';
import { parseStreamQuery } from '../history/streamQuery.js';
import type { Output } from '../ports.js';

const usage = `usage: stackshift history THING [--state DIR] [--repo DIR] [--format text|json]

Every change to THING recorded in the event log, oldest first, with the commit it was made for.
THING is a workload, node, volume or resource, in any of these forms:
  workload:web-1  server/web-1  node:compute-2  host:compute-2  volume:data-1
  network/net-a  security-group/web  resource:subnet/sub-a  commit:1a2b3c  web-1

  --state DIR     state directory (env STACKSHIFT_STATE, default ./.stackshift)
  --repo DIR      the desired-state repository, for commit authors and subjects
                  (default: the daemon's clone in the state directory, or the local
                  repository the daemon followed)
  --format F      text (default) or json`;

interface HistoryEntry {
  event: StoredEvent;
  summary: string;
  commit?: CommitInfo;
}

export async function run(argv: string[], output: Output, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: { state: { type: 'string' }, repo: { type: 'string' }, format: { type: 'string', default: 'text' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    throw verbUsageError('history', (err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    output.out(usage);
    return 0;
  }
  if (positionals.length !== 1) throw verbUsageError('history', 'history needs exactly one THING', 'e.g. stackshift history workload:web-1');
  if (values.format !== 'text' && values.format !== 'json') throw verbUsageError('history', `unknown --format '${values.format}'`, 'one of: text, json');
  const query = parseStreamQuery(positionals[0]!);
  const stateDir = resolveStateDir(values.state, env);
  if (!(await stat(eventLogDir(stateDir)).catch(() => undefined))?.isDirectory()) {
    throw new StackshiftError(codes.NOT_FOUND, `there is no event log in ${stateDir}`, { hint: 'name the state directory with --state DIR or STACKSHIFT_STATE (default ./.stackshift)' });
  }

  const events: StoredEvent[] = [];
  const observedRepos = new Set<string>();
  await new LogFollower(eventLogDir(stateDir)).poll((e) => {
    if (e.type === 'CommitObserved' && typeof e.data.repo === 'string') observedRepos.add(e.data.repo);
    if (query.matches(e.stream)) events.push(e);
  });
  if (events.length === 0) {
    output.err(`no events for ${query.described} in ${stateDir}`);
    return 1;
  }
  const lookup = commitLookup(await candidateGitdirs({ ...(values.repo ? { repo: values.repo } : {}), stateDir, observedRepos }));
  const entries: HistoryEntry[] = [];
  for (const event of events) {
    const commit = event.commit ? await lookup(event.commit) : undefined;
    entries.push({ event, summary: summariseEvent(event), ...(commit ? { commit } : {}) });
  }
  output.out(values.format === 'json' ? JSON.stringify(historyJson(query.described, entries)) : renderHistory(query.described, entries));
  return 0;
}

function historyJson(query: string, entries: HistoryEntry[]) {
  return {
    query,
    streams: [...new Set(entries.map((e) => e.event.stream))],
    events: entries.map(({ event, summary, commit }) => ({
      position: event.position, time: event.time, stream: event.stream, type: event.type, commit: event.commit,
      ...(commit ? { author: commit.author, authoredAt: commit.time, subject: commit.subject } : {}),
      summary, data: event.data,
    })),
  };
}

/** Events grouped under a line per commit (repeated when another commit's events come between). */
export function renderHistory(query: string, entries: HistoryEntry[]): string {
  const streams = new Set(entries.map((e) => e.event.stream));
  const commits = new Set(entries.map((e) => e.event.commit));
  const many = streams.size > 1;
  const lines = [`${many ? query : [...streams][0]}: ${entries.length} event(s), ${commits.size} commit(s)`];
  const typeWidth = Math.min(28, Math.max(...entries.map((e) => e.event.type.length)));
  let previous: string | null | undefined;
  for (const { event, summary, commit } of entries) {
    if (event.commit !== previous) {
      previous = event.commit;
      lines.push(!event.commit ? '(no commit)' : commit ? `${event.commit.slice(0, 7)}  ${commit.author}  "${commit.subject}"  (${commit.time.slice(0, 10)})` : event.commit.slice(0, 7));
    }
    const time = event.time.slice(0, 19).replace('T', ' ');
    lines.push(`  ${time}  ${event.type.padEnd(typeWidth)}  ${many ? `${event.stream}  ` : ''}${summary}`.trimEnd());
  }
  return lines.join('\n');
}
