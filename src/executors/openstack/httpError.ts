/**
 * The E_HTTP error for a response the caller did not expect: status, the service's own message,
 * the request id (what an operator quotes to the cloud's admins), and what to do next.
 */
import { codes, StackshiftError, type Retry } from '../../errors.js';
import { serviceMessage } from './serviceError.js';
import type { ServiceType } from './types.js';

export interface CallContext {
  cloud: string;
  service: ServiceType;
  method: string;
  path: string;
}

/** Nova also sends x-compute-request-id; Ironic sends only Openstack-Request-Id. */
export function requestIdOf(headers: Record<string, string>): string | undefined {
  return headers['x-openstack-request-id'] ?? headers['x-compute-request-id'] ?? headers['openstack-request-id'] ?? undefined;
}

function hintFor(status: number, ctx: CallContext): string | undefined {
  if (status === 401) return `the cloud rejected a fresh token too; check the credentials of cloud '${ctx.cloud}'`;
  if (status === 403) return `the user of cloud '${ctx.cloud}' may not do this (a missing role, policy, or exhausted quota)`;
  if (status === 409) return 'the resource is busy or in a conflicting state; it is retried on the next pass';
  if (status === 413) return 'a quota or size limit was hit; raise the project quota';
  if (status === 429 || status >= 500) return 'the service kept failing after retries; check its health, the next pass retries';
  return undefined;
}

export function httpError(ctx: CallContext, status: number, headers: Record<string, string>, text: string): StackshiftError {
  const requestId = requestIdOf(headers);
  const message = serviceMessage(text);
  const retry: Retry = status === 429 || status >= 500 ? 'backoff' : status === 409 ? 'later' : 'never';
  const hint = hintFor(status, ctx);
  return new StackshiftError(
    codes.HTTP,
    `cloud '${ctx.cloud}': ${ctx.service} ${ctx.method} ${ctx.path} answered ${status}${message ? `: ${message}` : ''}${requestId ? ` (request ${requestId})` : ''}`,
    {
      retry,
      ...(retry === 'later' ? { requeueAfterMs: 30_000 } : {}),
      ...(hint ? { hint } : {}),
      data: { status, service: ctx.service, method: ctx.method, path: ctx.path, ...(requestId ? { requestId } : {}), ...(message ? { serviceMessage: message } : {}) },
    },
  );
}
