import { createHmac } from 'node:crypto';
import type { IdNamespace, PublicId, TokenKind } from '../../../core/identity/types.js';
import type { Random } from '../../../core/runtime.js';
import { randomHex } from '../../../core/runtime.js';

/** The Tencent platforms an MSDK client logs in with. */
export type TencentPlatform = 'qq' | 'wx' | 'guest';

export const TENCENT_PLATFORMS: readonly TencentPlatform[] = ['qq', 'wx', 'guest'];

export const TENCENT_PLATFORM_BIT: Record<TencentPlatform, number> = { qq: 1, wx: 2, guest: 4 };

/** An account as Tencent's platforms show it to one app: its per-app ids there. */
export interface TencentPlayer {
  appId: string;
  accountId: number;
  /** 32 uppercase hex digits. */
  qqOpenid: string;
  /** `o` + 27 URL-safe characters, like WeChat's. */
  wxOpenid: string;
  /** `G_` + 32 uppercase hex digits. */
  guestid: string;
  /** Bit set of TENCENT_PLATFORM_BIT: the platforms the player logged in to the app with. */
  platforms: number;
}

/** The player's id on one platform. */
export function tencentOpenid(player: TencentPlayer, platform: TencentPlatform): string {
  if (platform === 'qq') return player.qqOpenid;
  if (platform === 'wx') return player.wxOpenid;
  return player.guestid;
}

/** The id namespace of each platform: a QQ openid, a WeChat openid and a guest id per app. */
export const TENCENT_NAMESPACE: Record<TencentPlatform, string> = {
  qq: 'msdk.qq_openid',
  wx: 'msdk.wx_openid',
  guest: 'msdk.guestid',
};

export const tencentNamespaces: readonly IdNamespace[] = [
  {
    name: TENCENT_NAMESPACE.qq,
    pattern: /^[0-9A-F]{32}$/,
    identifies: true,
    mint: (random) => randomHex(random, 16).toUpperCase(),
  },
  {
    name: TENCENT_NAMESPACE.wx,
    pattern: /^o[\w-]{27}$/,
    identifies: true,
    mint: (random) => `o${random.bytes(20).toString('base64url')}`,
  },
  {
    name: TENCENT_NAMESPACE.guest,
    pattern: /^G_[0-9A-F]{32}$/,
    mint: (random) => `G_${randomHex(random, 16).toUpperCase()}`,
  },
];

/** Builds the players of these ids (an account's three ids may come in any order). */
export function assembleTencentPlayers(ids: readonly PublicId[]): TencentPlayer[] {
  const byAccount = new Map<number, TencentPlayer>();
  for (const id of ids) {
    let player = byAccount.get(id.accountId);
    if (!player) {
      player = {
        appId: id.appId,
        accountId: id.accountId,
        qqOpenid: '',
        wxOpenid: '',
        guestid: '',
        platforms: 0,
      };
      byAccount.set(id.accountId, player);
    }
    const platform = TENCENT_PLATFORMS.find((p) => TENCENT_NAMESPACE[p] === id.namespace);
    if (!platform) continue;
    if (platform === 'qq') player.qqOpenid = id.id;
    else if (platform === 'wx') player.wxOpenid = id.id;
    else player.guestid = id.id;
    if (id.active) player.platforms |= TENCENT_PLATFORM_BIT[platform];
  }
  return [...byAccount.values()].filter((p) => p.qqOpenid && p.wxOpenid && p.guestid);
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Token kinds of Tencent logins (their names are stored with every token: never rename). */
export const TENCENT_TOKEN = {
  qqOpenkey: 'tencent_qq_openkey',
  qqPayToken: 'tencent_qq_pay_token',
  wxAccess: 'tencent_wx_access',
  wxRefresh: 'tencent_wx_refresh',
  guestAccess: 'tencent_guest_access',
} as const;

export type TencentTokenKind = (typeof TENCENT_TOKEN)[keyof typeof TENCENT_TOKEN];

/** QQ's tokens are 32 uppercase hex digits; WeChat's (and guests') long URL-safe strings. */
const qqToken = (random: Random) => randomHex(random, 16).toUpperCase();
const longToken = (random: Random) => random.bytes(60).toString('base64url');

export const tencentTokenKinds: readonly TokenKind[] = [
  {
    name: TENCENT_TOKEN.qqOpenkey,
    // Lives 2 hours, and each verification adds 2 more, up to 90 days after login.
    ttlMs: 2 * HOUR_MS,
    renewal: { stepMs: 2 * HOUR_MS, maxAgeMs: 90 * DAY_MS },
    authorises: 'QQ login (openkey, also the accessToken): verify_login and every QQ call',
    mint: qqToken,
  },
  {
    name: TENCENT_TOKEN.qqPayToken,
    ttlMs: 6 * DAY_MS,
    authorises: 'QQ payments (pay_token)',
    mint: qqToken,
  },
  {
    name: TENCENT_TOKEN.wxAccess,
    ttlMs: 2 * HOUR_MS,
    authorises: 'WeChat calls (access_token)',
    mint: longToken,
  },
  {
    name: TENCENT_TOKEN.wxRefresh,
    ttlMs: 30 * DAY_MS,
    authorises: 'a fresh WeChat access_token (refresh_token)',
    mint: longToken,
  },
  {
    name: TENCENT_TOKEN.guestAccess,
    ttlMs: 30 * DAY_MS,
    authorises: 'guest calls (accessToken)',
    mint: longToken,
  },
];

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
