import type { MigrationContext } from './helpers.js';
import { withSerialId } from './helpers.js';

export async function up({ db, kind }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('apps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('momo_appid', 'text', (c) => c.notNull().unique())
    .addColumn('momo_app_secret', 'text', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await withSerialId(db.schema.createTable('accounts'), kind)
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sex', 'text', (c) => c.notNull())
    .addColumn('birthday', 'text')
    .addColumn('photos', 'text', (c) => c.notNull())
    .addColumn('sign', 'text', (c) => c.notNull())
    .addColumn('area_id', 'integer')
    .addColumn('lat', 'double precision')
    .addColumn('lng', 'double precision')
    .addColumn('geohash', 'text')
    .addColumn('loc_time', 'bigint')
    .addColumn('regstate', 'integer', (c) => c.notNull())
    .addColumn('vip', 'integer', (c) => c.notNull())
    .addColumn('is_spam', 'integer', (c) => c.notNull())
    .addColumn('profile_version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('accounts_geohash').on('accounts').column('geohash').execute();

  await db.schema
    .createTable('identities')
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id'))
    .addColumn('secret_hash', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('identities_pk', ['provider', 'subject'])
    .execute();
  await db.schema.createIndex('identities_account').on('identities').column('account_id').execute();

  await db.schema
    .createTable('app_players')
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id'))
    .addColumn('momo_userid', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('app_players_pk', ['app_id', 'account_id'])
    .addUniqueConstraint('app_players_momo_userid', ['app_id', 'momo_userid'])
    .execute();

  await db.schema
    .createTable('tokens')
    .addColumn('hash', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id'))
    .addColumn('expires_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tokens_expiry').on('tokens').column('expires_at').execute();

  await db.schema
    .createTable('friend_requests')
    .addColumn('from_id', 'bigint', (c) => c.notNull().references('accounts.id'))
    .addColumn('to_id', 'bigint', (c) => c.notNull().references('accounts.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('friend_requests_pk', ['from_id', 'to_id'])
    .execute();
  await db.schema
    .createIndex('friend_requests_to')
    .on('friend_requests')
    .columns(['to_id', 'from_id'])
    .execute();

  await db.schema
    .createTable('boards')
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('board', 'text', (c) => c.notNull())
    .addColumn('operator', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('boards_pk', ['app_id', 'board'])
    .execute();

  await db.schema
    .createTable('scores')
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('board', 'text', (c) => c.notNull())
    .addColumn('member_id', 'bigint', (c) => c.notNull())
    .addColumn('member_kind', 'text', (c) => c.notNull())
    .addColumn('score', 'double precision', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('area_id', 'integer')
    .addPrimaryKeyConstraint('scores_pk', ['app_id', 'board', 'member_id'])
    .execute();
  await db.schema
    .createIndex('scores_member')
    .on('scores')
    .columns(['member_id', 'member_kind'])
    .execute();

  await withSerialId(db.schema.createTable('guilds'), kind)
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('union_id', 'text', (c) => c.notNull())
    .addColumn('zone', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('president_id', 'bigint', (c) => c.references('accounts.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('guilds_union', ['app_id', 'union_id', 'zone'])
    .execute();

  await withSerialId(db.schema.createTable('groups'), kind)
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('number', 'bigint', (c) => c.notNull().unique())
    .addColumn('guild_id', 'bigint', (c) => c.unique().references('guilds.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sign', 'text', (c) => c.notNull())
    .addColumn('photos', 'text', (c) => c.notNull())
    .addColumn('lat', 'double precision')
    .addColumn('lng', 'double precision')
    .addColumn('owner_id', 'bigint', (c) => c.notNull().references('accounts.id'))
    .addColumn('max_members', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('group_members')
    .addColumn('group_id', 'bigint', (c) => c.notNull().references('groups.id'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('joined_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('group_members_pk', ['group_id', 'account_id'])
    .execute();
  await db.schema
    .createIndex('group_members_account')
    .on('group_members')
    .column('account_id')
    .execute();

  await db.schema
    .createTable('player_cards')
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id'))
    .addColumn('server_id', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('player_cards_pk', ['app_id', 'account_id', 'server_id'])
    .execute();

  await withSerialId(db.schema.createTable('gifts'), kind)
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('item', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('gifts_account').on('gifts').column('account_id').execute();
}
