/**
 * An in-process conversion host: an SSH server (ssh2) on loopback that behaves as sshd does for
 * what stackshift needs — public-key authentication against `<home>/.ssh/authorized_keys`, read
 * at every attempt (so a key installed or removed over SSH takes effect at once), and each exec
 * request run by the local shell with HOME set to the host's home, streaming stdin, stdout,
 * stderr and the exit status. Closing the channel kills the command, as sshd's SIGHUP does.
 * `npm test`, the demo and `stackshift sim` use it; the deeper suites use real OpenSSH sshd.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ssh2, { type AuthContext, type Connection, type ServerChannel } from 'ssh2';
import { newEd25519Key } from '../../ssh/ed25519Key.js';

// ssh2 is CommonJS: its classes come from the default export under Node's ESM loader.
const { Server, utils } = ssh2;

export interface ConversionHostServer {
  address: string;
  port: number;
  /** The public host key line, to pin in stackshift.yaml. */
  hostKey: string;
  home: string;
  /** Ends every SSH connection now, as a network drop or an sshd restart does (the server keeps listening). */
  dropConnections(): void;
  stop(): Promise<void>;
}

/** The keys of an authorized_keys file (options before the key type are skipped). */
function authorizedKeys(home: string): ReturnType<typeof utils.parseKey>[] {
  let text: string;
  try {
    text = readFileSync(join(home, '.ssh', 'authorized_keys'), 'utf8');
  } catch {
    return [];
  }
  return text.split('\n').flatMap((line) => {
    const at = line.search(/(^|\s)(ssh-|ecdsa-)/);
    if (line.trim().startsWith('#') || at < 0) return [];
    const key = utils.parseKey(line.slice(at).trim());
    return key instanceof Error ? [] : [key];
  });
}

function authenticate(ctx: AuthContext, home: string): void {
  if (ctx.method !== 'publickey') return ctx.reject(['publickey']);
  const match = authorizedKeys(home).find((k) => !(k instanceof Error) && k.type === ctx.key.algo && k.getPublicSSH().equals(ctx.key.data));
  if (!match || match instanceof Error) return ctx.reject(['publickey']);
  if (ctx.signature && ctx.blob && !match.verify(ctx.blob, ctx.signature, ctx.hashAlgo)) return ctx.reject(['publickey']);
  ctx.accept();
}

function run(command: string, channel: ServerChannel, home: string): void {
  const child = spawn('/bin/sh', ['-c', command], { cwd: home, env: { HOME: home, PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8' }, stdio: 'pipe' });
  channel.pipe(child.stdin).on('error', () => undefined);
  child.stdout.pipe(channel, { end: false });
  child.stderr.pipe(channel.stderr, { end: false });
  channel.on('close', () => child.exitCode === null && child.kill('SIGHUP'));
  child.on('close', (code, signal) => {
    if (signal) channel.exit(signal.replace(/^SIG/, ''), false, '');
    else channel.exit(code ?? 255);
    channel.end();
  });
}

export async function startConversionHost(options: { home: string; address?: string; port?: number; hostKey?: { private: string; public: string } }): Promise<ConversionHostServer> {
  const home = options.home;
  mkdirSync(join(home, '.ssh'), { recursive: true, mode: 0o700 });
  const key = options.hostKey ?? newEd25519Key('stackshift-conversion-host');
  const connections = new Set<Connection>();
  const server = new Server({ hostKeys: [key.private] }, (client) => {
    connections.add(client);
    client.on('close', () => connections.delete(client));
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => authenticate(ctx, home));
    client.on('session', (accept) => {
      const session = accept();
      session.on('exec', (acceptExec, _reject, info) => run(info.command, acceptExec(), home));
    });
  });
  const address = options.address ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, address, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    address, port, home,
    hostKey: key.public.split(/\s+/).slice(0, 2).join(' '),
    dropConnections() {
      for (const c of connections) c.end();
    },
    async stop() {
      for (const c of connections) c.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
