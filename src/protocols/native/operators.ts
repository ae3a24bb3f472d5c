import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { secretsEqual } from '../../core/apps/service.js';
import type { ConsoleRole } from '../../core/console/types.js';
import { roleAllows } from '../../core/console/types.js';
import { DomainError, fail } from '../../core/errors.js';
import { tokenHash } from '../../core/runtime.js';
import type { Services } from '../../services.js';
import type { AdminEndpoint, NativeContext } from './endpoint.js';
import { NATIVE_STATUS } from './errors.js';
import { bearerToken } from './validation.js';

/** The console session cookie: HttpOnly, SameSite=Strict, Secure over HTTPS. */
export const CONSOLE_COOKIE = 'guildhall_console';
/** Writes from the console carry this header; only the console's own pages can read its value. */
export const CSRF_HEADER = 'x-csrf-token';

/** Who is calling the admin API: the bearer admin token, or a console user with a role. */
export interface Operator {
  /** `admin-token`, or `console:<email>`. */
  actor: string;
  role: ConsoleRole;
}

declare module 'fastify' {
  interface FastifyRequest {
    operator?: Operator;
  }
}

/**
 * The CSRF token of a console session: derived from the session secret, so it needs no storage
 * and a page can only learn it from the session endpoint (same-origin), never from the cookie.
 */
export function csrfToken(sessionToken: string): string {
  return createHash('sha256').update(`csrf\0${sessionToken}`).digest('base64url');
}

const READS = new Set(['GET', 'HEAD']);

/**
 * The admin scope's onRequest hook: the bearer admin token (role admin, for automation) or a
 * live console session cookie (the user's role; writes must carry the CSRF header).
 */
export function operatorAuth(services: Services, adminTokenHash: string) {
  return async (request: FastifyRequest): Promise<void> => {
    const token = bearerToken(request.headers.authorization);
    if (token !== undefined) {
      if (!secretsEqual(tokenHash(token), adminTokenHash))
        fail('auth.bad_token', 'wrong admin token');
      request.operator = { actor: 'admin-token', role: 'admin' };
      return;
    }
    const session = request.cookies[CONSOLE_COOKIE];
    const user = session ? await services.consoleUsers.authenticate(session) : undefined;
    if (!session || !user) fail('auth.bad_token', 'admin token or console session required');
    const csrf = request.headers[CSRF_HEADER];
    if (!READS.has(request.method) && (typeof csrf !== 'string' || csrf !== csrfToken(session)))
      fail('not_permitted', `${CSRF_HEADER} header missing or wrong`);
    request.operator = { actor: `console:${user.email}`, role: user.role };
  };
}

/** The role an admin endpoint needs: its own, else viewer for reads and operator for writes. */
function neededRole(endpoint: AdminEndpoint): ConsoleRole {
  return endpoint.role ?? (READS.has(endpoint.method) ? 'viewer' : 'operator');
}

function statusOf(error: unknown): number {
  return error instanceof DomainError ? (NATIVE_STATUS[error.code] ?? 500) : 500;
}

/**
 * Runs an admin endpoint for the request's operator: refuses a role too low, and records every
 * write in the audit log (who, what, target, status, and the target's state before and after
 * when the endpoint can read it; else the request body as the change asked for).
 */
export async function runAdminEndpoint(
  endpoint: AdminEndpoint,
  context: NativeContext,
): Promise<unknown> {
  const { request, reply, services } = context;
  const operator = request.operator ?? fail('auth.bad_token', 'admin token required');
  const needed = neededRole(endpoint);
  if (!roleAllows(operator.role, needed)) fail('not_permitted', `needs the ${needed} role`);
  if (READS.has(endpoint.method)) return endpoint.handle(context);

  const snapshot = () => endpoint.snapshot?.(context).catch(() => undefined);
  const before = await snapshot();
  const record = (status: number, after: unknown) =>
    services.auditLog.record({
      actor: operator.actor,
      action: `${endpoint.method} ${endpoint.url}`,
      target: (request.params ?? {}) as Record<string, unknown>,
      status,
      before,
      after,
    });
  let result: unknown;
  try {
    result = await endpoint.handle(context);
  } catch (error) {
    await record(statusOf(error), request.body);
    throw error;
  }
  await record(reply.statusCode, endpoint.snapshot ? await snapshot() : request.body);
  return result;
}
