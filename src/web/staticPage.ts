/**
 * The web page's files (src/web/page/), served as they are: no build step, no CDN. They are read
 * once, at the first request, and kept in memory with a strong ETag.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { packageRoot } from '../paths.js';

// From the package root, not this module: a compiled build runs from dist/, which has no page files.
const pageDir = () => join(packageRoot(), 'src', 'web', 'page');

const FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/board.css': { file: 'board.css', type: 'text/css; charset=utf-8' },
  '/board.js': { file: 'board.js', type: 'text/javascript; charset=utf-8' },
  '/card.js': { file: 'card.js', type: 'text/javascript; charset=utf-8' },
  '/chart.js': { file: 'chart.js', type: 'text/javascript; charset=utf-8' },
  '/format.js': { file: 'format.js', type: 'text/javascript; charset=utf-8' },
  '/history.js': { file: 'history.js', type: 'text/javascript; charset=utf-8' },
};

const cache = new Map<string, Promise<{ body: Buffer; etag: string }>>();

function load(file: string) {
  let entry = cache.get(file);
  if (!entry) {
    entry = readFile(join(pageDir(), file)).then((body) => ({ body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"` }));
    entry.catch(() => cache.delete(file));
    cache.set(file, entry);
  }
  return entry;
}

/** Serves a page file; returns false for other paths. */
export async function servePage(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
  const known = FILES[path];
  if (!known) return false;
  const { body, etag } = await load(known.file);
  const headers = {
    'content-type': known.type, etag, 'cache-control': 'no-cache',
    // The page loads nothing from elsewhere; say so, so an injected script could not either.
    'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'",
    'x-content-type-options': 'nosniff',
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers).end();
    return true;
  }
  res.writeHead(200, { ...headers, 'content-length': body.length }).end(body);
  return true;
}
