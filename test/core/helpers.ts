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
import type { Guildhall } from '../../src/guildhall.js';
import { openGuildhall } from '../../src/guildhall.js';
import { TestClock } from '../helpers/server.js';

export { TestClock };

/** The composition root over an in-memory SQLite database, on a clock tests move by hand. */
export function openCoreGuildhall(clock: TestClock = new TestClock()): Promise<Guildhall> {
  return openGuildhall({ sqliteFile: ':memory:', clock, rebuild: 'always' });
}

export interface CoreContext {
  guildhall: Guildhall;
  clock: TestClock;
}

/**
 * One Guildhall for the tests of a `describe` block: opened before them, closed after. Tests keep
 * out of each other's way by making their own app.
 */
export function useCoreGuildhall(): CoreContext {
  const context = { clock: new TestClock() } as CoreContext;
  before(async () => {
    context.guildhall = await openCoreGuildhall(context.clock);
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
