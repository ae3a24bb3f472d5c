import type { MigrationContext } from './helpers.js';
import { withSerialId } from './helpers.js';

/**
 * Analytics: what players report (devices, events, acquisition channels), the days each player
 * was active, and daily rollups the stats read, kept up to date by each write.
 */
export async function up({ db, kind }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('analytics_devices')
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'bigint', (c) => c.references('accounts.id'))
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('os_version', 'text', (c) => c.notNull())
    .addColumn('extra', 'text', (c) => c.notNull())
    .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('analytics_devices_pk', ['app_id', 'platform', 'device_id'])
    .execute();

  // The raw event log: appended to, never searched by the stats (they read the rollups).
  await withSerialId(db.schema.createTable('analytics_events'), kind)
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('account_id', 'bigint', (c) => c.references('accounts.id'))
    .addColumn('main_class', 'text', (c) => c.notNull())
    .addColumn('sub_class', 'text', (c) => c.notNull())
    .addColumn('entry_type', 'text', (c) => c.notNull())
    .addColumn('server_id', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('recorded_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('analytics_acquisitions')
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id'))
    .addColumn('first', 'text', (c) => c.notNull())
    .addColumn('first_at', 'bigint', (c) => c.notNull())
    .addColumn('latest', 'text', (c) => c.notNull())
    .addColumn('latest_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('analytics_acquisitions_pk', ['app_id', 'account_id'])
    .execute();

  await db.schema
    .createTable('analytics_active_days')
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id'))
    .addPrimaryKeyConstraint('analytics_active_days_pk', ['app_id', 'day', 'account_id'])
    .execute();

  // One counter per app, metric, day and key: a stats query is a range scan of its primary key.
  await db.schema
    .createTable('analytics_daily')
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('key1', 'text', (c) => c.notNull())
    .addColumn('key2', 'text', (c) => c.notNull())
    .addColumn('key3', 'text', (c) => c.notNull())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('analytics_daily_pk', [
      'app_id',
      'metric',
      'day',
      'key1',
      'key2',
      'key3',
    ])
    .execute();
}
