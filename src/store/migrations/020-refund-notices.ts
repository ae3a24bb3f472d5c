import type { MigrationContext } from './helpers.js';

/** The outbox kind that tells the game server an order was refunded (NULL: no refund notice). */
export async function up({ db }: MigrationContext): Promise<void> {
  await db.schema.alterTable('orders').addColumn('refund_notice_kind', 'text').execute();
}
