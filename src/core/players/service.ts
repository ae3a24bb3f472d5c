import type { AnalyticsService } from '../analytics/service.js';
import type { AppService } from '../apps/service.js';
import { DomainError, fail } from '../errors.js';
import type { Clock, Random } from '../runtime.js';
import { randomHex, randomId, tokenHash } from '../runtime.js';
import type { TokenKind } from '../identity/types.js';
import type { Store } from '../../store/store.js';
import { areaOfCode } from './areas.js';
import { parseBirthday } from './birthday.js';
import { geohashOf } from './geo.js';
import type { PlayerDirectory } from './directory.js';
import type { Granted, Grants } from '../identity/grants.js';
import type { IdentityRegistry } from '../identity/registry.js';
import type { TokenService } from '../identity/tokens.js';
import {
  PASSWORD_MAX,
  PASSWORD_MIN,
  isAcceptablePassword,
  isEmailAddress,
  normalizedEmail,
} from './credentials.js';
import { hashPassword, verifyPassword } from './passwords.js';
import type { Account, AppPlayer, PlatformAttributes, ProfileChanges } from './types.js';
import { REGSTATE_GUEST, REGSTATE_REGISTERED, banInForce } from './types.js';

const HOUR_MS = 3_600_000;

/** The native client API's own token: a player's session in one app. */
export const SESSION_TOKEN: TokenKind = {
  name: 'session',
  ttlMs: 30 * 24 * HOUR_MS,
  authorises: 'the native client API, as the player, in one app',
  mint: (random) => randomHex(random, 32),
};

export interface LoginResult {
  account: Account;
  player: AppPlayer;
  sessionToken: string;
  /** Per dialect, the ids and tokens its login grant gave. */
  granted: Record<string, Granted>;
}

/** Told when a player moves to another city, so city leaderboards follow (same transaction). */
export interface AreaFollower {
  relocate(store: Store, accountId: number, areaId: number | null): Promise<() => Promise<void>>;
}

const MAX_DEVICE_ID = 128;

