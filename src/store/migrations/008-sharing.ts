import type { MigrationContext } from './helpers.js';

/** Daily share counters, share images and free-flow settings. */
export async function up({ db, kind }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('share_counters')
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('receiver_id', 'bigint', (c) => c.notNull())
    .addColumn('sender_id', 'bigint', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('share_counters_pk', ['app_id', 'receiver_id', 'sender_id'])
    .execute();

  await db.schema
    .createTable('share_media')
    .addColumn('media_id', 'text', (c) => c.primaryKey())
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('data', kind === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('freeflow_apps')
    .addColumn('app_id', 'text', (c) => c.primaryKey().references('apps.id'))
    .addColumn('unicom', 'text', (c) => c.notNull())
    .addColumn('telecom', 'text', (c) => c.notNull())
    .addColumn('mobile', 'text', (c) => c.notNull())
    .addColumn('expire_sec', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('freeflow_players')
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id'))
    .addColumn('is_free', 'integer', (c) => c.notNull())
    .addColumn('carrier', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('freeflow_players_pk', ['app_id', 'account_id'])
    .execute();
}
