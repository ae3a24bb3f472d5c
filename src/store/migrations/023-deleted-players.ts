import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { MigrationContext } from './helpers.js';

/**
 * Deleting a player keeps their orders for the books with the player reference cut: an order's
 * account may now be null.
 */
export async function up({ db, kind }: MigrationContext): Promise<void> {
  if (kind === 'postgres') {
    await sql`ALTER TABLE orders ALTER COLUMN account_id DROP NOT NULL`.execute(db);
  } else {
    await dropSqliteNotNull(db, 'orders', 'account_id');
  }
}

/**
 * SQLite cannot alter a column: the table is rebuilt from its own definition with the column's
 * NOT NULL removed, its indexes recreated, with foreign keys off and inside one transaction.
 */
async function dropSqliteNotNull(db: Kysely<unknown>, table: string, column: string) {
  const definitions = await sql<{ type: string; sql: string | null }>`
    SELECT type, sql FROM sqlite_master WHERE tbl_name = ${table} ORDER BY type DESC`.execute(db);
  const tableSql = definitions.rows.find((d) => d.type === 'table')?.sql ?? '';
  const notNull = new RegExp(`("${column}"\\s+\\w+)\\s+not null`, 'i');
  if (!notNull.test(tableSql)) throw new Error(`${table}.${column} is not NOT NULL`);
  const rebuilt = tableSql
    .replace(notNull, '$1')
    .replace(new RegExp(`^create table "?${table}"?`, 'i'), `CREATE TABLE "${table}_new"`);
  const indexes = definitions.rows.flatMap((d) => (d.type === 'index' && d.sql ? [d.sql] : []));
  await sql`PRAGMA foreign_keys = OFF`.execute(db);
  try {
    await db.transaction().execute(async (trx) => {
      await sql.raw(rebuilt).execute(trx);
      await sql.raw(`INSERT INTO "${table}_new" SELECT * FROM "${table}"`).execute(trx);
      await sql.raw(`DROP TABLE "${table}"`).execute(trx);
      await sql.raw(`ALTER TABLE "${table}_new" RENAME TO "${table}"`).execute(trx);
      for (const index of indexes) await sql.raw(index).execute(trx);
      const broken = await sql`PRAGMA foreign_key_check`.execute(trx);
      if (broken.rows.length > 0) throw new Error(`${table} rebuild broke a foreign key`);
    });
  } finally {
    await sql`PRAGMA foreign_keys = ON`.execute(db);
  }
}
