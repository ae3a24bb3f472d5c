export type AccountKind = 'guest' | 'password';

export type Sex = 'M' | 'F' | '';

/** Momo regstate: 1 one-tap login, 2 one-tap with a bound phone, 3 fully registered. */
export const REGSTATE_GUEST = 1;
export const REGSTATE_REGISTERED = 3;

export interface Location {
  lat: number;
  lng: number;
  /** Unix ms of the last location report. */
  at: number;
}

export interface Account {
  id: number;
  publicId: string;
  kind: AccountKind;
  name: string;
  sex: Sex;
  birthday: string | null;
  photos: string[];
  sign: string;
  areaId: number | null;
  location: Location | null;
  regstate: number;
  vip: number;
  isSpam: boolean;
  profileVersion: number;
  createdAt: number;
}

/** An account as seen by one app: the app's own stable ids for it. */
export interface AppPlayer {
  appId: string;
  accountId: number;
  momoUserid: string;
}

export interface ProfileChanges {
  name?: string;
  sex?: Sex;
  birthday?: string | null;
  photos?: string[];
  sign?: string;
  areaId?: number | null;
  location?: { lat: number; lng: number } | null;
}

export interface PlatformAttributes {
  vip?: number;
  regstate?: number;
  isSpam?: boolean;
}

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
