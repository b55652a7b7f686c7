/**
 * OpenStack-style errors. A handler throws `new ApiError(status, message, { type })`; the core
 * catches it and renders the body in the format of the service that owns the route, because each
 * OpenStack service spells its errors differently and clients parse them:
 *   keystone  {"error":{"code":404,"message":"...","title":"Not Found"}}
 *   neutron   {"NeutronError":{"type":"NetworkNotFound","message":"...","detail":""}}
 *   compute   {"itemNotFound":{"code":404,"message":"..."}}  (Nova and Cinder)
 *   glance    webob's {"message":"...<br /><br />\n\n\n","code":"404 Not Found","title":"Not Found"} when
 *             the client accepts JSON, else the same as an HTML page
 *   ironic    {"error_message":"{\"faultcode\":\"Client\",\"faultstring\":\"...\",\"debuginfo\":null}"}
 *   placement {"errors":[{"status":404,"title":"Not Found","detail":"...","code":"...","request_id":"..."}]}
 */
import { STATUS_CODES } from 'node:http';

export interface ApiErrorOptions {
  /** Neutron `type`, the Nova/Cinder body key (e.g. 'itemNotFound'), Keystone `title`, Placement `code`. */
  type?: string;
  /** Neutron `detail`. */
  detail?: string;
  /** Extra response headers (e.g. Retry-After on 413). */
  headers?: Record<string, string>;
  /** Extra fields merged into the error object (Placement's 406 carries min_version/max_version). */
  fields?: Record<string, unknown>;
  /** Set by the core when no route matched the path ('path', 404) or the method ('method', 405). */
  noRoute?: 'path' | 'method';
}

/** Thrown by handlers; rendered by the service's ErrorFormat. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly options: ApiErrorOptions = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface RenderedError {
  body: string;
  contentType: string;
}

/** Renders an ApiError as one service's error body; `accept` is the request's Accept header. */
export type ErrorFormat = (err: ApiError, requestId: string, accept?: string) => RenderedError;

const title = (status: number): string => STATUS_CODES[status] ?? 'Error';
const json = (value: unknown): RenderedError => ({ body: JSON.stringify(value), contentType: 'application/json' });

/** Keystone is a Flask app: unrouted paths get Flask's HTML 404 and its 405 message. */
export const keystoneErrors: ErrorFormat = (err) => {
  if (err.options.noRoute === 'path') {
    return {
      body: '<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>\n',
      contentType: 'text/html; charset=utf-8',
    };
  }
  if (err.options.noRoute === 'method') return json({ message: 'The method is not allowed for the requested URL.' });
  return json({ error: { code: err.status, message: err.message, title: err.options.type ?? title(err.status) } });
};

/** keystonemiddleware's 401 as Glance (webob) renders it. */
export const glanceUnauthorized: ErrorFormat = (err, requestId, accept) =>
  glanceErrors(
    new ApiError(401, 'This server could not verify that you are authorized to access the document you requested. Either you supplied the wrong credentials (e.g., bad password), or your browser does not understand how to supply the credentials required.'),
    requestId,
    accept ?? 'application/json',
  );

const neutronDefaultType: Record<number, string> = {
  400: 'HTTPBadRequest',
  403: 'PolicyNotAuthorized',
  404: 'HTTPNotFound',
  409: 'HTTPConflict',
  500: 'HTTPInternalServerError',
  503: 'HTTPServiceUnavailable',
};
export const neutronErrors: ErrorFormat = (err) =>
  json({
    NeutronError: {
      type: err.options.type ?? neutronDefaultType[err.status] ?? title(err.status).replaceAll(' ', ''),
      message: err.message,
      detail: err.options.detail ?? '',
    },
  });

/** Nova's wsgi.Fault names (Cinder uses the same table); anything else is computeFault. */
const computeFaultNames: Record<number, string> = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'itemNotFound',
  405: 'badMethod',
  409: 'conflictingRequest',
  413: 'overLimit',
  415: 'badMediaType',
  429: 'overLimit',
  501: 'notImplemented',
  503: 'serviceUnavailable',
};
export const computeErrors: ErrorFormat = (err) =>
  json({ [err.options.type ?? computeFaultNames[err.status] ?? 'computeFault']: { code: err.status, message: err.message } });

export const glanceErrors: ErrorFormat = (err, _requestId, accept) => {
  const line = `${err.status} ${title(err.status)}`;
  if (accept?.includes('json')) return json({ message: `${escapeHtml(err.message)}<br /><br />\n\n\n`, code: line, title: title(err.status) });
  return {
    body: `<html>\n <head>\n  <title>${line}</title>\n </head>\n <body>\n  <h1>${line}</h1>\n  ${escapeHtml(err.message)}<br /><br />\n\n\n\n </body>\n</html>`,
    contentType: 'text/html; charset=UTF-8',
  };
};

export const ironicErrors: ErrorFormat = (err) =>
  json({
    error_message: JSON.stringify({
      faultcode: err.status < 500 ? 'Client' : 'Server',
      faultstring: err.message,
      debuginfo: null,
    }),
  });

export const placementErrors: ErrorFormat = (err, requestId) =>
  json({
    errors: [
      {
        status: err.status,
        title: title(err.status),
        detail: `${title(err.status)}\n\n${err.message}`,
        ...(err.options.fields ? {} : { code: err.options.type ?? 'placement.undefined_code' }),
        request_id: requestId,
        ...err.options.fields,
      },
    ],
  });

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
