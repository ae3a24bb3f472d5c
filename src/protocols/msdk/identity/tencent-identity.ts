import { fail } from '../../../core/errors.js';
import type { Grants } from '../../../core/identity/grants.js';
import type { PublicIds } from '../../../core/identity/public-ids.js';
import type { TokenService } from '../../../core/identity/tokens.js';
import type { PublicId, TokenRecord } from '../../../core/identity/types.js';
import type { TencentPlatform, TencentPlayer, TencentTokenKind } from './types.js';
import {
  TENCENT_NAMESPACE,
  TENCENT_PLATFORMS,
  TENCENT_TOKEN,
  assembleTencentPlayers,
  tencentOpenid,
} from './types.js';

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

/** The tokens a login on each platform gets, the access token first. */
const LOGIN_TOKENS: Record<TencentPlatform, readonly TencentTokenKind[]> = {
  qq: [TENCENT_TOKEN.qqOpenkey, TENCENT_TOKEN.qqPayToken],
  wx: [TENCENT_TOKEN.wxAccess, TENCENT_TOKEN.wxRefresh],
  guest: [TENCENT_TOKEN.guestAccess],
};

/**
 * Tencent identities of players, on core's generic ids and tokens: a player of an app has a QQ
 * openid, a WeChat openid and a guest id there (the three namespaces), active on the platforms
 * they logged in with, and the tokens of those platforms.
 */
export class TencentIdentity {
  /**
   * The player assembled from each list of ids PublicIds keeps: a change to the ids replaces the
   * list, so a player is never older than its ids.
   */
  private readonly players = new WeakMap<readonly PublicId[], TencentPlayer>();

  constructor(
    private readonly publicIds: PublicIds,
    private readonly tokens: TokenService,
    private readonly grants: Grants,
  ) {}

  /** Gives the account its ids in the app (once) and fresh tokens of the platform. */
  async login(appId: string, accountId: number, platform: TencentPlatform): Promise<TencentLogin> {
    const kinds = LOGIN_TOKENS[platform];
    const { ids, tokens } = await this.grants.grant(appId, accountId, {
      ids: TENCENT_PLATFORMS.map((p) => ({
        namespace: TENCENT_NAMESPACE[p],
        active: p === platform,
      })),
      tokenKinds: kinds,
    });
    const [player] = assembleTencentPlayers(ids);
    if (!player) throw new Error('tencent ids vanished');
    const [access, second] = kinds.map((kind) => tokens[kind] ?? '');
    const issued: TencentTokens = { access: access ?? '' };
    if (platform === 'qq') issued.payToken = second;
    if (platform === 'wx') issued.refresh = second;
    return { platform, player, openid: tencentOpenid(player, platform), tokens: issued };
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
    const record = await this.tokens.authenticate(appId, token, kinds);
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
    return { ...session, token: this.tokens.renew(session.token) };
  }

  /** A fresh WeChat access_token for a valid refresh_token. */
  async refreshWx(appId: string, refreshToken: string): Promise<TencentLogin> {
    const { player } = await this.authenticate(appId, 'wx', refreshToken, [
      TENCENT_TOKEN.wxRefresh,
    ]);
    const issued = await this.tokens.issue(appId, player.accountId, [TENCENT_TOKEN.wxAccess]);
    return {
      platform: 'wx',
      player,
      openid: player.wxOpenid,
      tokens: { access: issued[TENCENT_TOKEN.wxAccess] ?? '', refresh: refreshToken },
    };
  }

  async playerOf(appId: string, accountId: number): Promise<TencentPlayer> {
    const ids = await this.publicIds.ofAccount(appId, accountId);
    const cached = this.players.get(ids);
    if (cached) return cached;
    const [player] = assembleTencentPlayers(ids);
    if (!player) fail('player.not_found', 'the player has no Tencent ids in this app');
    this.players.set(ids, player);
    return player;
  }

  /** The players of the app with these openids on `platform` (unknown ones are left out). */
  async byOpenids(
    appId: string,
    platform: TencentPlatform,
    openids: readonly string[],
  ): Promise<TencentPlayer[]> {
    const found = await this.publicIds.recordsById(appId, TENCENT_NAMESPACE[platform], openids);
    return this.byAccounts(
      appId,
      found.map((id) => id.accountId),
    );
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
    const ids = await this.publicIds.ofAccounts(appId, accountIds);
    const have = new Set(ids.map((id) => `${id.accountId}:${id.namespace}`));
    for (const accountId of new Set(accountIds)) {
      for (const platform of TENCENT_PLATFORMS) {
        const namespace = TENCENT_NAMESPACE[platform];
        if (have.has(`${accountId}:${namespace}`)) continue;
        ids.push(await this.publicIds.ensure(appId, namespace, accountId, false));
      }
    }
    return assembleTencentPlayers(ids);
  }

  /** The players of the app among these accounts. */
  async byAccounts(appId: string, accountIds: readonly number[]): Promise<TencentPlayer[]> {
    return assembleTencentPlayers(await this.publicIds.ofAccounts(appId, accountIds));
  }
}
