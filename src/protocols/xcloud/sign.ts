import { createHash, timingSafeEqual } from 'node:crypto';

function md5(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

/**
 * The document's `sign`: md5(md5("k1=v1&k2=v2&...&" + key)), lowercase hex, over the signed
 * fields sorted by name.
 */
export function xcloudSign(signed: Readonly<Record<string, string>>, key: string): string {
  const pairs = Object.keys(signed)
    .sort()
    .map((name) => `${name}=${signed[name]}`);
  return md5(md5(`${pairs.join('&')}&${key}`));
}

/** Whether `given` is the sign of the signed fields under `key` (constant time). */
export function signMatches(
  signed: Readonly<Record<string, string>>,
  key: string,
  given: string,
): boolean {
  const expected = Buffer.from(xcloudSign(signed, key));
  const actual = Buffer.from(given.toLowerCase());
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
