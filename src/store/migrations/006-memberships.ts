import type { MigrationContext } from './helpers.js';
import { withSerialId } from './helpers.js';

/** Platform attributes of players (VIP memberships, levels, flags) and their gift packs. */
export async function up({ db, kind }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('player_attributes')
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id'))
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('player_attributes_pk', ['app_id', 'account_id'])
    .execute();

  await withSerialId(db.schema.createTable('gift_packs'), kind)
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id'))
    .addColumn('gift_id', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('gift_packs_player')
    .on('gift_packs')
    .columns(['app_id', 'account_id', 'id'])
    .execute();
}
