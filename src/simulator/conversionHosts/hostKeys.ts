/**
 * Host keys of simulated conversion hosts, derived from the host's server name: the same name
 * always gets the same ed25519 key, so example-repo/stackshift.yaml can pin them and `stackshift
 * sim`, the demo and the tests present exactly those keys — without a private key in the
 * repository. (They guard nothing: a simulated host's key is as public as its name.)
 *
 * ssh2 reads ed25519 private keys in OpenSSH's own format only, so the key is written in it:
 * "openssh-key-v1\0", no cipher, one public key blob, and the private section (two equal check
 * words, type, public key, seed‖public key, comment, padding to 8 bytes).
 */
import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function sshString(data: Buffer | string): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data) : data;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  return Buffer.concat([length, body]);
}

export interface HostKeyPair {
  /** OpenSSH private key (PEM-armoured openssh-key-v1). */
  private: string;
  /** `ssh-ed25519 AAAA…` as sshd prints it and stackshift.yaml pins it. */
  public: string;
}

export function simulatedHostKey(serverName: string): HostKeyPair {
  const seed = createHash('sha256').update(`stackshift-sim-host-key/${serverName}`).digest();
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const publicRaw = createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(-32);
  const publicBlob = Buffer.concat([sshString('ssh-ed25519'), sshString(publicRaw)]);
  const check = createHash('sha256').update(seed).digest().subarray(0, 4);
  let secret = Buffer.concat([check, check, sshString('ssh-ed25519'), sshString(publicRaw), sshString(Buffer.concat([seed, publicRaw])), sshString(`stackshift-sim ${serverName}`)]);
  const padding = (8 - (secret.length % 8)) % 8;
  secret = Buffer.concat([secret, Buffer.from(Array.from({ length: padding }, (_, i) => i + 1))]);
  const body = Buffer.concat([Buffer.from('openssh-key-v1\0'), sshString('none'), sshString('none'), sshString(''), Buffer.from([0, 0, 0, 1]), sshString(publicBlob), sshString(secret)]);
  const lines = body.toString('base64').match(/.{1,70}/g) ?? [];
  return {
    private: ['-----BEGIN OPENSSH PRIVATE KEY-----', ...lines, '-----END OPENSSH PRIVATE KEY-----', ''].join('\n'),
    public: `ssh-ed25519 ${publicBlob.toString('base64')}`,
  };
}
