import type { MigrationContext } from './helpers.js';

/** Tokens found by their holder and kind: a new password-reset token ends the older ones. */
export async function up({ db }: MigrationContext): Promise<void> {
  await db.schema
    .createIndex('tokens_by_holder')
    .on('tokens')
    .columns(['account_id', 'kind'])
    .execute();
}
