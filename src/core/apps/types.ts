export type BoardOperator = 'set' | 'best' | 'increment';

export const BOARD_OPERATORS: readonly BoardOperator[] = ['set', 'best', 'increment'];

export interface EmotionConfig {
  id: string;
  name: string;
}

export interface AppSettings {
  /** Radius of the nearby leaderboard, metres. */
  nearbyRadiusM: number;
  /** The emotion (sticker) the game may present to players; null: not configured. */
  emotion: EmotionConfig | null;
  /** Sandbox mode: the client may complete sandbox orders itself (no real payment). */
  sandbox: boolean;
  /** Where Momo pay notifications are POSTed; null: not configured (they wait and retry). */
  momoNotifyUrl: string | null;
  /** `encrypt_type` of Momo pay notifications: RSA (SHA-1) or RSA2 (SHA-256). */
  momoNotifySignType: NotifySignType;
  /** Whether the game server may download daily bills (Momo trade/historybill). */
  billExport: boolean;
  /** IANA time zone of the app's business day (bills, trade numbers). */
  timezone: string;
  /** Which APNs the uploaded certificate is for. */
  apnsEnvironment: ApnsEnvironment;
  /**
   * How far (seconds) an MSDK call's `timestamp` may be from now; null: not checked (the
   * default, as real clients send seconds, milliseconds or yyyyMMddHHmmss).
   */
  msdkTimestampWindowSec: number | null;
}

export type NotifySignType = 'RSA' | 'RSA2';
export type ApnsEnvironment = 'production' | 'sandbox';

export const DEFAULT_APP_SETTINGS: AppSettings = {
  nearbyRadiusM: 10_000,
  emotion: null,
  sandbox: false,
  momoNotifyUrl: null,
  momoNotifySignType: 'RSA',
  billExport: false,
  timezone: 'Asia/Shanghai',
  apnsEnvironment: 'production',
  msdkTimestampWindowSec: null,
};

/** True for a time zone name the runtime knows (Asia/Shanghai, UTC, ...). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** How an app is known to Tencent MSDK clients and game servers. */
export interface MsdkCredentials {
  /** Numeric QQ appid; guests use `G_` + it. */
  qqAppid: string;
  /** WeChat appid, `wx` + 16 hex digits. */
  wxAppid: string;
  /** Signs `sig` for encode=1. */
  appkey: string;
  /** Signs `sig` for encode=2. */
  msdkkey: string;
}

/** The guest appid of an app: `G_` + its QQ appid. */
export function guestAppid(msdk: MsdkCredentials): string {
  return `G_${msdk.qqAppid}`;
}

export interface App {
  id: string;
  name: string;
  momo: { appid: string; appSecret: string };
  msdk: MsdkCredentials;
  settings: AppSettings;
  createdAt: number;
  updatedAt: number;
}
