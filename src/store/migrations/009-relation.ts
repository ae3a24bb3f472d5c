import type { MigrationContext } from './helpers.js';

/** Close-friend marks (QQ's closefriend_lists) and WeChat unionids, per account. */
export async function up({ db }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('close_friends')
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id'))
    .addColumn('friend_id', 'bigint', (c) => c.notNull().references('accounts.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('close_friends_pk', ['account_id', 'friend_id'])
    .execute();

  await db.schema
    .createTable('wechat_unionids')
    .addColumn('account_id', 'bigint', (c) => c.primaryKey().references('accounts.id'))
    .addColumn('unionid', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}
