import type { Generated } from 'kysely';

/** Tables of analytics: reported devices, events and channels, active days, daily rollups. */
export interface AnalyticsTables {
  analytics_devices: AnalyticsDevicesTable;
  analytics_events: AnalyticsEventsTable;
  analytics_acquisitions: AnalyticsAcquisitionsTable;
  analytics_active_days: AnalyticsActiveDaysTable;
  analytics_daily: AnalyticsDailyTable;
}

/** A device of an app, as last reported. */
export interface AnalyticsDevicesTable {
  app_id: string;
  /** ios | android */
  platform: string;
  device_id: string;
  /** The player last seen on it; null when reported without one. */
  account_id: number | null;
  model: string;
  os_version: string;
  /** Whatever else was reported (JSON object of strings). */
  extra: string;
  first_seen_at: number;
  last_seen_at: number;
}

export interface AnalyticsEventsTable {
  id: Generated<number>;
  app_id: string;
  account_id: number | null;
  main_class: string;
  sub_class: string;
  entry_type: string;
  server_id: string;
  device_id: string;
  /** When it happened (as reported), unix ms. */
  at: number;
  recorded_at: number;
}

/** Where a player of an app came from: the first channel reported, and the latest. */
export interface AnalyticsAcquisitionsTable {
  app_id: string;
  account_id: number;
  /** JSON of the channel (source, mainsource, subsource, entry type/name/language). */
  first: string;
  first_at: number;
  latest: string;
  latest_at: number;
}

/** A day (yyyy-MM-dd in the app's time zone) on which the player was active in the app. */
export interface AnalyticsActiveDaysTable {
  app_id: string;
  day: string;
  account_id: number;
}

/** A counter of one metric of an app on a day, by up to three keys ('' when unused). */
export interface AnalyticsDailyTable {
  app_id: string;
  metric: string;
  day: string;
  key1: string;
  key2: string;
  key3: string;
  value: number;
}
