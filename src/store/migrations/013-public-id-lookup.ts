import type { MigrationContext } from './helpers.js';

/**
 * Public ids looked up without knowing the app: a dialect whose calls name a player's id but not
 * the app (an xcloud uid) finds the app by it.
 */
export async function up({ db }: MigrationContext): Promise<void> {
  await db.schema
    .createIndex('player_ids_by_public_id')
    .on('player_ids')
    .columns(['namespace', 'public_id'])
    .execute();
}
