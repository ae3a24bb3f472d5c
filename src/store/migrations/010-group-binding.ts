import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { MigrationContext } from './helpers.js';
import { withSerialId } from './helpers.js';

/**
 * Group binding (MSDK): a guild's kind joins its key, guilds keep a roster and the time of their
 * last unbind, groups get a public open id, a join key and a dissolved mark, members a card.
 */
export async function up({ db, kind }: MigrationContext): Promise<void> {
  if (kind === 'postgres') {
    await sql`ALTER TABLE guilds ADD COLUMN kind text NOT NULL DEFAULT 'guild'`.execute(db);
    await sql`ALTER TABLE guilds ADD COLUMN unbound_at bigint`.execute(db);
    await sql`ALTER TABLE guilds DROP CONSTRAINT guilds_union`.execute(db);
    await sql`ALTER TABLE guilds ADD CONSTRAINT guilds_union UNIQUE (app_id, union_id, zone, kind)`.execute(
      db,
    );
  } else {
    await rebuildSqliteGuilds(db);
  }

  await db.schema
    .createTable('guild_members')
    .addColumn('guild_id', 'bigint', (c) => c.notNull().references('guilds.id'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id'))
    .addColumn('joined_at', 'bigint', (c) => c.notNull())
    .addColumn('reminded_on', 'text')
    .addPrimaryKeyConstraint('guild_members_pk', ['guild_id', 'account_id'])
    .execute();

  await db.schema
    .alterTable('groups')
    .addColumn('open_id', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('groups')
    .addColumn('join_key', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.alterTable('groups').addColumn('dissolved_at', 'bigint').execute();
  const groups = await sql<{ id: number }>`SELECT id FROM groups`.execute(db);
  for (const { id } of groups.rows) {
    const openId = randomBytes(16).toString('hex').toUpperCase();
    const joinKey = randomBytes(24).toString('base64url');
    await sql`UPDATE groups SET open_id = ${openId}, join_key = ${joinKey} WHERE id = ${id}`.execute(
      db,
    );
  }
  await db.schema.createIndex('groups_open_id').on('groups').column('open_id').unique().execute();
  await db.schema.createIndex('groups_join_key').on('groups').column('join_key').unique().execute();
  await db.schema.createIndex('groups_owner').on('groups').column('owner_id').execute();

  for (const column of ['label', 'nickname', 'zone_id', 'role_id', 'plat_id']) {
    await db.schema.alterTable('group_members').addColumn(column, 'text').execute();
  }
  // A group's admins (get_groupinfo's adminOpenids) without reading its whole member list.
  await db.schema
    .createIndex('group_members_role')
    .on('group_members')
    .columns(['group_id', 'role', 'joined_at', 'account_id'])
    .execute();
}

/**
 * SQLite cannot drop a table's UNIQUE constraint: the table is rebuilt, with foreign keys off
 * (groups refer to guilds) and inside one transaction (Kysely runs SQLite migrations outside one).
 */
async function rebuildSqliteGuilds(db: Kysely<unknown>): Promise<void> {
  await sql`PRAGMA foreign_keys = OFF`.execute(db);
  try {
    await db.transaction().execute(async (trx) => {
      await withSerialId(trx.schema.createTable('guilds_new'), 'sqlite')
        .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
        .addColumn('union_id', 'text', (c) => c.notNull())
        .addColumn('zone', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull().defaultTo('guild'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('president_id', 'bigint', (c) => c.references('accounts.id'))
        .addColumn('unbound_at', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('guilds_union', ['app_id', 'union_id', 'zone', 'kind'])
        .execute();
      await sql`INSERT INTO guilds_new (id, app_id, union_id, zone, name, president_id, created_at)
        SELECT id, app_id, union_id, zone, name, president_id, created_at FROM guilds`.execute(trx);
      await sql`DROP TABLE guilds`.execute(trx);
      await sql`ALTER TABLE guilds_new RENAME TO guilds`.execute(trx);
      const broken = await sql`PRAGMA foreign_key_check`.execute(trx);
      if (broken.rows.length > 0) throw new Error('guilds rebuild broke a foreign key');
    });
  } finally {
    await sql`PRAGMA foreign_keys = ON`.execute(db);
  }
}
