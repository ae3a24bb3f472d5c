import { z } from 'zod';

/** MSDK bodies are JSON whose clients send numbers and strings interchangeably. */
export const textOrNumber = z.union([z.string(), z.number().transform(String)]);

export const str = (max = 256) => textOrNumber.pipe(z.string().trim().min(1).max(max));

export const int = (min: number, max: number) =>
  z
    .union([
      z.number(),
      z
        .string()
        .trim()
        .regex(/^-?\d+$/)
        .transform(Number),
    ])
    .pipe(z.number().int().min(min).max(max));

/** An openid on a Tencent platform (QQ hex, WeChat `o...`, guest `G_...`). */
export const openid = str(64);

/** A value clients send as JSON, or as a string holding that JSON (the documents' "compatibility"). */
export const jsonOrString = <S extends z.ZodType>(schema: S) =>
  z.preprocess((value) => {
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  }, schema);

const withinBytes = (max: number) => (text: string) => Buffer.byteLength(text, 'utf8') <= max;

/** Required text of at most `max` bytes of UTF-8 (the documents count bytes). */
export const utf8 = (max: number) =>
  textOrNumber.pipe(
    z.string().trim().min(1).refine(withinBytes(max), `is over ${max} bytes of UTF-8`),
  );

/** Optional text of at most `max` bytes of UTF-8, kept as sent; '' when absent. */
export const optionalUtf8 = (max: number) =>
  textOrNumber
    .pipe(z.string().refine(withinBytes(max), `is over ${max} bytes of UTF-8`))
    .optional()
    .transform((text) => text ?? '');

export function parsedUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

export const isHttpUrl = (text: string) =>
  ['http:', 'https:'].includes(parsedUrl(text)?.protocol ?? '');

/** A required http(s) URL of at most `max` bytes. */
export const httpUrl = (max: number) => utf8(max).refine(isHttpUrl, 'is not an http(s) URL');
