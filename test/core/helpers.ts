/**
 * Set-up shared by the direct tests of core services: a whole Guildhall in memory, apps and
 * players. Every call to the players and apps services lives here, so that changes to those APIs
 * are absorbed in one place.
 */
import { after, before } from 'node:test';
import type { App, AppSettings } from '../../src/core/apps/types.js';
import type { DomainErrorCode } from '../../src/core/errors.js';
import { DomainError } from '../../src/core/errors.js';
import type { Account } from '../../src/core/players/types.js';
import type { Guildhall, GuildhallOptions } from '../../src/guildhall.js';
import { openGuildhall } from '../../src/guildhall.js';
import { randomHex } from '../../src/core/runtime.js';
import type { DialectPlugin } from '../../src/protocols/plugin.js';
import { TestClock } from '../helpers/server.js';

export { TestClock };

/** The composition root over an in-memory SQLite database, on a clock tests move by hand. */
export function openCoreGuildhall(
  clock: TestClock = new TestClock(),
  options: Partial<GuildhallOptions> = {},
): Promise<Guildhall> {
  return openGuildhall({ sqliteFile: ':memory:', clock, rebuild: 'always', ...options });
}

/** Namespaces of the test dialect: ids that identify a person, and device ids that do not. */
export const TEST_PERSON = 'test.person';
export const TEST_DEVICE = 'test.device';
export const TEST_BOARD = 'test_friends';

/**
 * A dialect of core's tests (alone, instead of the real ones): two namespaces, per-player
 * features for holders of both, and achievement rules over persons' ids.
 */
export const testDialect: DialectPlugin = {
  name: 'test',
  appConfig: { dialect: 'test', credentials: [], settings: [] },
  namespaces: [
    {
      name: TEST_PERSON,
      pattern: /^P[0-9a-f]{16}$/,
      identifies: true,
      mint: (random) => `P${randomHex(random, 8)}`,
    },
    { name: TEST_DEVICE, pattern: /^D[0-9a-f]{16}$/, mint: (random) => `D${randomHex(random, 8)}` },
  ],
  tokenKinds: [],
  featureNamespaces: [TEST_PERSON, TEST_DEVICE],
  achievements: { namespace: TEST_PERSON, board: TEST_BOARD },
  errors: { meets: [], wireCode: () => undefined },
  start: () => ({ register: () => undefined }),
};

/** Gives the account ids in the app of the test dialect's namespaces, active as listed. */
export async function giveTestIds(
  guildhall: Guildhall,
  appId: string,
  accountId: number,
  active: { person?: boolean; device?: boolean },
): Promise<{ person: string; device: string }> {
  const { ids } = await guildhall.grants.grant(appId, accountId, {
    ids: [
      { namespace: TEST_PERSON, active: active.person ?? false },
      { namespace: TEST_DEVICE, active: active.device ?? false },
    ],
    tokenKinds: [],
  });
  const idOf = (namespace: string) => ids.find((id) => id.namespace === namespace)?.id ?? '';
  return { person: idOf(TEST_PERSON), device: idOf(TEST_DEVICE) };
}

/** Makes the two accounts friends. */
export async function befriend(guildhall: Guildhall, a: number, b: number): Promise<void> {
  await guildhall.friends.request(a, b);
  await guildhall.friends.request(b, a);
}

export interface CoreContext {
  guildhall: Guildhall;
  clock: TestClock;
}

/**
 * One Guildhall for the tests of a `describe` block: opened before them, closed after. Tests keep
 * out of each other's way by making their own app.
 */
export function useCoreGuildhall(options: Partial<GuildhallOptions> = {}): CoreContext {
  const context = { clock: new TestClock() } as CoreContext;
  before(async () => {
    context.guildhall = await openCoreGuildhall(context.clock, options);
  });
  after(async () => {
    await context.guildhall.close();
  });
  return context;
}

let apps = 0;

/** Creates an app (with these settings) and returns its id. */
export async function newApp(
  guildhall: Guildhall,
  name = `Game ${++apps}`,
  settings: Partial<AppSettings> = {},
): Promise<string> {
  return (await guildhall.apps.create(name, settings)).id;
}

/** The app as the services that take one expect it. */
export function appOf(guildhall: Guildhall, appId: string): Promise<App> {
  return guildhall.apps.get(appId);
}

/**
 * A guest player of the app on the device; returns the account id. The same device in another
 * app is the same account.
 */
export async function newPlayer(
  guildhall: Guildhall,
  appId: string,
  deviceId: string,
): Promise<number> {
  const result = await guildhall.players.loginGuest(appId, deviceId);
  return result.account.id;
}

/** Several guest players of the app, on devices named after `prefix`. */
export async function newPlayers(
  guildhall: Guildhall,
  appId: string,
  prefix: string,
  count: number,
): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) ids.push(await newPlayer(guildhall, appId, `${prefix}-${i}`));
  return ids;
}

/** A registered (not guest) player of the app, who may own groups; returns the account id. */
export async function newRegisteredPlayer(
  guildhall: Guildhall,
  appId: string,
  email: string,
): Promise<number> {
  const result = await guildhall.players.register(appId, email, 'correct horse battery');
  return result.account.id;
}

/** The player's account as it stands. */
export function accountOf(guildhall: Guildhall, accountId: number): Promise<Account> {
  return guildhall.directory.account(accountId);
}

/** Moves the player to a city (division id, e.g. 110000 Beijing) and, optionally, a place. */
export async function movePlayer(
  guildhall: Guildhall,
  accountId: number,
  areaId: number | null,
  location?: { lat: number; lng: number },
): Promise<Account> {
  return guildhall.players.updateProfile(accountId, { areaId, location });
}

/** For `assert.rejects`: a DomainError with this code. */
export function domainError(code: DomainErrorCode): (error: unknown) => boolean {
  return (error) => {
    if (error instanceof DomainError && error.code === code) return true;
    throw error;
  };
}
