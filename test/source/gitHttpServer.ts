/**
 * Test helper: serves the repositories under `root` over Git's smart HTTP protocol by running
 * the real `git http-backend` as a CGI program behind node:http on 127.0.0.1:0, with HTTP basic
 * authentication, so the source is tested against what a Git server actually does.
 */
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GitHttpServer {
  /** Base URL; a repository at `<root>/<name>` is `${url}/<name>`. */
  url: string;
  /** Authorization headers seen, in order (so tests can check what the client sent). */
  authorizations: string[];
  /** Requests answered with 401. */
  rejected: number;
  close(): Promise<void>;
}

export async function serveGitOverHttp(root: string, credentials?: { username: string; password: string }): Promise<GitHttpServer> {
  const expected = credentials ? `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}` : undefined;
  const state: GitHttpServer = { url: '', authorizations: [], rejected: 0, close: async () => undefined };
  const server = createServer((req, res) => {
    const auth = req.headers.authorization;
    if (auth) state.authorizations.push(auth);
    if (expected && auth !== expected) {
      state.rejected++;
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' }).end('unauthorized\n');
      return;
    }
    runBackend(root, req, res);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () => new Promise((done) => {
    server.closeAllConnections();
    server.close(() => done());
  });
  return state;
}

function runBackend(root: string, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const child = spawn('git', ['http-backend'], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: '1',
      PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.slice(1),
      REQUEST_METHOD: req.method ?? 'GET',
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      HTTP_CONTENT_ENCODING: req.headers['content-encoding'] ?? '',
      GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
      REMOTE_ADDR: '127.0.0.1',
      REMOTE_USER: 'test',
    },
  });
  req.pipe(child.stdin);
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.on('close', () => {
    const all = Buffer.concat(chunks);
    let split = all.indexOf('\r\n\r\n');
    let gap = 4;
    if (split < 0) {
      split = all.indexOf('\n\n');
      gap = 2;
    }
    const head = all.subarray(0, Math.max(split, 0)).toString('latin1');
    let status = 200;
    const headers: Record<string, string> = {};
    for (const line of head.split(/\r?\n/)) {
      const at = line.indexOf(':');
      if (at < 0) continue;
      const name = line.slice(0, at).trim();
      const value = line.slice(at + 1).trim();
      if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
      else headers[name] = value;
    }
    res.writeHead(status, headers).end(split < 0 ? all : all.subarray(split + gap));
  });
}
