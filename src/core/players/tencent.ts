import { createHmac } from 'node:crypto';
import { RecentCache } from '../cache.js';
import { fail } from '../errors.js';
import type { Clock, Random } from '../runtime.js';
import { randomHex, tokenHash } from '../runtime.js';
import type { Store } from '../../store/store.js';
import type { TokenRecord } from '../../store/repos/tokens.js';
import type { TencentPlatform, TencentPlayer } from './types.js';
import { TENCENT_PLATFORM_BIT, tencentOpenid } from './types.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Token kinds of Tencent logins, and how long each lives. */
export const TENCENT_TOKEN = {
  qqOpenkey: 'tencent_qq_openkey',
  qqPayToken: 'tencent_qq_pay_token',
  wxAccess: 'tencent_wx_access',
  wxRefresh: 'tencent_wx_refresh',
  guestAccess: 'tencent_guest_access',
} as const;

export type TencentTokenKind = (typeof TENCENT_TOKEN)[keyof typeof TENCENT_TOKEN];

/** A QQ openkey lives 2 hours, and each verification adds 2 more, up to 90 days after login. */
export const OPENKEY_TTL_MS = 2 * HOUR_MS;
export const OPENKEY_MAX_AGE_MS = 90 * DAY_MS;
const TTL_MS: Record<TencentTokenKind, number> = {
  [TENCENT_TOKEN.qqOpenkey]: OPENKEY_TTL_MS,
  [TENCENT_TOKEN.qqPayToken]: 6 * DAY_MS,
  [TENCENT_TOKEN.wxAccess]: 2 * HOUR_MS,
  [TENCENT_TOKEN.wxRefresh]: 30 * DAY_MS,
  [TENCENT_TOKEN.guestAccess]: 30 * DAY_MS,
};

/** The token a platform's players present to game servers by default. */
export const ACCESS_TOKEN_KIND: Record<TencentPlatform, TencentTokenKind> = {
  qq: TENCENT_TOKEN.qqOpenkey,
  wx: TENCENT_TOKEN.wxAccess,
  guest: TENCENT_TOKEN.guestAccess,
};

/** Where a client's payment platform string (pf) says it came from. */
export interface PfSource {
  /** desktop_m_qq, desktop_m_wx or desktop_m_guest. */
  platform: string;
  regChannel: string;
  /** android or iap. */
  os: string;
  installChannel: string;
}

/** An openkey's expiry after `count` more extensions, capped at its maximum age. */
function extended(token: TokenRecord, count: number): number {
  return Math.min(
    (token.expiresAt ?? token.createdAt) + count * OPENKEY_TTL_MS,
    token.createdAt + OPENKEY_MAX_AGE_MS,
  );
}

/** pf as MSDK composes it: platform-regChannel-os-installChannel-plat-appid-openid. */
export function composePf(source: PfSource, plat: string, appid: string, openid: string): string {
  return [
    source.platform,
    source.regChannel,
    source.os,
    source.installChannel,
    plat,
    appid,
    openid,
  ].join('-');
}

/** pfkey: lowercase hex HMAC-MD5 of pf keyed with the app's appkey, so anyone holding it can check. */
export function pfKeyOf(appkey: string, pf: string): string {
  return createHmac('md5', appkey).update(pf).digest('hex');
}

/** Fresh random ids of an account in an app: a QQ openid, a WeChat openid and a guest id. */
function newTencentIds(
  random: Random,
  appId: string,
  accountId: number,
): Omit<TencentPlayer, 'platforms'> {
  return {
    appId,
    accountId,
    qqOpenid: randomHex(random, 16).toUpperCase(),
    wxOpenid: `o${random.bytes(20).toString('base64url')}`,
    guestid: `G_${randomHex(random, 16).toUpperCase()}`,
  };
}

export interface TencentTokens {
  /** QQ: openkey (also the accessToken), pay_token. WeChat: access_token, refresh_token. Guest: accessToken. */
  access: string;
  payToken?: string;
  refresh?: string;
}

export interface TencentLogin {
  platform: TencentPlatform;
  player: TencentPlayer;
  openid: string;
  tokens: TencentTokens;
}

export interface TencentSession {
  player: TencentPlayer;
  token: TokenRecord;
}

/**
 * Token records and players' ids only ever grow more valid (extensions, platform bits), and a
 * cached "no" is always re-read: a minute of caching cannot let anything wrong in.
 */
