/**
 * The per-transfer SSH key with which the destination conversion host pulls from the source one:
 * made by stackshift, its public half added to the source host's authorized_keys (marked with the
 * transfer's id, and restricted: no forwarding, no pty), its private half and the source's pinned
 * host key written to a private directory on the destination host. Installing twice replaces,
 * removing twice is harmless, so a resumed transfer never piles up keys. The private key is never
 * logged and never written to the event log.
 */
import type { RemoteShell } from '../ssh/remoteShell.js';
import { codes, StackshiftError } from '../errors.js';

export interface TransferKey {
  /** `stackshift-transfer-<id>`: the marker on the authorized_keys line and the directory name. */
  marker: string;
  /** Where the destination host keeps the private key and known_hosts (relative to its home). */
  dir: string;
}

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * authorized_keys is rewritten (read, filter, replace): two transfers from one source host at once
 * would each drop the other's key, so the rewrite holds an flock on a lock file beside it.
 */
const LOCKED = `mkdir -p ~/.ssh && chmod 700 ~/.ssh && exec 9>>~/.ssh/.stackshift-lock && { ! command -v flock >/dev/null || flock 9; }`;

async function run(shell: RemoteShell, command: string, what: string, stdin?: string): Promise<void> {
  const r = await shell.exec(command, stdin === undefined ? {} : { stdin });
  if (r.code !== 0) throw new StackshiftError(codes.CONNECTION, `${shell.label}: ${what} failed (exit ${r.code}): ${r.stderr.trim()}`, { retry: 'backoff', hint: 'check the conversion host\'s home directory is writable' });
}

export async function installTransferKey(source: RemoteShell, destination: RemoteShell, id: string, sourceEndpoint: { address: string; port: number; hostKey: string }): Promise<TransferKey> {
  const marker = `stackshift-transfer-${id.replace(/[^A-Za-z0-9_.-]/g, '-')}`;
  const dir = `.stackshift/${marker}`;
  // ssh2 (its key code) loads only when a copy starts: every apply and plan imports this module.
  const { newEd25519Key } = await import('../ssh/ed25519Key.js');
  const key = newEd25519Key(marker);
  const line = `restrict ${key.public.split(/\s+/).slice(0, 2).join(' ')} ${marker}`;
  await run(source, `${LOCKED} && touch ~/.ssh/authorized_keys && (grep -v ${q(marker)} ~/.ssh/authorized_keys || true) > ~/.ssh/authorized_keys.${marker} && cat >> ~/.ssh/authorized_keys.${marker} && chmod 600 ~/.ssh/authorized_keys.${marker} && mv ~/.ssh/authorized_keys.${marker} ~/.ssh/authorized_keys`, 'installing the transfer key', `${line}\n`);
  const knownHost = `${sourceEndpoint.port === 22 ? sourceEndpoint.address : `[${sourceEndpoint.address}]:${sourceEndpoint.port}`} ${sourceEndpoint.hostKey.trim()}\n`;
  await run(destination, `umask 077 && mkdir -p ${dir} && cat > ${dir}/id && printf %s ${q(knownHost)} > ${dir}/known_hosts`, 'storing the transfer key', key.private);
  return { marker, dir };
}

export async function removeTransferKey(source: RemoteShell, destination: RemoteShell, key: TransferKey): Promise<void> {
  await run(source, `${LOCKED} && { [ ! -f ~/.ssh/authorized_keys ] || { (grep -v ${q(key.marker)} ~/.ssh/authorized_keys || true) > ~/.ssh/authorized_keys.${key.marker} && chmod 600 ~/.ssh/authorized_keys.${key.marker} && mv ~/.ssh/authorized_keys.${key.marker} ~/.ssh/authorized_keys; }; }`, 'removing the transfer key');
  await run(destination, `rm -rf ${key.dir}`, 'removing the transfer key');
}
