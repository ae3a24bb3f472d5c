import type { z } from 'zod';
import { fail } from '../../core/errors.js';

/** Parses a request part or fails with invalid_argument naming the first bad field. */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') || 'body';
  return fail('invalid_argument', `${field}: ${issue?.message ?? 'invalid'}`);
}
