import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/**
 * Seals secrets kept in the database (signing keys, push certificates) with the server key, so a
 * copy of the database alone does not give them away. AES-256-GCM; the sealed text names the key
 * it was sealed with, so a wrong server key is reported as such rather than as corrupt data.
 */
export class SecretBox {
  private readonly keyId: string;

  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('the server key must be 32 bytes');
    this.keyId = createHash('sha256').update(key).digest('hex').slice(0, 8);
  }

  seal(plain: Buffer | string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64'));
    return [VERSION, this.keyId, ...parts].join('.');
  }

  open(sealed: string): Buffer {
    const [version, keyId, iv, tag, body] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || body === undefined) {
      throw new Error('sealed secret is malformed');
    }
    if (keyId !== this.keyId) {
      throw new Error(
        `secret was sealed with another server key (${keyId}); set GUILDHALL_SECRET_KEY`,
      );
    }
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]);
  }
}
