/**
 * The daemon's write-back flags turned into a WriteBackConfig:
 *   --git-notes REF|off              notes ref (default refs/notes/stackshift)
 *   --commit-status github|gitea     also set a commit status after each pass
 *   --commit-status-url BASE         API base (GitHub default https://api.github.com; Gitea: the server)
 *   --commit-status-repo OWNER/NAME  default: from the repository URL
 *   --commit-status-token-file FILE  else STACKSHIFT_COMMIT_STATUS_TOKEN
 */
import { UsageError } from '../errors.js';
import { ownerAndRepo, postCommitStatus, readStatusToken } from './commitStatus.js';
import { DEFAULT_NOTES_REF } from './passNote.js';
import type { WriteBackConfig } from './writeBack.js';

export const writeBackOptions = {
  'git-notes': { type: 'string' },
  'commit-status': { type: 'string' },
  'commit-status-url': { type: 'string' },
  'commit-status-repo': { type: 'string' },
  'commit-status-token-file': { type: 'string' },
} as const;

export interface WriteBackFlags {
  'git-notes'?: string | undefined;
  'commit-status'?: string | undefined;
  'commit-status-url'?: string | undefined;
  'commit-status-repo'?: string | undefined;
  'commit-status-token-file'?: string | undefined;
}

export async function writeBackFromFlags(values: WriteBackFlags, repo: string, env: NodeJS.ProcessEnv = process.env): Promise<WriteBackConfig> {
  const notes = values['git-notes'] ?? DEFAULT_NOTES_REF;
  const notesRef = notes === 'off' || notes === 'none' ? null : notes.startsWith('refs/') ? notes : `refs/notes/${notes}`;
  const provider = values['commit-status'];
  if (provider === undefined) {
    const stray = (['commit-status-url', 'commit-status-repo', 'commit-status-token-file'] as const).find((k) => values[k] !== undefined);
    if (stray) throw new UsageError(`--${stray} needs --commit-status github|gitea`, 'add --commit-status github (or gitea)');
    return { notesRef };
  }
  if (provider !== 'github' && provider !== 'gitea') throw new UsageError(`--commit-status must be github or gitea, not ${provider}`, 'Gitea and Forgejo take gitea');
  const baseUrl = values['commit-status-url'] ?? (provider === 'github' ? 'https://api.github.com' : undefined);
  if (!baseUrl) throw new UsageError('--commit-status gitea needs --commit-status-url', 'give the Gitea server, e.g. --commit-status-url https://gitea.example.com');
  const target = { provider, baseUrl, ...ownerAndRepo(values['commit-status-repo'], repo), token: await readStatusToken(values['commit-status-token-file'], env) } as const;
  return { notesRef, commitStatus: (summary) => postCommitStatus(target, summary) };
}
