/**
 * SSH public keys as Nova handles them: the fingerprint is the MD5 of the decoded key blob in
 * colon hex (nova/crypto.py generate_fingerprint), and a keypair created without a public key
 * gets a freshly generated RSA key whose private half is returned once and never stored.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';

const KEY_TYPES = new Set(['ssh-rsa', 'ssh-ed25519', 'ssh-dss', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521']);

/** The fingerprint, or undefined when the text is not an OpenSSH public key. */
export function fingerprint(publicKey: string): string | undefined {
  const [type, data] = publicKey.trim().split(/\s+/);
  if (!type || !data || !KEY_TYPES.has(type)) return undefined;
  const blob = Buffer.from(data, 'base64');
  // The blob starts with the key type as an SSH string; a mismatch means it is not a key.
  if (blob.length < 4) return undefined;
  const len = blob.readUInt32BE(0);
  if (blob.subarray(4, 4 + len).toString('latin1') !== type) return undefined;
  const hex = createHash('md5').update(blob).digest('hex');
  return hex.match(/../g)!.join(':');
}

/** A new RSA keypair: the OpenSSH public line and the PEM private key. */
export function generateSshKeypair(comment: string): { publicKey: string; privateKey: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' });
  const e = Buffer.from(jwk.e ?? '', 'base64url');
  const n = Buffer.from(jwk.n ?? '', 'base64url');
  const blob = Buffer.concat([sshString(Buffer.from('ssh-rsa')), sshString(mpint(e)), sshString(mpint(n))]);
  return {
    publicKey: `ssh-rsa ${blob.toString('base64')} ${comment}`,
    privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
  };
}

function sshString(b: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(b.length);
  return Buffer.concat([len, b]);
}

/** An SSH mpint: big-endian, with a leading zero byte when the top bit is set. */
function mpint(b: Buffer): Buffer {
  return b.length > 0 && (b[0]! & 0x80) !== 0 ? Buffer.concat([Buffer.from([0]), b]) : b;
}
