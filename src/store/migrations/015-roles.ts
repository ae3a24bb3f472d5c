import type { MigrationContext } from './helpers.js';
import { withSerialId } from './helpers.js';

/** Players' roles per game server (latest state and history of changes) and chosen servers. */
export async function up({ db, kind }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('roles')
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id'))
    .addColumn('server_id', 'bigint', (c) => c.notNull())
    .addColumn('role_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('level', 'bigint', (c) => c.notNull())
    .addColumn('power', 'bigint', (c) => c.notNull())
    .addColumn('vip', 'bigint', (c) => c.notNull())
    .addColumn('reported_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('roles_pk', ['app_id', 'account_id', 'server_id'])
    .execute();

  await withSerialId(db.schema.createTable('role_changes'), kind)
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id'))
    .addColumn('server_id', 'bigint', (c) => c.notNull())
    .addColumn('role_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('level', 'bigint', (c) => c.notNull())
    .addColumn('power', 'bigint', (c) => c.notNull())
    .addColumn('vip', 'bigint', (c) => c.notNull())
    .addColumn('reported_at', 'bigint', (c) => c.notNull())
    .addColumn('recorded_at', 'bigint', (c) => c.notNull())
    .execute();
  // A player's history (on one server or all), in order, without a scan of the app's.
  await db.schema
    .createIndex('role_changes_of_player')
    .on('role_changes')
    .columns(['app_id', 'account_id', 'id'])
    .execute();

  await db.schema
    .createTable('server_choices')
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id'))
    .addColumn('server_id', 'bigint', (c) => c.notNull())
    .addColumn('entry_type', 'text', (c) => c.notNull())
    .addColumn('entry_name', 'text', (c) => c.notNull())
    .addColumn('entry_lang', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('main_source', 'text', (c) => c.notNull())
    .addColumn('sub_source', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('chosen_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('server_choices_pk', ['app_id', 'account_id'])
    .execute();
}
