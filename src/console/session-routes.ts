import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ConsoleLockedError, SESSION_MS } from '../core/console/users.js';
import { fail } from '../core/errors.js';
import { parse } from '../protocols/http/parse.js';
import { consoleUserView } from '../protocols/native/admin-console.js';
import { CONSOLE_COOKIE, CSRF_HEADER, csrfToken } from '../protocols/native/operators.js';
import type { Services } from '../services.js';

const signInBody = z
  .object({ email: z.string().min(1).max(256), password: z.string().min(1).max(256) })
  .strict();

function sessionCookie(request: FastifyRequest) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: request.protocol === 'https',
  };
}

async function currentSession(services: Services, request: FastifyRequest) {
  const token = request.cookies[CONSOLE_COOKIE];
  const user = token ? await services.consoleUsers.authenticate(token) : undefined;
  if (!token || !user) fail('auth.bad_token', 'not signed in');
  return { token, user };
}

/**
 * The console's session: sign in (JSON only, so no cross-site form can sign a browser in),
 * who is signed in (with the CSRF token the pages send on writes), sign out.
 */
export function registerSessionRoutes(app: FastifyInstance, services: Services): void {
  app.post('/console/api/session', async (request, reply: FastifyReply) => {
    if (!request.headers['content-type']?.startsWith('application/json'))
      fail('invalid_argument', 'sign in with a JSON body');
    const body = parse(signInBody, request.body);
    try {
      const session = await services.consoleUsers.signIn(body.email, body.password);
      reply.setCookie(CONSOLE_COOKIE, session.token, {
        ...sessionCookie(request),
        maxAge: SESSION_MS / 1000,
      });
      return { user: consoleUserView(session.user), csrf_token: csrfToken(session.token) };
    } catch (error) {
      if (error instanceof ConsoleLockedError)
        reply.header('retry-after', Math.ceil((error.until - services.clock.now()) / 1000));
      throw error;
    }
  });

  app.get('/console/api/session', async (request) => {
    const { token, user } = await currentSession(services, request);
    return { user: consoleUserView(user), csrf_token: csrfToken(token) };
  });

  app.delete('/console/api/session', async (request, reply) => {
    const { token } = await currentSession(services, request);
    if (request.headers[CSRF_HEADER] !== csrfToken(token))
      fail('not_permitted', `${CSRF_HEADER} header missing or wrong`);
    await services.consoleUsers.signOut(token);
    return reply.clearCookie(CONSOLE_COOKIE, sessionCookie(request)).code(204).send();
  });
}
