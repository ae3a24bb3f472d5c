import type { MigrationContext } from './helpers.js';

/**
 * The outbox kind that notifies an order's payment (NULL: order.paid), what a game names with its order (server, game coins, package, its channel, pass-through text),
 * the store purchase that paid it (one purchase pays one order, ever), and the app order numbers
 * an app keeps unique (NULL for the apps that do not: NULLs never collide).
 */
export async function up({ db }: MigrationContext): Promise<void> {
  for (const column of ['server_id', 'game_money', 'game_good_id'] as const) {
    await db.schema.alterTable('orders').addColumn(column, 'bigint').execute();
  }
  for (const column of [
    'channel_name',
    'pass_through',
    'purchase_store',
    'purchase_key',
    'unique_app_order_no',
    'notify_kind',
  ] as const) {
    await db.schema.alterTable('orders').addColumn(column, 'text').execute();
  }
  await db.schema
    .createIndex('orders_purchase')
    .on('orders')
    .columns(['purchase_store', 'purchase_key'])
    .unique()
    .execute();
  await db.schema
    .createIndex('orders_app_order_no')
    .on('orders')
    .columns(['app_id', 'unique_app_order_no'])
    .unique()
    .execute();
}
