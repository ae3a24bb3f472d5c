import type { MigrationContext } from './helpers.js';
import { withSerialId } from './helpers.js';

/** Achievement reports (with the daily games they count), battle reports and subscriptions. */
export async function up({ db, kind }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('achievement_reports')
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id'))
    .addColumn('kind', 'integer', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('num', 'double precision')
    .addColumn('expires_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('achievement_reports_pk', ['app_id', 'account_id', 'kind'])
    .execute();

  await db.schema
    .createTable('achievement_days')
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('games', 'integer', (c) => c.notNull())
    .addColumn('best', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('achievement_days_pk', ['app_id', 'account_id', 'day'])
    .execute();

  await db.schema
    .createTable('report_profiles')
    .addColumn('app_id', 'text', (c) => c.primaryKey().references('apps.id'))
    .addColumn('require_platform', 'integer', (c) => c.notNull())
    .addColumn('multi_mode', 'integer', (c) => c.notNull())
    .addColumn('multi_zone', 'integer', (c) => c.notNull())
    .addColumn('first_report_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('battle_reports')
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id'))
    .addColumn('report', 'text', (c) => c.notNull())
    .addColumn('best_score', 'double precision')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('battle_reports_pk', ['app_id', 'account_id'])
    .execute();

  await withSerialId(db.schema.createTable('subscription_templates'), kind)
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('subscription_templates_app')
    .on('subscription_templates')
    .columns(['app_id', 'id'])
    .execute();

  // Walked by template in account order (push, clear) and probed per player (the list).
  await db.schema
    .createTable('subscriptions')
    .addColumn('template_id', 'bigint', (c) =>
      c.notNull().references('subscription_templates.id').onDelete('cascade'),
    )
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('subscriptions_pk', ['template_id', 'account_id'])
    .execute();
}
