/**
 * Pinned SSH host keys: stackshift.yaml names each conversion host's public host key
 * (`ssh-ed25519 AAAA...`), and a connection whose server presents any other key is refused before
 * anything is sent — there is no "trust on first use".
 */
import { timingSafeEqual } from 'node:crypto';
import { codes, StackshiftError } from '../errors.js';

/** The key blob of an OpenSSH public key line (`type base64 [comment]`). */
export function hostKeyBlob(line: string): Buffer {
  const [type, base64] = line.trim().split(/\s+/);
  const blob = base64 ? Buffer.from(base64, 'base64') : Buffer.alloc(0);
  // The blob starts with its own type name: a line whose two halves disagree is not a key.
  const named = blob.length > 4 ? blob.subarray(4, 4 + blob.readUInt32BE(0)).toString('latin1') : '';
  if (!type || named !== type) {
    throw new StackshiftError(codes.USAGE, `'${line.slice(0, 40)}…' is not an OpenSSH public key line`, { hint: 'pin the host key as `ssh-keyscan` prints it, e.g. `ssh-ed25519 AAAA...`' });
  }
  return blob;
}

export function sameHostKey(presented: Buffer, pinned: Buffer): boolean {
  return presented.length === pinned.length && timingSafeEqual(presented, pinned);
}
