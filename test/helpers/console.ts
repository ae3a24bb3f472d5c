import type { ConsoleRole } from '../../src/core/console/types.js';
import type { TestServer } from './server.js';

export const CONSOLE_PASSWORD = 'correct horse battery';

/** A console user with this role (password CONSOLE_PASSWORD), as `guildhall user add` makes. */
export async function addConsoleUser(server: TestServer, email: string, role: ConsoleRole) {
  return server.guildhall.consoleUsers.add(email, CONSOLE_PASSWORD, role);
}

/** A console session as a browser holds it: the cookie and the CSRF token the pages send. */
export interface ConsoleSession {
  cookie: string;
  csrf: string;
}

export async function signInConsole(
  server: TestServer,
  email: string,
  password = CONSOLE_PASSWORD,
): Promise<ConsoleSession> {
  const response = await server.request('POST', '/console/api/session', {
    json: { email, password },
  });
  if (response.status !== 200) throw new Error(`sign-in: ${response.status} ${response.text}`);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { cookie, csrf: response.json.csrf_token };
}

/** Calls the admin API as a console user (with the CSRF header unless `csrf` is false). */
export function asConsoleUser(
  server: TestServer,
  session: ConsoleSession,
  method: string,
  path: string,
  options: { json?: unknown; csrf?: boolean } = {},
) {
  const headers: Record<string, string> = { cookie: session.cookie };
  if (options.csrf !== false) headers['x-csrf-token'] = session.csrf;
  return server.request(method, path, { json: options.json, headers });
}
