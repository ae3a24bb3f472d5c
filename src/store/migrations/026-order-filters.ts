import type { MigrationContext } from './helpers.js';

/** Lets operators list one player's orders in an app, newest first, without scanning the app's. */
export async function up({ db }: MigrationContext): Promise<void> {
  await db.schema
    .createIndex('orders_app_account_created')
    .on('orders')
    .columns(['app_id', 'account_id', 'created_at'])
    .execute();
}
