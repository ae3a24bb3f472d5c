export type DevicePlatform = 'ios' | 'android';

export const DEVICE_PLATFORMS: readonly DevicePlatform[] = ['ios', 'android'];

/** A device as a client reports it. */
export interface DeviceReport {
  platform: DevicePlatform;
  deviceId: string;
  model: string;
  osVersion: string;
  /** The player on it, when the report names one. */
  accountId?: number | null;
  /** Whatever else the report carries (carrier, screen, user agent ...). */
  extra?: Readonly<Record<string, string>>;
}

/** Something a player did that the game counts (a tutorial step, a shop visit ...). */
export interface AnalyticsEvent {
  mainClass: string;
  subClass: string;
  entryType: string;
  /** When it happened, unix ms. */
  at: number;
  accountId?: number | null;
  serverId?: string;
  deviceId?: string;
}

/** Where a player came from: the download source and the entry's channels. */
export interface Acquisition {
  source: string;
  mainsource: string;
  subsource: string;
  entryType: string;
  entryName: string;
  entryLang: string;
}

export interface PlayerAcquisition {
  first: Acquisition;
  firstAt: number;
  latest: Acquisition;
  latestAt: number;
}

/** Days of an app's calendar, yyyy-MM-dd, both ends included. */
export interface StatsRange {
  from: string;
  to: string;
}

export interface AppStats {
  from: string;
  to: string;
  /** Every day of the range, with its active and new players (0 when none). */
  days: { day: string; activePlayers: number; newPlayers: number }[];
  /** New players by the channel they first came from, per day (days without any left out). */
  newPlayersBySource: {
    day: string;
    source: string;
    mainsource: string;
    subsource: string;
    players: number;
  }[];
  /** Events per main and sub class, per day (the day the event happened). */
  events: { day: string; mainClass: string; subClass: string; events: number }[];
  /** Devices first reported in the range, by platform and model, most first. */
  deviceModels: { platform: DevicePlatform; model: string; devices: number }[];
}

/** The longest range a stats query covers. */
export const MAX_STATS_DAYS = 366;
