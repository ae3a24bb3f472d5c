import type { JsonSchema, Response } from './types.js';

/** A dialect's wire codes: the field of its envelope that carries them and their texts. */
export interface WireCodes {
  /** The envelope's schema, under components/schemas. */
  envelope: string;
  /** The envelope field that carries the code (`ec`, `ret`, `status`). */
  field: string;
  texts: Readonly<Record<number, string>>;
}

/** `code text` lines, one per code, sorted. */
export function codeList(codes: Iterable<number>, texts: Readonly<Record<number, string>>): string {
  return [...new Set(codes)]
    .sort((a, b) => a - b)
    .map((code) => `- \`${code}\` ${texts[code] ?? ''}`.trimEnd())
    .join('\n');
}

/**
 * The HTTP 200 answer of a dialect call: its envelope, the code field narrowed to the codes this
 * call can answer (success first), each listed with its text.
 */
export function envelopeResponse(
  wire: WireCodes,
  success: number,
  failures: Iterable<number>,
): Response {
  const codes = [success, ...[...new Set(failures)].sort((a, b) => a - b)];
  const schema: JsonSchema = {
    allOf: [
      { $ref: `#/components/schemas/${wire.envelope}` },
      { properties: { [wire.field]: { enum: codes } } },
    ],
  };
  return {
    description: `Always HTTP 200; \`${wire.field}\` says how the call went:\n\n${codeList(codes, wire.texts)}`,
    content: { 'application/json': { schema } },
  };
}
