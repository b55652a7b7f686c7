/**
 * Routes of one service: `table.get('/v2.0/networks/{network_id}', handler, options)`. A handler
 * gets a RequestContext (path params, query, parsed JSON body, the caller's token, the cloud) and
 * returns a Reply — or throws ApiError. Templates use `{name}` for one path segment; a trailing
 * `.json` is not special (Neutron's old suffix is not supported).
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import type { TokenRecord } from './tokens.js';
import type { Microversion } from './microversion.js';
import type { SimCloud } from './cloud.js';

export type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteOptions {
  /** 'token' (default): needs a valid X-Auth-Token, else 401. 'admin': also the admin role, else 403. 'none': public. */
  auth?: 'none' | 'token' | 'admin';
  /** Leave the body unread so the handler can stream ctx.req (Glance image upload). */
  rawBody?: boolean;
  /** Skip microversion negotiation (version documents). */
  unversioned?: boolean;
}

export interface RequestContext {
  cloud: SimCloud;
  /** Service module name ('neutron'). */
  service: string;
  method: Method;
  /** Route template that matched ('/v2.0/networks/{network_id}'). */
  route: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body (undefined when empty or when rawBody). */
  body: unknown;
  /** The validated token, unless the route is auth 'none' (then undefined). */
  auth: TokenRecord | undefined;
  /** Set when the service declares microversions. */
  microversion: Microversion | undefined;
  requestId: string;
  /** Origin of this service's listener, e.g. http://127.0.0.1:40123 (for links). */
  origin: string;
  /** Headers added to the reply, whatever it is (the core puts the request id here). */
  responseHeaders: Record<string, string>;
  /** The raw request, for streaming bodies. */
  req: IncomingMessage;
}

export interface Reply {
  status: number;
  /** JSON value (serialised), string or Buffer (sent as-is), or a Readable (streamed). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Defaults to application/json for JSON values, application/octet-stream for streams and buffers. */
  contentType?: string;
}

export type Handler = (ctx: RequestContext) => Reply | Promise<Reply>;

export const json = (status: number, body: unknown, headers?: Record<string, string>): Reply =>
  headers ? { status, body, headers } : { status, body };
export const noContent = (headers?: Record<string, string>): Reply => (headers ? { status: 204, headers } : { status: 204 });
export const stream = (status: number, body: Readable, headers?: Record<string, string>): Reply =>
  headers ? { status, body, headers } : { status, body };

interface Route {
  method: Method;
  template: string;
  pattern: RegExp;
  names: string[];
  handler: Handler;
  options: RouteOptions;
}

export interface RouteMatch {
  route: { method: Method; template: string; handler: Handler; options: RouteOptions };
  params: Record<string, string>;
}

export class RouteTable {
  private readonly routes: Route[] = [];

  add(method: Method, template: string, handler: Handler, options: RouteOptions = {}): void {
    const names: string[] = [];
    const source = template
      .split('/')
      .map((segment) =>
        segment.replace(/\{(\w+)\}|[^{}]+/g, (all, name: string | undefined) => {
          if (name) {
            names.push(name);
            return '([^/]+)';
          }
          return all.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        }),
      )
      .join('/');
    this.routes.push({ method, template, pattern: new RegExp(`^${source}/?$`), names, handler, options });
  }
  get(t: string, h: Handler, o?: RouteOptions): void {
    this.add('GET', t, h, o);
    this.add('HEAD', t, h, o);
  }
  post(t: string, h: Handler, o?: RouteOptions): void {
    this.add('POST', t, h, o);
  }
  put(t: string, h: Handler, o?: RouteOptions): void {
    this.add('PUT', t, h, o);
  }
  patch(t: string, h: Handler, o?: RouteOptions): void {
    this.add('PATCH', t, h, o);
  }
  delete(t: string, h: Handler, o?: RouteOptions): void {
    this.add('DELETE', t, h, o);
  }
  /** The route for method+path; `allowed` lists methods of routes that matched the path only. */
  match(method: string, path: string): { match?: RouteMatch; allowed: Method[] } {
    const allowed: Method[] = [];
    for (const route of this.routes) {
      const m = route.pattern.exec(path);
      if (!m) continue;
      if (route.method !== method) {
        allowed.push(route.method);
        continue;
      }
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1] ?? '');
      });
      return { match: { route, params }, allowed };
    }
    return { allowed };
  }
}
