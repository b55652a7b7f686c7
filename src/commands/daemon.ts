/**
 * `stackshift daemon`: follow a branch of the desired-state repository and reconcile the clouds
 * to each new commit, correct drift periodically, and resume after a crash from the event log.
 */
import { readSecretFile } from '../cli/secretFile.js';
import { parseVerbArgs } from '../cli/args.js';
import { parseDuration } from '../daemon/duration.js';
import { reconcileRuntime } from '../daemon/reconcileRuntime.js';
import { runDaemon } from '../daemon/runDaemon.js';
import { parseListen } from '../daemon/server.js';
import { abortOnSignals } from '../daemon/signals.js';
import { UsageError } from '../errors.js';
import { resolveStateDir } from '../events/stateDir.js';
import type { Output } from '../ports.js';
import { readOperatorToken } from '../web/operatorToken.js';
import { systemClock } from '../wiring.js';
import { lineLog, parseLogFormat } from '../log/lineLog.js';
import { loggedOutput } from '../log/loggedOutput.js';
import { createDaemonMetrics } from '../metrics/daemonMetrics.js';
import { writeBackFromFlags, writeBackOptions } from '../writeback/writeBackFlags.js';

const usage = `usage: stackshift daemon --repo DIR|URL [options]

Follows one branch of the desired-state repository: each new commit is validated, planned and
applied; a periodic drift pass re-plans the last applied commit and corrects what changed.

  --repo DIR|URL              local Git repository or http(s) URL (env STACKSHIFT_REPO)
  --branch NAME               branch to follow (default: the repository's current/default branch)
  --state DIR                 state directory: event log, clone (env STACKSHIFT_STATE, ./.stackshift)
  --interval 30s              how often to poll the branch (plus up to 10 % jitter)
  --drift-interval 10m        how often to re-plan the applied commit (0 = never)
  --listen 127.0.0.1:8080     serve the migration board (/), its API (/api/status, /api/events,
                              /api/stream...), GET /metrics, GET /healthz, GET /status and
                              POST /hooks/git
  --webhook-secret-file FILE  shared secret for webhook signatures (GitHub or Gitea format)
  --operator-token-file FILE  bearer token for operator (non-GET) requests; without it the API
                              is read-only
  --log-format text|json      log lines for people (default) or one JSON object per line with
                              time, level, msg and fields (env STACKSHIFT_LOG_FORMAT)
  --git-notes REF|off         note each passed commit under this ref, pushed (default refs/notes/stackshift)
  --commit-status github|gitea        also set a commit status after each pass
  --commit-status-url BASE            API base (default https://api.github.com; Gitea: the server URL)
  --commit-status-repo OWNER/NAME     default: from the --repo URL
  --commit-status-token-file FILE     API token (or env STACKSHIFT_COMMIT_STATUS_TOKEN)

Git credentials for https URLs: STACKSHIFT_GIT_TOKEN, or STACKSHIFT_GIT_USERNAME and
STACKSHIFT_GIT_PASSWORD, or STACKSHIFT_GIT_CREDENTIALS_FILE. Clouds come from clouds.yaml.
SIGTERM or Ctrl-C stops after the step in flight; a second one stops at once.`;

export async function readWebhookSecret(file: string): Promise<Buffer> {
  const secret = await readSecretFile(file, 'webhook secret', '--webhook-secret-file');
  if (secret.length < 16) throw new UsageError(`the webhook secret in ${file} is shorter than 16 characters`, 'generate one with `openssl rand -hex 32`');
  return Buffer.from(secret, 'utf8');
}

export async function run(argv: string[], output: Output): Promise<number> {
  const { values } = parseVerbArgs('daemon', argv, {
    repo: { type: 'string' }, branch: { type: 'string' }, state: { type: 'string' },
    interval: { type: 'string', default: '30s' }, 'drift-interval': { type: 'string', default: '10m' },
    listen: { type: 'string' }, 'webhook-secret-file': { type: 'string' }, 'operator-token-file': { type: 'string' }, 'log-format': { type: 'string' }, help: { type: 'boolean', short: 'h' },
    ...writeBackOptions,
  });
  if (values.help) {
    output.out(usage);
    return 0;
  }
  const repo = values.repo ?? process.env.STACKSHIFT_REPO;
  if (!repo) throw new UsageError('--repo is required', 'name a local Git repository or an https:// URL (or set STACKSHIFT_REPO)');
  const drift = values['drift-interval'];
  const secretFile = values['webhook-secret-file'] ?? process.env.STACKSHIFT_WEBHOOK_SECRET_FILE;
  const branch = values.branch ?? process.env.STACKSHIFT_BRANCH;
  const tokenFile = values['operator-token-file'] ?? process.env.STACKSHIFT_OPERATOR_TOKEN_FILE;
  const config = {
    repo, stateDir: resolveStateDir(values.state),
    ...(branch ? { branch } : {}),
    pollIntervalMs: parseDuration(values.interval, '--interval'),
    driftIntervalMs: drift === '0' || drift === 'off' ? 0 : parseDuration(drift, '--drift-interval'),
    ...(values.listen ? { listen: parseListen(values.listen) } : {}),
    ...(secretFile ? { webhookSecret: await readWebhookSecret(secretFile) } : {}),
    writeBack: await writeBackFromFlags(values, repo),
    ...(tokenFile ? { operatorToken: await readOperatorToken(tokenFile) } : {}),
  };
  if (config.webhookSecret && !config.listen) throw new UsageError('--webhook-secret-file needs --listen', 'add --listen 127.0.0.1:8080');
  if (config.operatorToken && !config.listen) throw new UsageError('--operator-token-file needs --listen', 'add --listen 127.0.0.1:8080');

  const format = parseLogFormat(values['log-format'] ?? process.env.STACKSHIFT_LOG_FORMAT);
  const log = lineLog({ format, write: (line) => output.err(line), now: () => systemClock.now(), timestamps: true });
  // Metrics only when something serves them (GET /metrics on --listen).
  const metrics = config.listen ? createDaemonMetrics({ clock: systemClock }) : undefined;
  const stop = new AbortController();
  const dispose = abortOnSignals(stop, {
    onSignal: (name) => log(`${name}: stopping after the step in flight (an image or volume copy in flight stops at its last checkpoint)`, { signal: name }),
    onForce: (name) => {
      log(`${name} again: exiting now; the next start resumes from the event log`, { level: 'warn', signal: name });
      process.exit(130);
    },
  });
  const runtime = await reconcileRuntime({ stateDir: config.stateDir, clock: systemClock, output: loggedOutput(output, log, format), log, ...(metrics ? { metrics } : {}) });
  try {
    await runDaemon(config, runtime, stop.signal);
  } finally {
    dispose();
    await runtime.close();
  }
  return 0;
}
