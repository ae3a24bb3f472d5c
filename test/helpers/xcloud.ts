import { createHash } from 'node:crypto';

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

/**
 * The xcloud document's sign, written here from the document's formula independently of the
 * code under test: md5(md5("k1=v1&k2=v2&" + key)) over the fields sorted by name, without
 * `sign` and the fields the endpoint does not sign.
 */
export function xcloudSign(
  fields: Record<string, string>,
  key: string,
  unsigned: readonly string[] = [],
): string {
  const pairs = Object.keys(fields)
    .filter((name) => name !== 'sign' && !unsigned.includes(name))
    .sort()
    .map((name) => `${name}=${fields[name]}`);
  return md5(md5(pairs.join('&') + '&' + key));
}

export interface XcloudCallOptions {
  /** Fields left out of the sign (the endpoint's 不参与加密 ones). */
  unsigned?: readonly string[];
  /** A sign to send instead of the right one; null: none. */
  sign?: string | null;
  /** Leave `time` out. */
  noTime?: boolean;
  /** How the fields travel (default: urlencoded form). */
  via?: 'query' | 'form' | 'multipart';
  /** Multipart file parts, by part name (implies multipart). */
  files?: Record<string, { data: Buffer; filename: string; type: string }>;
}

/** Sends a signed xcloud call; answers the HTTP status and the parsed JSON envelope. */
export async function xcloudRequest(
  url: string,
  key: string,
  fieldsWithTime: Record<string, string>,
  options: XcloudCallOptions,
) {
  const { time, ...rest } = fieldsWithTime;
  const fields: Record<string, string> = options.noTime ? rest : { ...rest, time: time ?? '' };
  const sign =
    options.sign === undefined ? xcloudSign(fields, key, options.unsigned) : options.sign;
  const all = sign === null ? fields : { ...fields, sign };
  const via = options.files ? 'multipart' : (options.via ?? 'form');
  let response: Response;
  if (via === 'query') {
    response = await fetch(`${url}?${new URLSearchParams(all).toString()}`);
  } else if (via === 'form') {
    response = await fetch(url, { method: 'POST', body: new URLSearchParams(all) });
  } else {
    const form = new FormData();
    for (const [name, value] of Object.entries(all)) form.append(name, value);
    for (const [name, file] of Object.entries(options.files ?? {})) {
      form.append(name, new Blob([file.data], { type: file.type }), file.filename);
    }
    response = await fetch(url, { method: 'POST', body: form });
  }
  const text = await response.text();
  return { http: response.status, body: JSON.parse(text) as any, text };
}
