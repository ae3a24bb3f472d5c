import type { KeyObject } from 'node:crypto';
import { createHash, sign } from 'node:crypto';
import { promisify } from 'node:util';
import type { NotifySignType } from './app-config.js';

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

const signInThreadPool = promisify(sign);

/**
 * Adds `sign`, `encrypted` (base64 RSA PKCS#1 v1.5 signature of the to-be-signed string with the
 * platform's key: SHA-1 for RSA, SHA-256 for RSA2) and `encrypt_type`. The RSA signature is made
 * in libuv's thread pool, off the event loop: it costs about a millisecond of CPU.
 */
export async function signMomoNotify(
  fields: Record<string, string>,
  appSecret: string,
  privateKey: KeyObject | string,
  signType: NotifySignType,
): Promise<Record<string, string>> {
  const signing = momoSigningString(fields, appSecret);
  const signature = await signInThreadPool(
    signType === 'RSA2' ? 'sha256' : 'sha1',
    Buffer.from(signing, 'utf8'),
    privateKey,
  );
  return {
    ...fields,
    sign: createHash('md5').update(signing, 'utf8').digest('hex'),
    encrypted: signature.toString('base64'),
    encrypt_type: signType,
  };
}
