import type { FastifyRequest } from 'fastify';

/** Query string and form body merged into one map of strings (a form value wins). */
export function mergedParams(request: FastifyRequest): Record<string, string> {
  const params: Record<string, string> = {};
  for (const source of [request.query, request.body]) {
    if (!source || typeof source !== 'object' || Buffer.isBuffer(source)) continue;
    for (const [key, raw] of Object.entries(source as Record<string, unknown>)) {
      const value = Array.isArray(raw) ? (raw[0] as unknown) : raw;
      if (typeof value === 'string') params[key] = value;
      else if (typeof value === 'number' || typeof value === 'boolean') params[key] = String(value);
    }
  }
  return params;
}

/** The endpoint's declared file fields that arrived as files (multipart parts, as Buffers). */
export function fileParams(
  request: FastifyRequest,
  names: readonly string[],
): Record<string, Buffer> {
  const files: Record<string, Buffer> = {};
  const body = request.body;
  if (!body || typeof body !== 'object' || Buffer.isBuffer(body)) return files;
  for (const name of names) {
    const raw = (body as Record<string, unknown>)[name];
    const value = Array.isArray(raw) ? (raw[0] as unknown) : raw;
    if (Buffer.isBuffer(value)) files[name] = value;
  }
  return files;
}