export class PlayerService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly areaFollower: AreaFollower,
    private readonly directory: PlayerDirectory,
    private readonly tokens: TokenService,
    private readonly grants: Grants,
    private readonly registry: IdentityRegistry,
    private readonly analytics: AnalyticsService,
    private readonly apps: Pick<AppService, 'get'>,
  ) {}

  async loginGuest(appId: string, deviceId: string): Promise<LoginResult> {
    if (!deviceId || deviceId.length > MAX_DEVICE_ID)
      fail('invalid_argument', 'device_id is required (at most 128 characters)');
    await this.requireApp(appId);
    const existing = await this.store.players.identity('device', deviceId);
    const accountId =
      existing?.accountId ?? (await this.createAccount('guest', 'device', deviceId, null));
    return this.issueLogin(appId, accountId);
  }

  async register(appId: string, email: string, password: string): Promise<LoginResult> {
    const normalized = normalizedEmail(email);
    if (!isEmailAddress(normalized)) fail('invalid_argument', 'email is not an address');
    if (!isAcceptablePassword(password))
      fail('invalid_argument', `password must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters`);
    if (await this.store.players.identity('email', normalized))
      fail('player.exists', 'email already registered');
    await this.requireApp(appId);
    const secret = await hashPassword(password, this.random);
    const accountId = await this.createAccount('password', 'email', normalized, secret);
    return this.issueLogin(appId, accountId);
  }

  async loginPassword(appId: string, email: string, password: string): Promise<LoginResult> {
    await this.requireApp(appId);
    const identity = await this.store.players.identity('email', normalizedEmail(email));
    const ok = identity?.secretHash ? await verifyPassword(password, identity.secretHash) : false;
    if (!identity || !ok) fail('auth.bad_credentials', 'wrong email or password');
    return this.issueLogin(appId, identity.accountId);
  }

  /** The app and account a client session token belongs to. */
  async authenticateSession(token: string): Promise<{ appId: string; account: Account }> {
    const record = await this.store.tokens.byHash(tokenHash(token));
    if (!record || record.kind !== SESSION_TOKEN.name)
      fail('auth.bad_token', 'unknown session token');
    if (record.expiresAt !== null && record.expiresAt <= this.clock.now())
      fail('auth.token_expired', 'session expired');
    const account = await this.store.players.accountById(record.accountId);
    if (!account) fail('auth.bad_token', 'account gone');
    return { appId: record.appId, account };
  }

  /**
   * Checks a login token a dialect issued (one of `kinds`) and names its holder by their id in
   * the app's `namespace`: valid only when that id is `publicId`. The hottest check a game server
   * makes: answered from memory once the token, the id and the account are cached.
   */
  async checkLogin(
    appId: string,
    namespace: string,
    publicId: string,
    token: string,
    kinds: readonly string[],
  ): Promise<Account> {
    const found = await this.tokens.authenticate(appId, token, kinds).catch((error: unknown) => {
      if (error instanceof DomainError && error.code === 'auth.token_expired') {
        fail('auth.bad_token', 'token expired');
      }
      throw error;
    });
    const holder = await this.directory.accountIdKnownAs(appId, namespace, publicId);
    if (found.accountId !== holder) {
      fail('auth.bad_token', 'token is not valid for this player in this app');
    }
    return this.directory.account(found.accountId);
  }

  async updateProfile(accountId: number, changes: ProfileChanges): Promise<Account> {
    const next = await this.store.transaction(async (store) => {
      const account =
        (await store.players.accountById(accountId)) ?? fail('player.not_found', 'no such player');
      const updated = applyProfileChanges(account, changes, this.clock.now());
      await store.players.updateAccount(accountId, {
        ...updated,
        geohash: updated.location && geohashOf(updated.location.lat, updated.location.lng),
      });
      const afterCommit =
        updated.areaId !== account.areaId
          ? await this.areaFollower.relocate(store, accountId, updated.areaId)
          : undefined;
      return { updated, afterCommit };
    });
    await next.afterCommit?.();
    return next.updated;
  }

  /** Forgets tokens past their expiry; returns how many. */
  purgeExpiredTokens(): Promise<number> {
    return this.store.tokens.deleteExpired(this.clock.now());
  }

  async setAttributes(accountId: number, attributes: PlatformAttributes): Promise<Account> {
    const updated = await this.store.transaction(async (store) => {
      const account =
        (await store.players.accountById(accountId)) ?? fail('player.not_found', 'no such player');
      const updated: Account = {
        ...account,
        vip: attributes.vip ?? account.vip,
        regstate: attributes.regstate ?? account.regstate,
        isSpam: attributes.isSpam ?? account.isSpam,
      };
      await store.players.updateAccount(accountId, {
        ...updated,
        geohash: account.location && geohashOf(account.location.lat, account.location.lng),
      });
      return updated;
    });
    return updated;
  }

  private async createAccount(
    kind: Account['kind'],
    provider: string,
    subject: string,
    secretHash: string | null,
  ): Promise<number> {
    try {
      return await this.newAccount(kind, (store, accountId) =>
        store.players.insertIdentity(provider, subject, accountId, secretHash, this.clock.now()),
      );
    } catch (error) {
      // A concurrent first login with the same identity won the race: use its account.
      const winner = await this.store.players.identity(provider, subject);
      if (winner && kind === 'guest') return winner.accountId;
      if (winner) throw new DomainError('player.exists', 'identity already registered');
      throw error;
    }
  }

  /**
   * Makes an account of `kind`; `attach` writes what identifies it (its first identity) in the
   * same transaction. Returns the account's id.
   */
  async newAccount(
    kind: Account['kind'],
    attach: (store: Store, accountId: number) => Promise<void>,
  ): Promise<number> {
    return this.store.transaction(async (store) => {
      const account = await store.players.insertAccount({
        publicId: `p_${randomId(this.random, 16)}`,
        kind,
        name: '',
        sex: '',
        birthday: null,
        photos: [],
        sign: '',
        areaId: null,
        location: null,
        geohash: null,
        regstate: kind === 'guest' ? REGSTATE_GUEST : REGSTATE_REGISTERED,
        vip: 0,
        isSpam: false,
        profileVersion: 1,
        createdAt: this.clock.now(),
      });
      await attach(store, account.id);
      return account.id;
    });
  }

  /** Checked before any account is created, so a login to a wrong app leaves nothing behind. */
  private async requireApp(appId: string): Promise<void> {
    await this.apps.get(appId);
  }

  /** Logs the account in to the app: a session, and every dialect's login grant. */
  async issueLogin(appId: string, accountId: number): Promise<LoginResult> {
    const now = this.clock.now();
    const player = { appId, accountId };
    const today = await this.analytics.today(appId);
    const { sessionToken, granted } = await this.store.transaction(async (store) => {
      const joined = await store.players.insertAppPlayer(player, now);
      if (banInForce(await store.players.banOf(accountId), now))
        fail('player.banned', 'the player is banned');
      await this.analytics.countLogin(store, appId, today, accountId, joined);
      const issued = await this.tokens.issue(appId, accountId, [SESSION_TOKEN.name], store);
      const granted: Record<string, Granted> = {};
      for (const [dialect, grant] of this.registry.grantsAtLogin()) {
        granted[dialect] = await this.grants.grantIn(store, appId, accountId, grant);
      }
      return { sessionToken: issued[SESSION_TOKEN.name] ?? '', granted };
    });
    return { account: await this.directory.account(accountId), player, sessionToken, granted };
  }
}

function applyProfileChanges(account: Account, changes: ProfileChanges, now: number): Account {
  const updated: Account = { ...account, profileVersion: account.profileVersion + 1 };
  if (changes.name !== undefined) {
    if (changes.name.length > 64) fail('invalid_argument', 'name is longer than 64 characters');
    updated.name = changes.name;
  }
  if (changes.sex !== undefined) updated.sex = changes.sex;
  if (changes.birthday !== undefined) {
    if (
      changes.birthday !== null &&
      (!parseBirthday(changes.birthday) || new Date(changes.birthday).getTime() > now)
    ) {
      fail('invalid_argument', 'birthday must be a past date YYYY-MM-DD');
    }
    updated.birthday = changes.birthday;
  }
  if (changes.photos !== undefined) {
    if (changes.photos.length > 16 || changes.photos.some((p) => !p || p.length > 64)) {
      fail('invalid_argument', 'photos: at most 16 ids of 1 to 64 characters');
    }
    updated.photos = changes.photos;
  }
  if (changes.sign !== undefined) {
    if (changes.sign.length > 512) fail('invalid_argument', 'sign is longer than 512 characters');
    updated.sign = changes.sign;
  }
  if (changes.areaId !== undefined) updated.areaId = changes.areaId;
  if (changes.location !== undefined) {
    const loc = changes.location;
    if (loc && (!(Math.abs(loc.lat) <= 90) || !(Math.abs(loc.lng) <= 180))) {
      fail('invalid_argument', 'lat must be within ±90 and lng within ±180');
    }
    updated.location = loc && { lat: loc.lat, lng: loc.lng, at: now };
  }
  return updated;
}

/** Resolves a city code from a client ("110105", "0") to the area it belongs to. */
export function areaIdOfCode(code: string): number {
  return areaOfCode(code)?.id ?? fail('invalid_argument', `unknown city_code ${code}`);
}
