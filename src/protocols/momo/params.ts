import { z } from 'zod';

/** Momo parameters arrive as strings (query or form); these turn them into typed values. */
export const text = (max = 256) => z.string().trim().min(1).max(max);

export const optionalInt = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^-?\d+$/)
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .optional();

/** A JSON-encoded array parameter (rank/update's `data`, player/update's `data`). */
export const jsonArray = z.string().transform((value, ctx) => {
  try {
    const parsed: unknown = JSON.parse(value);
    if (Array.isArray(parsed)) return parsed as unknown[];
  } catch {
    // reported below
  }
  ctx.addIssue({ code: 'custom', message: 'data must be a JSON array' });
  return z.NEVER;
});

/** A score: a number or a numeric string, finite. */
export const scoreValue = z
  .union([
    z.number(),
    z
      .string()
      .trim()
      .regex(/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/)
      .transform(Number),
  ])
  .pipe(z.number().finite());

/** An identifier that may be sent as a JSON number or string. */
export const idValue = z
  .union([z.string(), z.number().int().transform(String)])
  .pipe(z.string().trim().min(1).max(128));
