import { DomainError, fail } from '../errors.js';
import { hashPassword, verifyPassword } from '../players/passwords.js';
import type { Clock, Random } from '../runtime.js';
import { randomHex, tokenHash } from '../runtime.js';
import type { StoreSlice } from '../../store/store.js';
import type { ConsoleRole, ConsoleUser, ConsoleUserRecord } from './types.js';

/** Failed sign-ins in a row that lock a console user out, and for how long. */
export const SIGN_IN_ATTEMPTS = 5;
export const LOCKOUT_MS = 15 * 60_000;
/** A console session lasts a working day; signing in again starts a new one. */
export const SESSION_MS = 12 * 60 * 60_000;
const MIN_PASSWORD_LENGTH = 10;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}$/;

function publicUser({ passwordHash: _hash, failedSignIns: _failed, ...user }: ConsoleUserRecord) {
  return user satisfies ConsoleUser;
}

function normalizedEmail(email: string): string {
  const normalized = email.trim().toLowerCase();
  if (!EMAIL.test(normalized)) fail('invalid_argument', 'email: not an email address');
  return normalized;
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > 256)
    fail('invalid_argument', `password: ${MIN_PASSWORD_LENGTH} to 256 characters`);
}

/** A signed-in console user and the secret of their session (the cookie's value). */
export interface ConsoleSession {
  user: ConsoleUser;
  token: string;
  expiresAt: number;
}

/**
 * Console users: people who sign in to the web console with an email and password, each with
 * a role. Passwords are hashed with scrypt; SIGN_IN_ATTEMPTS failures in a row lock the user
 * out for LOCKOUT_MS (a correct password is refused too while locked).
 */
export class ConsoleUsers {
  constructor(
    private readonly store: StoreSlice<'consoleUsers'>,
    private readonly clock: Clock,
    private readonly random: Random,
  ) {}

  async add(email: string, password: string, role: ConsoleRole): Promise<ConsoleUser> {
    checkPassword(password);
    const user = await this.store.consoleUsers.insert({
      email: normalizedEmail(email),
      passwordHash: await hashPassword(password, this.random),
      role,
      createdAt: this.clock.now(),
    });
    if (!user) fail('console.user_exists', `a console user ${email} exists`);
    return publicUser(user);
  }

  async list(): Promise<ConsoleUser[]> {
    return (await this.store.consoleUsers.list()).map(publicUser);
  }

  async count(): Promise<number> {
    return this.store.consoleUsers.count();
  }

  /** Removes a user and ends their sessions; the last admin stays. */
  async remove(email: string): Promise<void> {
    await this.store.transaction(async (store) => {
      const user = await this.require(email, store);
      if (user.role === 'admin') {
        const admins = (await store.consoleUsers.list()).filter((u) => u.role === 'admin');
        if (admins.length === 1) fail('console.last_admin', 'the last admin cannot be removed');
      }
      await store.consoleUsers.remove(user.email);
    });
  }

  /** Sets a new password, lifts a lockout and ends the user's sessions. */
  async resetPassword(email: string, password: string): Promise<void> {
    checkPassword(password);
    const user = await this.require(email);
    const hash = await hashPassword(password, this.random);
    await this.store.transaction(async (store) => {
      await store.consoleUsers.setPassword(user.email, hash);
      await store.consoleUsers.deleteSessions(user.id, this.clock.now());
    });
  }

  async signIn(email: string, password: string): Promise<ConsoleSession> {
    const now = this.clock.now();
    const user = await this.store.consoleUsers.byEmail(email.trim().toLowerCase());
    if (!user) {
      // The same work as a wrong password, so timing does not tell which emails exist.
      await verifyPassword(password, DUMMY_HASH);
      fail('auth.bad_credentials', 'wrong email or password');
    }
    if (user.lockedUntil !== null && user.lockedUntil > now) throw lockedOut(user.lockedUntil);
    if (!(await verifyPassword(password, user.passwordHash))) {
      const failures = (user.lockedUntil !== null ? 0 : user.failedSignIns) + 1;
      const lockedUntil = failures >= SIGN_IN_ATTEMPTS ? now + LOCKOUT_MS : null;
      await this.store.consoleUsers.recordFailure(user.id, lockedUntil ? 0 : failures, lockedUntil);
      if (lockedUntil) throw lockedOut(lockedUntil);
      fail('auth.bad_credentials', 'wrong email or password');
    }
    const token = randomHex(this.random, 32);
    const expiresAt = now + SESSION_MS;
    await this.store.transaction(async (store) => {
      await store.consoleUsers.recordSignIn(user.id, now);
      await store.consoleUsers.insertSession({
        tokenHash: tokenHash(token),
        userId: user.id,
        createdAt: now,
        expiresAt,
      });
    });
    return {
      user: { ...publicUser(user), lastSignInAt: now, lockedUntil: null },
      token,
      expiresAt,
    };
  }

  /** The user of a live session, or undefined. */
  async authenticate(token: string): Promise<ConsoleUser | undefined> {
    const user = await this.store.consoleUsers.sessionUser(tokenHash(token), this.clock.now());
    return user && publicUser(user);
  }

  async signOut(token: string): Promise<void> {
    await this.store.consoleUsers.deleteSession(tokenHash(token));
  }

  private async require(
    email: string,
    store: Pick<StoreSlice<'consoleUsers'>, 'consoleUsers'> = this.store,
  ): Promise<ConsoleUserRecord> {
    const user = await store.consoleUsers.byEmail(email.trim().toLowerCase());
    if (!user) fail('console.user_not_found', `no console user ${email}`);
    return user;
  }
}

const DUMMY_HASH =
  'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

/** The lockout answer; `until` tells the console when to try again. */
export class ConsoleLockedError extends DomainError {
  constructor(readonly until: number) {
    super('console.locked', 'too many failed sign-ins: try again later');
  }
}

function lockedOut(until: number): ConsoleLockedError {
  return new ConsoleLockedError(until);
}
