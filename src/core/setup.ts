import type { Store } from '../store/store.js';
import type { AppService } from './apps/service.js';
import type { App } from './apps/types.js';
import type { Random } from './runtime.js';
import { randomHex, randomId, tokenHash } from './runtime.js';
import type { ConsoleUsers } from './console/users.js';
import { DomainError } from './errors.js';

const ADMIN_TOKEN_KEY = 'admin_token_hash';
const DEMO_APP_KEY = 'demo_app_id';

/**
 * The admin token's hash: from the given token (GUILDHALL_ADMIN_TOKEN), else the one stored,
 * else a new one, returned once in plain text so it can be shown to the operator.
 */
export async function ensureAdminToken(
  store: Pick<Store, 'meta'>,
  random: Random,
  given: string | undefined,
): Promise<{ hash: string; generated?: string }> {
  if (given) return { hash: tokenHash(given) };
  const stored = await store.meta.get(ADMIN_TOKEN_KEY);
  if (stored) return { hash: stored };
  const token = randomHex(random, 24);
  await store.meta.set(ADMIN_TOKEN_KEY, tokenHash(token));
  return { hash: tokenHash(token), generated: token };
}

/** On the very first start, a demo app to try the platform with; undefined afterwards. */
export async function ensureDemoApp(
  store: Pick<Store, 'meta'>,
  apps: AppService,
): Promise<App | undefined> {
  if (await store.meta.get(DEMO_APP_KEY)) return undefined;
  const app = await apps.create('Demo Game', { sandbox: true });
  await store.meta.set(DEMO_APP_KEY, app.id);
  return app;
}

/** Who the first console admin is unless GUILDHALL_CONSOLE_ADMIN_EMAIL says otherwise. */
export const FIRST_ADMIN_EMAIL = 'admin@guildhall.local';

/**
 * On a start with no console user, the first admin with a random password, returned once in
 * plain text so it can be shown; undefined when console users exist.
 */
export async function ensureConsoleAdmin(
  users: ConsoleUsers,
  random: Random,
  email = FIRST_ADMIN_EMAIL,
): Promise<{ email: string; password: string } | undefined> {
  if ((await users.count()) > 0) return undefined;
  const password = randomId(random, 20);
  try {
    const admin = await users.add(email, password, 'admin');
    return { email: admin.email, password };
  } catch (error) {
    // Another replica starting at the same moment made it: one first admin per deployment.
    if (error instanceof DomainError && error.code === 'console.user_exists') return undefined;
    throw error;
  }
}
