import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { AnalyticsDevicesTable, AnalyticsEventsTable } from '../tables/analytics.js';

/** A counter's keys: up to three, '' where unused. */
export type DailyKeys = readonly [string?, string?, string?];

export interface DailyCount {
  day: string;
  keys: [string, string, string];
  value: number;
}

export type DeviceRow = Omit<AnalyticsDevicesTable, 'first_seen_at'>;

/** Analytics rows and the daily counters kept beside them. */
export class AnalyticsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Adds `by` to the counter (made at `by` when new): one upsert, safe under concurrency. */
  async bump(appId: string, metric: string, day: string, keys: DailyKeys, by = 1): Promise<void> {
    await this.db
      .insertInto('analytics_daily')
      .values({
        app_id: appId,
        metric,
        day,
        key1: keys[0] ?? '',
        key2: keys[1] ?? '',
        key3: keys[2] ?? '',
        value: by,
      })
      .onConflict((oc) =>
        oc.columns(['app_id', 'metric', 'day', 'key1', 'key2', 'key3']).doUpdateSet((eb) => ({
          value: eb('analytics_daily.value', '+', eb.ref('excluded.value')),
        })),
      )
      .execute();
  }

  /** The counters of the metric over the days, in day order. */
  async daily(appId: string, metric: string, from: string, to: string): Promise<DailyCount[]> {
    const rows = await this.db
      .selectFrom('analytics_daily')
      .select(['day', 'key1', 'key2', 'key3', 'value'])
      .where('app_id', '=', appId)
      .where('metric', '=', metric)
      .where('day', '>=', from)
      .where('day', '<=', to)
      .orderBy('day')
      .orderBy('key1')
      .orderBy('key2')
      .orderBy('key3')
      .execute();
    return rows.map((r) => ({
      day: r.day,
      keys: [r.key1, r.key2, r.key3],
      value: Number(r.value),
    }));
  }

  /** The counters of the metric summed over the days, by their keys, largest first. */
  async totals(
    appId: string,
    metric: string,
    from: string,
    to: string,
  ): Promise<{ keys: [string, string, string]; value: number }[]> {
    const rows = await this.db
      .selectFrom('analytics_daily')
      .select((eb) => ['key1', 'key2', 'key3', eb.fn.sum<number | string>('value').as('total')])
      .where('app_id', '=', appId)
      .where('metric', '=', metric)
      .where('day', '>=', from)
      .where('day', '<=', to)
      .groupBy(['key1', 'key2', 'key3'])
      .orderBy('total', 'desc')
      .orderBy('key1')
      .orderBy('key2')
      .orderBy('key3')
      .execute();
    return rows.map((r) => ({ keys: [r.key1, r.key2, r.key3], value: Number(r.total) }));
  }

  /** Records the player active on the day; true when it was not yet. */
  async markActive(appId: string, day: string, accountId: number): Promise<boolean> {
    const inserted = await this.db
      .insertInto('analytics_active_days')
      .values({ app_id: appId, day, account_id: accountId })
      .onConflict((oc) => oc.doNothing())
      .returning('account_id')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  /** Keeps the device's latest report; true when the device is new to the app. */
  async upsertDevice(device: DeviceRow): Promise<boolean> {
    const inserted = await this.db
      .insertInto('analytics_devices')
      .values({ ...device, first_seen_at: device.last_seen_at })
      .onConflict((oc) => oc.doNothing())
      .returning('device_id')
      .executeTakeFirst();
    if (inserted) return true;
    await this.db
      .updateTable('analytics_devices')
      .set((eb) => ({
        model: device.model,
        os_version: device.os_version,
        extra: device.extra,
        last_seen_at: device.last_seen_at,
        account_id: eb.fn.coalesce(eb.val(device.account_id), eb.ref('account_id')),
      }))
      .where('app_id', '=', device.app_id)
      .where('platform', '=', device.platform)
      .where('device_id', '=', device.device_id)
      .execute();
    return false;
  }

  async insertEvent(event: Omit<AnalyticsEventsTable, 'id'>): Promise<void> {
    await this.db.insertInto('analytics_events').values(event).execute();
  }

  /**
   * Keeps the channel as the player's latest, and as their first when they have none yet;
   * true when it is their first.
   */
  async recordAcquisition(
    appId: string,
    accountId: number,
    channel: string,
    at: number,
  ): Promise<boolean> {
    const inserted = await this.db
      .insertInto('analytics_acquisitions')
      .values({
        app_id: appId,
        account_id: accountId,
        first: channel,
        first_at: at,
        latest: channel,
        latest_at: at,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('account_id')
      .executeTakeFirst();
    if (inserted) return true;
    await this.db
      .updateTable('analytics_acquisitions')
      .set({ latest: channel, latest_at: at })
      .where('app_id', '=', appId)
      .where('account_id', '=', accountId)
      .execute();
    return false;
  }

  async acquisition(
    appId: string,
    accountId: number,
  ): Promise<{ first: string; firstAt: number; latest: string; latestAt: number } | undefined> {
    const row = await this.db
      .selectFrom('analytics_acquisitions')
      .select(['first', 'first_at', 'latest', 'latest_at'])
      .where('app_id', '=', appId)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return (
      row && {
        first: row.first,
        firstAt: row.first_at,
        latest: row.latest,
        latestAt: row.latest_at,
      }
    );
  }

  /** When the account first joined the app (unix ms); undefined when it never did. */
  async joinedAt(appId: string, accountId: number): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('app_players')
      .select('created_at')
      .where('app_id', '=', appId)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return row?.created_at;
  }
}
