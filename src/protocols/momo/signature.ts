import { createHash, createSign } from 'node:crypto';
import type { NotifySignType } from '../../core/apps/types.js';

const UNSIGNED = new Set(['sign', 'encrypted', 'encrypt_type']);

/**
 * The document's to-be-signed string: parameters sorted by name, empty ones and
 * sign/encrypted/encrypt_type left out, `k=v` joined by `&`, then `&` and the app secret.
 */
export function momoSigningString(fields: Record<string, string>, appSecret: string): string {
  const pairs = Object.keys(fields)
    .filter((key) => !UNSIGNED.has(key) && fields[key] !== '')
    .sort()
    .map((key) => `${key}=${fields[key]}`);
  return `${pairs.join('&')}&${appSecret}`;
}

/** `sign`: lowercase hex MD5 of the to-be-signed string. */
export function momoSign(fields: Record<string, string>, appSecret: string): string {
  return createHash('md5').update(momoSigningString(fields, appSecret), 'utf8').digest('hex');
}

/**
 * Adds `sign`, `encrypted` (base64 RSA PKCS#1 v1.5 signature of the to-be-signed string with the
 * platform's key: SHA-1 for RSA, SHA-256 for RSA2) and `encrypt_type`.
 */
export function signMomoNotify(
  fields: Record<string, string>,
  appSecret: string,
  privateKeyPem: string,
  signType: NotifySignType,
): Record<string, string> {
  const signing = momoSigningString(fields, appSecret);
  const encrypted = createSign(signType === 'RSA2' ? 'RSA-SHA256' : 'RSA-SHA1')
    .update(signing, 'utf8')
    .sign(privateKeyPem, 'base64');
  return {
    ...fields,
    sign: createHash('md5').update(signing, 'utf8').digest('hex'),
    encrypted,
    encrypt_type: signType,
  };
}
