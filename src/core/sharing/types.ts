/** A share to the receiver's inbox: what the sender's game put in it, by kind. */
export type Share = QqShare | WechatShare | WechatLink;

/** A QQ game-center message (送心, 邀请, 超越, PVP). */
export interface QqShare {
  kind: 'qq_share';
  title: string;
  summary: string;
  /** '' when none. */
  previewText: string;
  imageUrl: string;
  targetUrl: string;
  gameTag: string;
}

/** A WeChat app message: opens the game with `extinfo`. */
export interface WechatShare {
  kind: 'wx_share';
  title: string;
  description: string;
  extinfo: string;
  mediaTagName: string;
  /** An uploaded image of the app, or '' for the app's icon. */
  thumbMediaId: string;
}

/** A WeChat link message. */
export interface WechatLink {
  kind: 'wx_link';
  title: string;
  description: string;
  url: string;
  thumbUrl: string;
}

export const SHARE_LIMITS = {
  /** QQ shares one player may receive in an app per day (the app's local day), from anyone. */
  receivedDaily: 5,
  /** ... and from one sender. */
  receivedDailyFromOne: 3,
  /** Bytes of an uploaded share image. */
  mediaBytes: 64 * 1024,
  /** Code points of a share's inbox message: the longest fields, JSON-escaped, fit. */
  contentLength: 32_768,
} as const;

/** An image uploaded for shares. */
export interface ShareMedia {
  mediaId: string;
  appId: string;
  filename: string;
  contentType: string;
  data: Buffer;
  createdAt: number;
}

/** Mobile carriers of mainland China that sell free-flow (免流) plans. */
export type Carrier = 'unicom' | 'telecom' | 'mobile';

export const CARRIERS: readonly Carrier[] = ['unicom', 'telecom', 'mobile'];

/** What an app's traffic goes through, per carrier, when a player's plan makes it free. */
export interface FreeflowSettings {
  /** Domains or IPs, per carrier. */
  hosts: Record<Carrier, string[]>;
  /** How long a game may keep the answer, seconds. */
  expireSec: number;
}

/** A player's free-flow plan. */
export interface FreeflowPlan {
  isFree: boolean;
  carrier: Carrier;
}

export const FREEFLOW_LIMITS = {
  hostsPerCarrier: 500,
  hostLength: 253,
  maxExpireSec: 30 * 86_400,
  defaultExpireSec: 3_600,
} as const;

/** Where an IP address is, as far as the IP database knows; '' for anything unknown. */
export interface IpLocation {
  country: string;
  province: string;
  city: string;
  district: string;
  /** The network operator (电信, 联通, 移动, ...). */
  isp: string;
  /** The school, organisation or gateway the address belongs to. */
  extend: string;
}

/** An IP database (see providers/geoip). */
export interface IpLocator {
  /** A public address in canonical form; undefined when the database has nothing. */
  locate(address: string, family: 4 | 6): Promise<IpLocation | undefined>;
}
