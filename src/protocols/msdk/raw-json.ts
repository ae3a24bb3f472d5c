/**
 * A field of an answer serialized once, as UTF-8 JSON, and spliced into answers as it is: a long
 * list answered again and again costs its serialization once instead of at every request.
 */
export class RawJson {
  private constructor(readonly bytes: Buffer) {}

  static of(value: unknown): RawJson {
    return new RawJson(Buffer.from(JSON.stringify(value), 'utf8'));
  }
}

/** The JSON of an answer: a string, or bytes when a top-level field is RawJson. */
export function serializeAnswer(body: Record<string, unknown>): string | Buffer {
  if (!Object.values(body).some((value) => value instanceof RawJson)) return JSON.stringify(body);
  const entries = Object.entries(body).filter(([, value]) => value !== undefined);
  const parts: Buffer[] = [];
  let text = '{';
  entries.forEach(([key, value], i) => {
    text += `${i === 0 ? '' : ','}${JSON.stringify(key)}:`;
    if (value instanceof RawJson) {
      parts.push(Buffer.from(text), value.bytes);
      text = '';
    } else {
      text += JSON.stringify(value);
    }
  });
  parts.push(Buffer.from(`${text}}`));
  return Buffer.concat(parts);
}