const CACHE_TTL_MS = 60_000;
/** How long openkey extensions wait in memory before they are written, batched. */
const EXTENSION_FLUSH_MS = 100;

/**
 * Tencent identities of players: their per-app openids and the tokens they log in with.
 *
 * verify_login is the hottest call a game server makes, and every success extends the openkey.
 * Token records are cached (a cached one is trusted to say yes; a no is re-read), and
 * extensions are counted in memory and written in one batch every 100 ms as relative
 * increments, so that processes sharing a database add up rather than overwrite. A crash loses
 * at most the last 100 ms of extensions: those players' openkeys end 2 hours early.
 */
export class TencentIdentity {
  private readonly players: RecentCache<string, TencentPlayer>;
  private readonly tokens: RecentCache<string, TokenRecord>;
  /** Openkey hash → extensions granted and not yet written. */
  private pendingExtensions = new Map<string, number>();
  private flushTimer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly random: Random,
  ) {
    this.players = new RecentCache(100_000, CACHE_TTL_MS, clock);
    this.tokens = new RecentCache(200_000, CACHE_TTL_MS, clock);
  }

  /** Gives the account its ids in the app (once) and fresh tokens of the platform. */
  async login(appId: string, accountId: number, platform: TencentPlatform): Promise<TencentLogin> {
    const now = this.clock.now();
    const tokens: TencentTokens = { access: this.tokenValue(platform) };
    const issued: [string, TencentTokenKind][] = [[tokens.access, ACCESS_TOKEN_KIND[platform]]];
    if (platform === 'qq') {
      tokens.payToken = randomHex(this.random, 16).toUpperCase();
      issued.push([tokens.payToken, TENCENT_TOKEN.qqPayToken]);
    } else if (platform === 'wx') {
      tokens.refresh = this.tokenValue('wx');
      issued.push([tokens.refresh, TENCENT_TOKEN.wxRefresh]);
    }
    const player = await this.store.transaction(async (store) => {
      const stored = await store.tencentPlayers.ensure(
        {
          ...newTencentIds(this.random, appId, accountId),
          platforms: TENCENT_PLATFORM_BIT[platform],
        },
        now,
      );
      for (const [value, kind] of issued) {
        await store.tokens.insert({
          hash: tokenHash(value),
          kind,
          appId,
          accountId,
          expiresAt: now + TTL_MS[kind],
          createdAt: now,
        });
      }
      return stored;
    });
    this.players.set(`${appId}:${accountId}`, player);
    return { platform, player, openid: tencentOpenid(player, platform), tokens };
  }

  /**
   * The player a token was issued to in the app, if it is one of `kinds` and still valid; when
   * `openid` is given it must be the holder's id on `platform`.
   */
  async authenticate(
    appId: string,
    platform: TencentPlatform,
    token: string,
    kinds: readonly TencentTokenKind[],
    openid?: string,
  ): Promise<TencentSession> {
    const hash = tokenHash(token);
    let record = this.tokens.get(hash);
    if (!record || this.expired(record)) {
      // Only a fresh read may say no: another process may have extended the token meanwhile.
      const found = await this.store.tokens.withTencentHolder(hash);
      record = found?.token;
      if (record) {
        const pending = this.pendingExtensions.get(hash) ?? 0;
        if (pending > 0) record = { ...record, expiresAt: extended(record, pending) };
        this.tokens.set(hash, record);
      }
      if (found?.player)
        this.players.set(`${found.player.appId}:${found.player.accountId}`, found.player);
    }
    if (!record || record.appId !== appId || !kinds.includes(record.kind as TencentTokenKind)) {
      fail('auth.bad_token', 'token is not valid in this app');
    }
    if (this.expired(record)) fail('auth.token_expired', 'token expired');
    const player = await this.playerOf(appId, record.accountId);
    if (openid !== undefined && tencentOpenid(player, platform) !== openid) {
      fail('auth.bad_token', 'token was not issued to this openid');
    }
    return { player, token: record };
  }

  /** Verifies a QQ openkey and extends it by 2 hours (at most 90 days after it was issued). */
  async verifyOpenkey(appId: string, openid: string, openkey: string): Promise<TencentSession> {
    const session = await this.authenticate(
      appId,
      'qq',
      openkey,
      [TENCENT_TOKEN.qqOpenkey],
      openid,
    );
    const token = { ...session.token, expiresAt: extended(session.token, 1) };
    this.tokens.set(token.hash, token);
    this.pendingExtensions.set(token.hash, (this.pendingExtensions.get(token.hash) ?? 0) + 1);
    this.flushTimer ??= setTimeout(() => void this.flush(), EXTENSION_FLUSH_MS).unref();
    return { ...session, token };
  }

  /** Writes the openkey extensions granted so far. */
  flush(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const batch = this.pendingExtensions;
    if (batch.size === 0) return this.flushing;
    this.pendingExtensions = new Map();
    const write = async () => {
      try {
        await this.store.tokens.extendExpiries(batch, OPENKEY_TTL_MS, OPENKEY_MAX_AGE_MS);
      } catch (error) {
        // Kept for the next flush rather than lost.
        for (const [hash, count] of batch) {
          this.pendingExtensions.set(hash, (this.pendingExtensions.get(hash) ?? 0) + count);
        }
        this.flushTimer ??= setTimeout(() => void this.flush(), EXTENSION_FLUSH_MS).unref();
        throw error;
      }
    };
    this.flushing = this.flushing.then(write, write);
    return this.flushing;
  }

  private expired(record: TokenRecord): boolean {
    return record.expiresAt !== null && record.expiresAt <= this.clock.now();
  }

  /** A fresh WeChat access_token for a valid refresh_token. */
  async refreshWx(appId: string, refreshToken: string): Promise<TencentLogin> {
    const { player } = await this.authenticate(appId, 'wx', refreshToken, [
      TENCENT_TOKEN.wxRefresh,
    ]);
    const now = this.clock.now();
    const access = this.tokenValue('wx');
    await this.store.tokens.insert({
      hash: tokenHash(access),
      kind: TENCENT_TOKEN.wxAccess,
      appId,
      accountId: player.accountId,
      expiresAt: now + TTL_MS[TENCENT_TOKEN.wxAccess],
      createdAt: now,
    });
    return {
      platform: 'wx',
      player,
      openid: player.wxOpenid,
      tokens: { access, refresh: refreshToken },
    };
  }

  async playerOf(appId: string, accountId: number): Promise<TencentPlayer> {
    const key = `${appId}:${accountId}`;
    const cached = this.players.get(key);
    if (cached) return cached;
    const player =
      (await this.store.tencentPlayers.byAccount(appId, accountId)) ??
      fail('player.not_found', 'the player has no Tencent ids in this app');
    this.players.set(key, player);
    return player;
  }

  /** The players of the app with these openids on `platform` (unknown ones are left out). */
  async byOpenids(
    appId: string,
    platform: TencentPlatform,
    openids: readonly string[],
  ): Promise<TencentPlayer[]> {
    return this.store.tencentPlayers.byOpenids(appId, platform, [...new Set(openids)]);
  }

  async byOpenid(appId: string, platform: TencentPlatform, openid: string): Promise<TencentPlayer> {
    const [player] = await this.byOpenids(appId, platform, [openid]);
    return player ?? fail('player.not_found', `no player ${openid} in this app`);
  }

  /**
   * The ids in the app of each of these accounts, made for those who have none yet without
   * marking them as playing on any platform (a friend is shown to a game before they join it).
   */
  async idsFor(appId: string, accountIds: readonly number[]): Promise<TencentPlayer[]> {
    const known = await this.store.tencentPlayers.byAccounts(appId, accountIds);
    const have = new Set(known.map((p) => p.accountId));
    const now = this.clock.now();
    const made = [];
    for (const accountId of new Set(accountIds)) {
      if (have.has(accountId)) continue;
      made.push(
        await this.store.tencentPlayers.ensure(
          { ...newTencentIds(this.random, appId, accountId), platforms: 0 },
          now,
        ),
      );
    }
    return [...known, ...made];
  }

  /** The players of the app among these accounts. */
  byAccounts(appId: string, accountIds: readonly number[]): Promise<TencentPlayer[]> {
    return this.store.tencentPlayers.byAccounts(appId, accountIds);
  }

  private tokenValue(platform: TencentPlatform): string {
    // QQ's tokens are 32 uppercase hex digits; WeChat's (and guests') long URL-safe strings.
    return platform === 'qq'
      ? randomHex(this.random, 16).toUpperCase()
      : this.random.bytes(60).toString('base64url');
  }
}
