/**
 * The one errors module. Every error stackshift raises on purpose is a StackshiftError with a
 * stable SCREAMING_SNAKE `code` (safe to match on in scripts and tests), a message that says what
 * went wrong, and where possible a `hint` that says what to do. Errors are JSON-able because they
 * go into the event log; they never carry secrets (callers redact before constructing them).
 *
 * `retry` classifies what a reconcile loop should do next (after controller-runtime and Flux):
 *   - 'never'  terminal: needs a human (invalid desired state, quota exceeded, missing flavor)
 *   - 'later'  wait: carries requeueAfterMs (a volume still downloading, a busy conversion host)
 *   - 'backoff' transient: retry with exponential backoff (5xx, connection reset)
 */
export const codes = {
  // CLI and configuration
  USAGE: 'E_USAGE',
  INTERNAL: 'E_INTERNAL',
  NOT_FOUND: 'E_NOT_FOUND',
  // desired state
  DESIRED_STATE_INVALID: 'E_DESIRED_STATE_INVALID',
  REPO_UNREADABLE: 'E_REPO_UNREADABLE',
  GIT_SOURCE: 'E_GIT_SOURCE',
  // clouds.yaml and the OpenStack client
  CLOUD_CONFIG: 'E_CLOUD_CONFIG',
  AUTH_FAILED: 'E_AUTH_FAILED',
  ENDPOINT_NOT_FOUND: 'E_ENDPOINT_NOT_FOUND',
  MICROVERSION_UNSUPPORTED: 'E_MICROVERSION_UNSUPPORTED',
  HTTP: 'E_HTTP',
  CONNECTION: 'E_CONNECTION',
  TIMEOUT: 'E_TIMEOUT',
  TERMINAL_STATE: 'E_TERMINAL_STATE',
  // event log
  WRONG_EXPECTED_VERSION: 'E_WRONG_EXPECTED_VERSION',
  EVENT_LOG_CORRUPT: 'E_EVENT_LOG_CORRUPT',
  EVENT_LOG_LOCKED: 'E_EVENT_LOG_LOCKED',
  // plan and apply
  PLAN_STALE: 'E_PLAN_STALE',
  STEP_FAILED: 'E_STEP_FAILED',
  EXPORT_CONFLICT: 'E_EXPORT_CONFLICT',
} as const;

export type ErrorCode = (typeof codes)[keyof typeof codes];
export type Retry = 'never' | 'later' | 'backoff';

export interface StackshiftErrorOptions {
  hint?: string;
  data?: Record<string, unknown>;
  cause?: unknown;
  retry?: Retry;
  requeueAfterMs?: number;
  /** Process exit code when this error ends a CLI command (1 unless said otherwise). */
  exitCode?: number;
}

export class StackshiftError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly data: Record<string, unknown>;
  readonly retry: Retry;
  readonly requeueAfterMs: number | undefined;
  readonly exitCode: number;

  constructor(code: ErrorCode, message: string, options: StackshiftErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StackshiftError';
    this.code = code;
    this.hint = options.hint;
    this.data = options.data ?? {};
    this.retry = options.retry ?? 'never';
    this.requeueAfterMs = options.requeueAfterMs;
    this.exitCode = options.exitCode ?? 1;
  }

  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      ...(Object.keys(this.data).length === 0 ? {} : { data: this.data }),
      retry: this.retry,
    };
  }
}

/** A command line the user can fix: exit code 2, as POSIX tools do. */
export class UsageError extends StackshiftError {
  constructor(message: string, hint?: string) {
    super(codes.USAGE, message, { exitCode: 2, ...(hint === undefined ? {} : { hint }) });
    this.name = 'UsageError';
  }
}

export function isStackshiftError(err: unknown): err is StackshiftError {
  return err instanceof StackshiftError;
}

/** One line (plus an optional hint line) for a human; never a stack trace. */
export function formatError(err: unknown): string {
  if (isStackshiftError(err)) {
    return `stackshift: ${err.message}` + (err.hint ? `\n  hint: ${err.hint}` : '');
  }
  const message = err instanceof Error ? err.message : String(err);
  return `stackshift: unexpected error: ${message}\n  hint: run again with STACKSHIFT_DEBUG=1 for details, and report it`;
}

/**
 * An error as event data: the code, the cloud's message and request id, the hint and the retry
 * class (status projections read it to tell Reconciling from Stalled); never a stack.
 */
export function errorEventData(err: unknown): Record<string, unknown> {
  if (isStackshiftError(err)) {
    return {
      code: err.code, message: err.message, ...err.data,
      ...(err.hint ? { hint: err.hint } : {}),
      retry: err.retry,
      ...(err.requeueAfterMs !== undefined ? { requeueAfterMs: err.requeueAfterMs } : {}),
    };
  }
  return { code: codes.INTERNAL, message: err instanceof Error ? err.message : String(err), retry: 'never' };
}
