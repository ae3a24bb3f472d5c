import { z } from 'zod';

/** A field of at most `max` characters (the document's 最大长度). */
export const text = (max: number) => z.string().max(max);
/** A required field: present and not empty. */
export const required = (max: number) => z.string().min(1).max(max);
/** A decimal integer field (the document's int). */
export const integer = (max = 11) => z.string().regex(/^\d+$/, 'an integer').max(max);
