import { DateTime } from 'luxon';
import { dayOf } from '../achievements/calendar.js';
import type { AppService } from '../apps/service.js';
import type { App } from '../apps/types.js';
import { fail } from '../errors.js';
import type { Clock } from '../runtime.js';
import type { Store, StoreSlice } from '../../store/store.js';
import type {
  Acquisition,
  AnalyticsEvent,
  AppStats,
  DevicePlatform,
  DeviceReport,
  PlayerAcquisition,
  StatsRange,
} from './types.js';
import { DEVICE_PLATFORMS, MAX_STATS_DAYS } from './types.js';

/** The daily counters (analytics_daily.metric) and what their keys are. */
const METRIC = {
  /** Players active on the day. */
  active: 'active',
  /** Players who first joined the app on the day. */
  newPlayers: 'new',
  /** Players who joined on the day, by first channel: source, mainsource, subsource. */
  source: 'source',
  /** Events that happened on the day: main class, sub class. */
  event: 'event',
  /** Devices first reported on the day: platform, model. */
  model: 'model',
} as const;

const MAX_TEXT = 128;
const MAX_EXTRA_JSON = 4096;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** The days a stats query covers when not told where it starts. */
const DEFAULT_DAYS = 30;

function checkText(name: string, value: string, required = false): void {
  if (value.length > MAX_TEXT) fail('invalid_argument', `${name}: at most ${MAX_TEXT} characters`);
  if (required && value.length === 0) fail('invalid_argument', `${name} is required`);
}

function parseDay(name: string, value: string): DateTime {
  const day = DAY.test(value) ? DateTime.fromISO(value, { zone: 'UTC' }) : undefined;
  if (!day?.isValid) fail('invalid_argument', `${name} must be a date YYYY-MM-DD`);
  return day;
}

/**
 * What players' clients report for analytics — devices, events, acquisition channels — and the
 * stats operators read: daily active and new players, new players by channel, events by class,
 * device models. Each write also adds to daily counters (upserts in the same transaction), so a
 * stats query reads a few rows per day whatever the number of players or events. Days are the
 * app's calendar days (its time zone).
 */
export class AnalyticsService {
  constructor(
    private readonly store: StoreSlice<'analytics'>,
    private readonly clock: Clock,
    private readonly apps: AppService,
  ) {}

  /** Keeps the device's latest report; a device new to the app counts for its model today. */
  async recordDevice(app: App, device: DeviceReport): Promise<void> {
    if (!DEVICE_PLATFORMS.includes(device.platform))
      fail('invalid_argument', `platform must be ${DEVICE_PLATFORMS.join(' or ')}`);
    checkText('device id', device.deviceId, true);
    checkText('model', device.model);
    checkText('os version', device.osVersion);
    const extra = JSON.stringify(device.extra ?? {});
    if (extra.length > MAX_EXTRA_JSON)
      fail('invalid_argument', `device details: at most ${MAX_EXTRA_JSON} characters of JSON`);
    const now = this.clock.now();
    await this.store.transaction(async (store) => {
      const isNew = await store.analytics.upsertDevice({
        app_id: app.id,
        platform: device.platform,
        device_id: device.deviceId,
        account_id: device.accountId ?? null,
        model: device.model,
        os_version: device.osVersion,
        extra,
        last_seen_at: now,
      });
      if (isNew) {
        await store.analytics.bump(app.id, METRIC.model, this.day(app, now), [
          device.platform,
          device.model,
        ]);
      }
    });
  }

  /** Records the event, counted on the day it happened; its player is active today. */
  async recordEvent(app: App, event: AnalyticsEvent): Promise<void> {
    checkText('main class', event.mainClass, true);
    checkText('sub class', event.subClass);
    checkText('entry type', event.entryType);
    checkText('server id', event.serverId ?? '');
    checkText('device id', event.deviceId ?? '');
    if (!Number.isSafeInteger(event.at) || event.at < 0)
      fail('invalid_argument', 'event time must be unix milliseconds');
    const now = this.clock.now();
    await this.store.transaction(async (store) => {
      await store.analytics.insertEvent({
        app_id: app.id,
        account_id: event.accountId ?? null,
        main_class: event.mainClass,
        sub_class: event.subClass,
        entry_type: event.entryType,
        server_id: event.serverId ?? '',
        device_id: event.deviceId ?? '',
        at: event.at,
        recorded_at: now,
      });
      await store.analytics.bump(app.id, METRIC.event, this.day(app, event.at), [
        event.mainClass,
        event.subClass,
      ]);
      if (event.accountId != null)
        await this.markActiveIn(store, app.id, this.day(app, now), event.accountId);
    });
  }

