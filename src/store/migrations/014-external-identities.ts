import type { MigrationContext } from './helpers.js';

/**
 * Third-party identities (Facebook, Google, Apple, ...) of players, per app: whether the app
 * verified the proof with the provider, and what the provider said of the person. Kept apart
 * from `identities` (device and email logins, global, keyed by provider and subject alone):
 * these are scoped to the app whose configuration verified them (or did not).
 */
export async function up({ db }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('external_identities')
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id'))
    .addColumn('verified', 'integer', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('picture', 'text', (c) => c.notNull())
    .addColumn('extra', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('external_identities_pk', ['app_id', 'provider', 'subject'])
    .execute();
  // One identity per provider per account and app.
  await db.schema
    .createIndex('external_identities_account')
    .on('external_identities')
    .columns(['account_id', 'app_id', 'provider'])
    .unique()
    .execute();
}
