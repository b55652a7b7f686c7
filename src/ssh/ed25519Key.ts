/**
 * A new ed25519 key pair in OpenSSH format. ssh2's generateKeyPairSync drops a leading zero byte
 * of the public key about once in 200 keys (a 31-byte key: "Malformed OpenSSH private key" in
 * ssh2, "Load key …: error in libcrypto" in OpenSSH), which made a transfer or a test fail now and
 * then. Such a key is detected by parsing it back and a new one is made instead.
 */
import ssh2 from 'ssh2';

export interface KeyPair {
  private: string;
  public: string;
}

export function newEd25519Key(comment?: string): KeyPair {
  for (let attempt = 0; attempt < 20; attempt++) {
    const key = ssh2.utils.generateKeyPairSync('ed25519', comment === undefined ? {} : { comment });
    const parsed = ssh2.utils.parseKey(key.private);
    if (!(parsed instanceof Error) && !(ssh2.utils.parseKey(key.public) instanceof Error)) return key;
  }
  throw new Error('could not make a well-formed ed25519 key in 20 attempts');
}