  /**
   * Keeps the channel as the player's latest; the first one reported stays their first, and
   * counts them as a new player of that channel on the day they joined the app.
   */
  async recordAcquisition(app: App, accountId: number, channel: Acquisition): Promise<void> {
    checkText('source', channel.source, true);
    for (const [name, value] of Object.entries(channel)) checkText(name, value);
    const now = this.clock.now();
    await this.store.transaction(async (store) => {
      const first = await store.analytics.recordAcquisition(
        app.id,
        accountId,
        JSON.stringify(channel),
        now,
      );
      if (!first) return;
      const joined = (await store.analytics.joinedAt(app.id, accountId)) ?? now;
      await store.analytics.bump(app.id, METRIC.source, this.day(app, joined), [
        channel.source,
        channel.mainsource,
        channel.subsource,
      ]);
    });
  }

  async acquisitionOf(appId: string, accountId: number): Promise<PlayerAcquisition | undefined> {
    const row = await this.store.analytics.acquisition(appId, accountId);
    return (
      row && {
        first: JSON.parse(row.first) as Acquisition,
        firstAt: row.firstAt,
        latest: JSON.parse(row.latest) as Acquisition,
        latestAt: row.latestAt,
      }
    );
  }

  /** The player was active in the app today. */
  async markActive(app: App, accountId: number): Promise<void> {
    const day = this.day(app, this.clock.now());
    await this.store.transaction((store) => this.markActiveIn(store, app.id, day, accountId));
  }

  /** Today in the app's calendar (taken before a login's transaction, which counts it). */
  async today(appId: string): Promise<string> {
    return this.day(await this.apps.get(appId), this.clock.now());
  }

  /** A login on `day`: the player is active, and new to the app when `joined`. */
  async countLogin(
    store: Store,
    appId: string,
    day: string,
    accountId: number,
    joined: boolean,
  ): Promise<void> {
    if (joined) await store.analytics.bump(appId, METRIC.newPlayers, day, []);
    await this.markActiveIn(store, appId, day, accountId);
  }

  /**
   * The app's stats over the days of the range; without `to`, up to today; without `from`, the
   * 30 days up to `to`.
   */
  async stats(app: App, range: Partial<StatsRange> = {}): Promise<AppStats> {
    const to = parseDay('to', range.to ?? this.day(app, this.clock.now()));
    const from = range.from ? parseDay('from', range.from) : to.minus({ days: DEFAULT_DAYS - 1 });
    return this.statsOver(app, from, to);
  }

  private async statsOver(app: App, from: DateTime, to: DateTime): Promise<AppStats> {
    const range = { from: from.toISODate() ?? '', to: to.toISODate() ?? '' };
    const days = Math.round(to.diff(from, 'days').days) + 1;
    if (days < 1) fail('invalid_argument', 'from must not be after to');
    if (days > MAX_STATS_DAYS) fail('invalid_argument', `at most ${MAX_STATS_DAYS} days`);
    const read = (metric: string) =>
      this.store.analytics.daily(app.id, metric, range.from, range.to);
    const [active, joined, sources, events, models] = await Promise.all([
      read(METRIC.active),
      read(METRIC.newPlayers),
      read(METRIC.source),
      read(METRIC.event),
      this.store.analytics.totals(app.id, METRIC.model, range.from, range.to),
    ]);
    const byDay = (rows: { day: string; value: number }[]) =>
      new Map(rows.map((r) => [r.day, r.value]));
    const activeOn = byDay(active);
    const joinedOn = byDay(joined);
    return {
      from: range.from,
      to: range.to,
      days: Array.from({ length: days }, (_, i) => {
        const day = from.plus({ days: i }).toISODate() ?? '';
        return {
          day,
          activePlayers: activeOn.get(day) ?? 0,
          newPlayers: joinedOn.get(day) ?? 0,
        };
      }),
      newPlayersBySource: sources.map(({ day, keys: [source, mainsource, subsource], value }) => ({
        day,
        source,
        mainsource,
        subsource,
        players: value,
      })),
      events: events.map(({ day, keys: [mainClass, subClass], value }) => ({
        day,
        mainClass,
        subClass,
        events: value,
      })),
      deviceModels: models.map(({ keys: [platform, model], value }) => ({
        platform: platform as DevicePlatform,
        model,
        devices: value,
      })),
    };
  }

  private async markActiveIn(
    store: Store,
    appId: string,
    day: string,
    accountId: number,
  ): Promise<void> {
    if (await store.analytics.markActive(appId, day, accountId))
      await store.analytics.bump(appId, METRIC.active, day, []);
  }

  private day(app: App, at: number): string {
    return dayOf(at, app.settings.timezone);
  }
}
