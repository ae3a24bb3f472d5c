import type { Generated } from 'kysely';

/** Tables of the sharing domain: daily share counters, uploaded share images and free flow. */
export interface SharingTables {
  share_counters: ShareCountersTable;
  share_media: ShareMediaTable;
  freeflow_apps: FreeflowAppsTable;
  freeflow_players: FreeflowPlayersTable;
}

/**
 * How many shares a receiver got on `day` (the app's local date): from one sender, or from all
 * (sender_id 0). One row per pair holds the latest day only; a new day starts it over.
 */
export interface ShareCountersTable {
  app_id: string;
  receiver_id: number;
  sender_id: number;
  /** yyyy-MM-dd in the app's time zone. */
  day: string;
  count: number;
}

/** An image uploaded for shares (WeChat thumbnails). */
export interface ShareMediaTable {
  media_id: string;
  app_id: string;
  filename: string;
  content_type: string;
  data: Buffer;
  created_at: number;
}

/** An app's free-flow (zero-rated traffic) domains and IPs per carrier; no row: none. */
export interface FreeflowAppsTable {
  app_id: string;
  /** JSON arrays of domains or IPs. */
  unicom: string;
  telecom: string;
  mobile: string;
  expire_sec: number;
  updated_at: number;
}

/** A player's free-flow subscription; no row: not subscribed. */
export interface FreeflowPlayersTable {
  app_id: string;
  account_id: number;
  is_free: number;
  /** unicom | telecom | mobile */
  carrier: string;
  updated_at: number;
}

/** Tables of share images by share type and CDK code stock. */
export interface ShareCdkTables {
  share_images: ShareImagesTable;
  cdk_codes: CdkCodesTable;
  cdk_claims: CdkClaimsTable;
}

/** What an app's share of one type shows: an image (share_media) and its texts. */
export interface ShareImagesTable {
  app_id: string;
  share_type: string;
  /** null: no image yet. */
  media_id: string | null;
  title: string;
  subtitle: string;
  updated_at: number;
}

/** A CDK (redemption) code of an app's stock; claimed once, by one account. */
export interface CdkCodesTable {
  id: Generated<number>;
  app_id: string;
  cdk_type: string;
  code: string;
  loaded_at: number;
  claimed_by: number | null;
  claimed_at: number | null;
}

/** One claim per account, type and day (the app's local yyyy-MM-dd). */
export interface CdkClaimsTable {
  app_id: string;
  account_id: number;
  cdk_type: string;
  day: string;
  code_id: number;
  claimed_at: number;
}
