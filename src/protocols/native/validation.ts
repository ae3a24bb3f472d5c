import type { FastifyRequest } from 'fastify';
import { fail } from '../../core/errors.js';
import type { Services } from '../../services.js';

export { parse } from '../http/parse.js';

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
