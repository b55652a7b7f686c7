/**
 * An SSH session to a conversion host over `ssh2`: the host key must be the pinned one, commands
 * run with their output streamed, and an AbortSignal closes the channel (the remote command gets
 * SIGHUP from sshd). Errors name the host and say what to do; a private key is never logged.
 */
import ssh2, { type Client as SshClient, type ClientChannel } from 'ssh2';

// ssh2 is CommonJS: its classes come from the default export under Node's ESM loader.
const { Client } = ssh2;
import { codes, StackshiftError } from '../errors.js';
import { hostKeyBlob, sameHostKey } from './hostKey.js';

export interface SshTarget {
  address: string;
  port: number;
  user: string;
  /** Pinned public host key line. */
  hostKey: string;
  /** The private key itself (read from privateKeyPath by the caller at the moment of use). */
  privateKey: string | Buffer;
}

export interface ExecOptions {
  signal?: AbortSignal;
  stdin?: string | Buffer;
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
}

export interface ExecResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RemoteShell {
  readonly label: string;
  exec(command: string, options?: ExecOptions): Promise<ExecResult>;
  close(): void;
}

export async function connectShell(target: SshTarget, options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<RemoteShell> {
  const label = `${target.user}@${target.address}:${target.port}`;
  const pinned = hostKeyBlob(target.hostKey);
  const client = new Client();
  let wrongKey = false;
  await new Promise<void>((resolve, reject) => {
    const fail = (err: Error) => {
      client.end();
      if (wrongKey) {
        reject(new StackshiftError(codes.CONNECTION, `${label} presented a host key other than the one pinned in stackshift.yaml; nothing was sent`, {
          retry: 'never', hint: 'check that this is the conversion host you meant; if its key was rotated on purpose, pin the new one (ssh-keyscan) in a reviewed commit',
        }));
      } else {
        reject(new StackshiftError(codes.CONNECTION, `cannot open SSH to ${label}: ${err.message}`, { retry: 'backoff', hint: 'check that the conversion host runs, that sshd listens there and that its user accepts the key' }));
      }
    };
    // The signal stops connecting only: once ready, a command's own signal stops it (closing its
    // channel), and the connection stays up for what must still run — removing a transfer key.
    const stopped = () => fail(new Error('stopped'));
    options.signal?.addEventListener('abort', stopped, { once: true });
    client.once('ready', () => {
      options.signal?.removeEventListener('abort', stopped);
      resolve();
    });
    client.once('error', fail);
    // Closed during the handshake without an error (a dropped link): no 'ready' will come.
    client.once('close', () => fail(new Error('the connection closed before it was ready')));
    client.connect({
      host: target.address, port: target.port, username: target.user, privateKey: target.privateKey,
      readyTimeout: options.timeoutMs ?? 20_000, keepaliveInterval: 15_000,
      hostVerifier: (key: Buffer) => {
        wrongKey = !sameHostKey(key, pinned);
        return !wrongKey;
      },
    });
  });
  return {
    label,
    exec: (command, execOptions = {}) => execOn(client, label, command, execOptions),
    close: () => client.end(),
  };
}

/**
 * Runs one command. A connection that drops before the command's channel opens (or closes) would
 * leave ssh2's callback waiting forever — a copy hung for minutes that way — so the connection's
 * own end rejects the command too.
 */
function execOn(client: SshClient, label: string, command: string, options: ExecOptions): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(options.signal.reason);
    let settled = false;
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      client.off('close', lost);
      settle();
    };
    const fail = (err: unknown) => finish(() => reject(err));
    function lost(): void {
      fail(new StackshiftError(codes.CONNECTION, `${label}: the SSH connection closed while running a command`, { retry: 'backoff', hint: 'the step is retried; a copy resumes from its last verified byte' }));
    }
    client.once('close', lost);
    const started = (err: Error | undefined, channel: ClientChannel) => {
      if (err) return fail(new StackshiftError(codes.CONNECTION, `${label}: cannot run a command: ${err.message}`, { retry: 'backoff' }));
      const out: Buffer[] = [];
      const errs: Buffer[] = [];
      let code: number | null = null;
      const onAbort = () => channel.close();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      channel.on('data', (chunk: Buffer) => (options.onStdout ? options.onStdout(chunk) : out.push(chunk)));
      channel.stderr.on('data', (chunk: Buffer) => (options.onStderr ? options.onStderr(chunk) : errs.push(chunk)));
      channel.on('exit', (exitCode: number | null) => (code = exitCode));
      channel.on('close', () => {
        options.signal?.removeEventListener('abort', onAbort);
        if (options.signal?.aborted) return fail(options.signal.reason);
        finish(() => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(errs).toString('utf8') }));
      });
      if (options.stdin !== undefined) channel.end(options.stdin);
      else channel.end();
    };
    try {
      client.exec(command, started);
    } catch (err) {
      fail(new StackshiftError(codes.CONNECTION, `${label}: cannot run a command: ${(err as Error).message}`, { retry: 'backoff' }));
    }
  });
}
