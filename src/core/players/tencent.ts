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

const PLAYER_CACHE_TTL_MS = 2_000;

/** Tencent identities of players: their per-app openids and the tokens they log in with. */
export class TencentIdentity {
  private readonly players: RecentCache<string, TencentPlayer>;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly random: Random,
  ) {
    this.players = new RecentCache(100_000, PLAYER_CACHE_TTL_MS, clock);
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
          appId,
          accountId,
          qqOpenid: randomHex(this.random, 16).toUpperCase(),
          wxOpenid: `o${this.random.bytes(20).toString('base64url')}`,
          guestid: `G_${randomHex(this.random, 16).toUpperCase()}`,
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
    const record = await this.store.tokens.byHash(tokenHash(token));
    if (!record || record.appId !== appId || !kinds.includes(record.kind as TencentTokenKind)) {
      fail('auth.bad_token', 'token is not valid in this app');
    }
    if (record.expiresAt !== null && record.expiresAt <= this.clock.now()) {
      fail('auth.token_expired', 'token expired');
    }
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
    const expiresAt = Math.min(
      (session.token.expiresAt ?? this.clock.now()) + OPENKEY_TTL_MS,
      session.token.createdAt + OPENKEY_MAX_AGE_MS,
    );
    await this.store.tokens.setExpiry(session.token.hash, expiresAt);
    return { ...session, token: { ...session.token, expiresAt } };
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
