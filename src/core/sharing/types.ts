/**
 * A share as core delivers it: to the player active in the app under `receiverId` of
 * `namespace`, the dialect's message in their inbox.
 */
export interface ShareDelivery {
  namespace: string;
  receiverId: string;
  /** Only to the sender or a friend of theirs (others: player.not_found). */
  friendsOnly: boolean;
  /** Counted against the receiver's daily limits. */
  dailyLimited: boolean;
  /** An uploaded image of the app the share shows ('' or absent: none). */
  mediaId?: string;
  /** The inbox message (as JSON) and its push text. */
  content: Record<string, string>;
  title: string;
}

export const SHARE_LIMITS = {
  /** Daily-limited shares one player may receive in an app per day (its local day), from anyone. */
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

/** What an app's share of one type shows: an image (perhaps none yet), a title and a subtitle. */
export interface ShareImage {
  appId: string;
  shareType: string;
  /** The share media shown; null: none yet. */
  mediaId: string | null;
  title: string;
  subtitle: string;
  updatedAt: number;
}

/** Share types and CDK types: short names such as `1`, `whatsapp`, `messenger`. */
export const SHARE_TYPE = /^[A-Za-z0-9_.-]{1,50}$/;

export const SHARE_IMAGE_LIMITS = {
  /** Bytes of a share image (games show it in WhatsApp, Messenger, ...). */
  imageBytes: 512 * 1024,
  titleLength: 200,
  subtitleLength: 500,
} as const;

/** A CDK (redemption) code: printable, no spaces. */
export const CDK_CODE = /^[^\s\p{C}]{1,128}$/u;

export const CDK_LIMITS = {
  /** Codes one load call takes (callers with more send them in batches). */
  codesPerLoad: 10_000,
} as const;

/** An app's stock of one CDK type. */
export interface CdkStock {
  type: string;
  total: number;
  /** Not yet claimed. */
  available: number;
  claimed: number;
}

export interface CdkLoadResult {
  /** New codes stored. */
  loaded: number;
  /** Codes the app had already (of any type), or repeated in the load: skipped. */
  duplicates: number;
}
