/**
 * The shapes of the OpenStack client: what a call asks for (RequestSpec, UploadSpec), what it
 * answers (JsonResponse), and the OpenStackClient port every executor and exporter receives.
 */
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { Clock } from '../../ports.js';
import type { VersionRange } from './microversion.js';
import type { RetryPolicy } from './retry.js';
import type { ServiceType } from './types.js';

export type QueryValue = string | number | boolean | undefined | readonly (string | number)[];
export type Query = Record<string, QueryValue>;

export interface RequestSpec {
  service: ServiceType;
  method: string;
  path: string;
  query?: Query;
  body?: unknown;
  /** The microversion this call needs; checked against the cloud's range first. */
  microversion?: string;
  headers?: Record<string, string>;
  /** Overrides the method's idempotency (GET/HEAD/PUT/DELETE are; POST/PATCH are not). */
  idempotent?: boolean;
  /** Statuses that count as success (default: any 2xx). */
  expect?: number[];
  /** Aborts the call (and a body still streaming): a workflow step that is stopped stops its I/O. */
  signal?: AbortSignal;
}
export interface UploadSpec extends Omit<RequestSpec, 'body'> {
  body: Readable | AsyncIterable<Uint8Array>;
  contentLength?: number;
}
export interface JsonResponse<T> {
  status: number;
  headers: Record<string, string>;
  body: T;
  requestId?: string;
}
export interface ClientStats {
  requests: number;
  retries: number;
  authentications: number;
}

export interface OpenStackClient {
  readonly cloudName: string;
  request<T = unknown>(req: RequestSpec): Promise<JsonResponse<T>>;
  stream(req: RequestSpec): Promise<{ status: number; headers: Record<string, string>; body: Readable }>;
  upload(req: UploadSpec): Promise<{ status: number; headers: Record<string, string> }>;
  projectId(): Promise<string>;
  userId(): Promise<string>;
  /** The service's microversion range, or undefined when it has none. */
  microversionRange(service: ServiceType): Promise<VersionRange | undefined>;
  /** True when the cloud supports `version` of `service` (for optional, newer behaviour). */
  supports(service: ServiceType, version: string): Promise<boolean>;
  /** Redacts this cloud's secrets from any text (for callers building their own messages). */
  redact(text: string): string;
  /** True when `text` holds a password, secret or token of this cloud (checked before writing files). */
  containsSecret(text: string): boolean;
  stats(): ClientStats;
  close(): Promise<void>;
}

export interface ClientOptions {
  dispatcher?: Dispatcher;
  clock?: Clock;
  log?: (line: string) => void;
  retry?: Partial<RetryPolicy>;
  /** For jitter; tests pass a fixed function. */
  random?: () => number;
  /** Told of every HTTP attempt (retries too), for metrics; never sees a URL, header or body. */
  onCall?: (call: ApiCall) => void;
}

/** One HTTP attempt against a cloud, as metrics see it: bounded labels only (no path, no id). */
export interface ApiCall {
  cloud: string;
  service: ServiceType;
  method: string;
  /** The response status, or 'error' when no response came (connection, TLS, timeout). */
  status: number | 'error';
  seconds: number;
}
