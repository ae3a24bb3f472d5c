import type { MigrationContext } from './helpers.js';

/**
 * How each app's players are known on Tencent's platforms: a QQ openid, a WeChat openid and a
 * guest id per app, made at a player's first MSDK login, and which of the three they used.
 */
export async function up({ db }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('tencent_players')
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id'))
    .addColumn('qq_openid', 'text', (c) => c.notNull())
    .addColumn('wx_openid', 'text', (c) => c.notNull())
    .addColumn('guestid', 'text', (c) => c.notNull())
    .addColumn('platforms', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('tencent_players_pk', ['app_id', 'account_id'])
    .execute();
  for (const column of ['qq_openid', 'wx_openid', 'guestid'] as const) {
    await db.schema
      .createIndex(`tencent_players_${column}`)
      .on('tencent_players')
      .columns(['app_id', column])
      .unique()
      .execute();
  }
}
