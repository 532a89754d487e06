// Platform tokens are encrypted at rest with AES-256-GCM: version byte, 12-byte IV, 16-byte tag,
// ciphertext. The key comes from RELANCE_ENCRYPTION_KEY; the associated data binds a blob to its
// connection, so a blob copied onto another row does not decrypt.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 1;

export class TokenCipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new RangeError('the token encryption key must be 32 bytes');
  }

  encrypt(plain: unknown, context: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(JSON.stringify(plain), 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
  }

  decrypt<T>(blob: Buffer, context: string): T {
    if (blob.length < 29 || blob[0] !== VERSION) throw new Error('unknown token blob format');
    const decipher = createDecipheriv('aes-256-gcm', this.key, blob.subarray(1, 13));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(blob.subarray(13, 29));
    const plain = Buffer.concat([decipher.update(blob.subarray(29)), decipher.final()]).toString('utf8');
    return JSON.parse(plain) as T;
  }
}
