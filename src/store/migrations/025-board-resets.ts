import type { MigrationContext } from './helpers.js';

/**
 * Board resets whose rank index entries may still be there: written in the transaction that
 * deletes the board's scores, removed once the index has the board again as the database has it.
 */
export async function up({ db }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('board_resets')
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('board', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('board_resets_pk', ['app_id', 'board'])
    .execute();
}
