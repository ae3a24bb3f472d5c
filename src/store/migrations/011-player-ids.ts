import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { MigrationContext } from './helpers.js';

/**
 * Per-app public ids become one generic table: (app, namespace, id) → account, whatever dialect
 * declared the namespace. The Momo userids of app_players and the three Tencent ids of
 * tencent_players move into it under the namespaces their dialects declare (the strings below
 * are those declarations' names, frozen here as data); a Tencent id is active where its platform
 * bit was set. app_players keeps only "this account plays this app".
 */
const TENCENT_IDS = [
  { column: 'qq_openid', namespace: 'msdk.qq_openid', bit: 1 },
  { column: 'wx_openid', namespace: 'msdk.wx_openid', bit: 2 },
  { column: 'guestid', namespace: 'msdk.guestid', bit: 4 },
] as const;

export async function up({ db, kind }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('player_ids')
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('namespace', 'text', (c) => c.notNull())
    .addColumn('public_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id'))
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('player_ids_pk', ['app_id', 'namespace', 'public_id'])
    .addUniqueConstraint('player_ids_account', ['app_id', 'namespace', 'account_id'])
    .execute();
  // All of an account's ids (in an app, or everywhere) without a scan of the app's ids.
  await db.schema
    .createIndex('player_ids_of_account')
    .on('player_ids')
    .columns(['account_id', 'app_id'])
    .execute();

  await sql`INSERT INTO player_ids (app_id, namespace, public_id, account_id, active, created_at)
    SELECT app_id, 'momo.userid', momo_userid, account_id, 1, created_at FROM app_players`.execute(
    db,
  );
  for (const { column, namespace, bit } of TENCENT_IDS) {
    await sql`INSERT INTO player_ids (app_id, namespace, public_id, account_id, active, created_at)
      SELECT app_id, ${namespace}, ${sql.ref(column)}, account_id,
        CASE WHEN (platforms & ${sql.lit(bit)}) <> 0 THEN 1 ELSE 0 END, created_at
      FROM tencent_players`.execute(db);
  }
  await db.schema.dropTable('tencent_players').execute();

  if (kind === 'postgres') {
    await sql`ALTER TABLE app_players DROP COLUMN momo_userid`.execute(db);
  } else {
    await rebuildSqliteAppPlayers(db);
  }
}

/** SQLite cannot drop a column under a UNIQUE constraint: the table is rebuilt in one transaction. */
async function rebuildSqliteAppPlayers(db: Kysely<unknown>): Promise<void> {
  await sql`PRAGMA foreign_keys = OFF`.execute(db);
  try {
    await db.transaction().execute(async (trx) => {
      await trx.schema
        .createTable('app_players_new')
        .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
        .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('app_players_pk', ['app_id', 'account_id'])
        .execute();
      await sql`INSERT INTO app_players_new (app_id, account_id, created_at)
        SELECT app_id, account_id, created_at FROM app_players`.execute(trx);
      await sql`DROP TABLE app_players`.execute(trx);
      await sql`ALTER TABLE app_players_new RENAME TO app_players`.execute(trx);
      const broken = await sql`PRAGMA foreign_key_check`.execute(trx);
      if (broken.rows.length > 0) throw new Error('app_players rebuild broke a foreign key');
    });
  } finally {
    await sql`PRAGMA foreign_keys = ON`.execute(db);
  }
}
