import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { fail } from '../../core/errors.js';
import type { Services } from '../../services.js';

/** Parses a request part or fails with invalid_argument naming the first bad field. */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') || 'body';
  return fail('invalid_argument', `${field}: ${issue?.message ?? 'invalid'}`);
}

/** The bearer token of an Authorization header, if any. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}

/** The player (and the app they logged in to) behind the request's bearer session token. */
export async function clientSession(services: Services, request: FastifyRequest) {
  const token =
    bearerToken(request.headers.authorization) ??
    fail('auth.bad_token', 'Authorization: Bearer <session_token> required');
  return services.players.authenticateSession(token);
}
