/**
 * A commit status after each pass, so a pull request shows whether its migration went through:
 * `POST /repos/{owner}/{repo}/statuses/{sha}` on GitHub's API (api.github.com, or
 * `https://HOST/api/v3` on GitHub Enterprise) or Gitea's (`https://HOST/api/v1`, same shape).
 *
 * The token comes from a file or STACKSHIFT_COMMIT_STATUS_TOKEN and goes only into the
 * Authorization header: error messages carry the HTTP status and the server's `message`, with
 * the token scrubbed from them in case a server echoes it.
 */
import { readSecretFile } from '../cli/secretFile.js';
import { request, type Dispatcher } from 'undici';
import { codes, StackshiftError, UsageError } from '../errors.js';
import { oneLine } from './passNote.js';
import type { PassSummary } from './passSummary.js';

export type StatusProvider = 'github' | 'gitea';

export interface CommitStatusTarget {
  provider: StatusProvider;
  /** API base, e.g. https://api.github.com or https://gitea.example.com (…/api/v1 is added). */
  baseUrl: string;
  owner: string;
  repo: string;
  token: string;
  /** The status's name on the commit (default `stackshift`). */
  context?: string;
  dispatcher?: Dispatcher;
}

export type StatusState = 'success' | 'failure' | 'error' | 'pending';

export function statusOf(summary: PassSummary): { state: StatusState; description: string } {
  const { applied, failed, blocked, pending } = summary.counts;
  const state: StatusState = summary.outcome === 'applied' || summary.outcome === 'unchanged' ? 'success'
    : summary.outcome === 'rejected' || summary.outcome === 'failed' ? 'failure'
      : summary.outcome === 'stopped' ? 'pending' : 'error';
  const what = summary.outcome === 'rejected' ? 'rejected: the desired state does not validate'
    : `${summary.outcome}: ${applied} applied, ${failed} failed, ${blocked} blocked, ${pending} pending`;
  return { state, description: oneLine(`stackshift ${summary.reason} pass ${what}`, 140) };
}

export function statusUrl(target: Pick<CommitStatusTarget, 'provider' | 'baseUrl' | 'owner' | 'repo'>, sha: string): string {
  const base = target.baseUrl.replace(/\/+$/, '');
  const api = target.provider === 'gitea' && !/\/api\/v1$/.test(base) ? `${base}/api/v1` : base;
  return `${api}/repos/${encodeURIComponent(target.owner)}/${encodeURIComponent(target.repo)}/statuses/${sha}`;
}

export async function postCommitStatus(target: CommitStatusTarget, summary: PassSummary): Promise<void> {
  const { state, description } = statusOf(summary);
  const url = statusUrl(target, summary.commit);
  const response = await request(url, {
    method: 'POST',
    headers: {
      authorization: target.provider === 'github' ? `Bearer ${target.token}` : `token ${target.token}`,
      accept: target.provider === 'github' ? 'application/vnd.github+json' : 'application/json',
      'content-type': 'application/json',
      'user-agent': 'stackshift',
    },
    body: JSON.stringify({ state, description, context: target.context ?? 'stackshift' }),
    headersTimeout: 30_000, bodyTimeout: 30_000,
    ...(target.dispatcher ? { dispatcher: target.dispatcher } : {}),
  });
  const text = await response.body.text();
  if (response.statusCode >= 200 && response.statusCode < 300) return;
  let message = '';
  try {
    message = String((JSON.parse(text) as { message?: unknown }).message ?? '');
  } catch {
    message = text.slice(0, 200);
  }
  throw new StackshiftError(codes.HTTP, `${target.provider} answered ${response.statusCode} to the commit status for ${summary.commit.slice(0, 7)}${message ? `: ${oneLine(message.split(target.token).join('***'), 200)}` : ''}`, {
    hint: response.statusCode === 401 || response.statusCode === 403 || response.statusCode === 404
      ? 'check the token can write commit statuses on this repository and --commit-status-repo names it'
      : 'the next pass sets the status again',
    retry: 'later',
  });
}

/** OWNER/NAME from --commit-status-repo, else from an http(s) repository URL's path. */
export function ownerAndRepo(explicit: string | undefined, repoUrl: string): { owner: string; repo: string } {
  let path = explicit;
  if (!path) {
    try {
      path = new URL(repoUrl).pathname;
    } catch {
      path = undefined;
    }
  }
  const parts = (path ?? '').replace(/\.git$/, '').split('/').filter(Boolean);
  if (parts.length < 2) {
    throw new UsageError(`cannot tell which repository ${repoUrl} is on the Git server`, 'name it with --commit-status-repo OWNER/NAME');
  }
  return { owner: parts[parts.length - 2]!, repo: parts[parts.length - 1]! };
}

export async function readStatusToken(file: string | undefined, env: NodeJS.ProcessEnv): Promise<string> {
  if (!file) {
    const token = env.STACKSHIFT_COMMIT_STATUS_TOKEN;
    if (token) return token;
    throw new UsageError('--commit-status needs a token', 'give --commit-status-token-file FILE or set STACKSHIFT_COMMIT_STATUS_TOKEN');
  }
  const token = (await readSecretFile(file, 'commit status token', '--commit-status-token-file')).trim();
  if (!token) throw new UsageError(`the commit status token file ${file} is empty`, 'write the API token into it');
  return token;
}
