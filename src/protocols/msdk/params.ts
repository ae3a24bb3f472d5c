import { z } from 'zod';

/** MSDK bodies are JSON whose clients send numbers and strings interchangeably. */
export const str = (max = 256) =>
  z.union([z.string(), z.number().transform(String)]).pipe(z.string().trim().min(1).max(max));

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
