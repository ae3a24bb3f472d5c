import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { secretsEqual } from '../../core/apps/service.js';
import type { App } from '../../core/apps/types.js';
import { MSDK_RET, MsdkFailure } from './errors.js';
import { MSDK_TEA_KEY, teaDecrypt, teaEncrypt } from './tea.js';
import { msdkCredentials, msdkSettings } from './app-config.js';

/** The fixed query parameters of every MSDK call. */
export const fixedParams = z.object({
  timestamp: z.string().trim().min(1).max(32),
  appid: z.string().trim().min(1).max(64),
  sig: z.string().trim().min(1).max(64),
  encode: z.enum(['1', '2']),
  openid: z.string().trim().max(64).optional(),
  conn: z.enum(['0', '1']).optional(),
  msdkExtInfo: z
    .string()
    .max(256)
    .regex(/^\w*$/, 'may hold letters, digits and underscores only')
    .optional(),
  version: z.string().max(64).optional(),
  ishttps: z.enum(['0', '1']).optional(),
  opua: z.string().max(256).optional(),
});

export type FixedParams = z.infer<typeof fixedParams>;

/** sig = md5(appkey + timestamp) for encode=1, md5(msdkkey + timestamp) for encode=2. */
export function expectedSig(app: App, encode: '1' | '2', timestamp: string): string {
  const key = encode === '1' ? msdkCredentials(app).appkey : msdkCredentials(app).msdkkey;
  return createHash('md5')
    .update(key + timestamp)
    .digest('hex');
}

export function checkSig(app: App, params: FixedParams): void {
  if (!secretsEqual(params.sig, expectedSig(app, params.encode, params.timestamp))) {
    throw new MsdkFailure(MSDK_RET.badSig, 'sig does not match');
  }
}

/**
 * The unix ms a timestamp stands for: seconds (up to 10 digits), milliseconds (13) or
 * yyyyMMddHHmmss (14, in the app's time zone); undefined for anything else.
 */
export function timestampMs(timestamp: string, timezone: string): number | undefined {
  if (/^\d{1,10}$/.test(timestamp)) return Number(timestamp) * 1000;
  if (/^\d{13}$/.test(timestamp)) return Number(timestamp);
  if (/^\d{14}$/.test(timestamp)) {
    const time = DateTime.fromFormat(timestamp, 'yyyyMMddHHmmss', { zone: timezone });
    return time.isValid ? time.toMillis() : undefined;
  }
  return undefined;
}

/** Rejects a stale or future timestamp when the app enforces a window. */
export function checkFreshness(app: App, timestamp: string, now: number): void {
  const windowSec = msdkSettings(app).timestampWindowSec;
  if (windowSec === null) return;
  const at = timestampMs(timestamp, app.settings.timezone);
  if (at === undefined || Math.abs(now - at) > windowSec * 1000) {
    throw new MsdkFailure(MSDK_RET.badSig, `timestamp is not within ${windowSec} s of now`);
  }
}

const ENCRYPTED = 'msdktea';

export function wantsEncryptedRequest(header: string | string[] | undefined): boolean {
  return typeof header === 'string' && header.trim().toLowerCase() === ENCRYPTED;
}

/** The JSON object of a request body (decrypted first when sent as msdktea); {} when empty. */
export function decodeBody(raw: Buffer | undefined, encrypted: boolean): Record<string, unknown> {
  if (!raw || raw.length === 0) return {};
  let plain = raw;
  if (encrypted) {
    try {
      plain = teaDecrypt(raw, MSDK_TEA_KEY);
    } catch {
      throw new MsdkFailure(MSDK_RET.parameterError, 'body is not msdktea ciphertext');
    }
  }
  const text = plain.toString('utf8').trim();
  if (text === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new MsdkFailure(MSDK_RET.parameterError, 'body is not JSON');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new MsdkFailure(MSDK_RET.parameterError, 'body is not a JSON object');
  }
  return parsed as Record<string, unknown>;
}

export function encryptBody(json: string | Buffer): Buffer {
  return teaEncrypt(typeof json === 'string' ? Buffer.from(json, 'utf8') : json, MSDK_TEA_KEY);
}

/** Whether URLs in the answer must be https: ishttps=1, or an MSDK version of 2.16.0 or later. */
export function wantsHttps(params: FixedParams): boolean {
  if (params.ishttps === '1') return true;
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(params.version ?? '');
  if (!match) return false;
  const [major, minor, patch] = match.slice(1).map(Number) as [number, number, number];
  return major * 1_000_000 + minor * 1_000 + patch >= 2_016_000;
}
