import type { MigrationContext } from './helpers.js';

/** An operator's ban of an account: since when, until when (NULL: until lifted) and why. */
export async function up({ db }: MigrationContext): Promise<void> {
  await db.schema.alterTable('accounts').addColumn('banned_at', 'bigint').execute();
  await db.schema.alterTable('accounts').addColumn('banned_until', 'bigint').execute();
  await db.schema.alterTable('accounts').addColumn('ban_reason', 'text').execute();
}
