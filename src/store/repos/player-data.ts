import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import {
  ACCOUNT_CHANGED,
  FRIENDS_CHANGED,
  GROUP_CHANGED,
  GUILD_CHANGED,
  PLAYER_IDS_CHANGED,
  TOKENS_REVOKED,
} from '../../common/change-topics.js';
import type { Database } from '../schema.js';
import type { ChangeRepo } from './changes.js';

type Row = Record<string, unknown>;

export interface AccountMatch {
  accountId: number;
  matched: string;
}

/**
 * Every column that holds an account id, by table: what a player's export reads and their
 * deletion erases. Scores are kept apart (their members may be guilds) and so are the tables
 * deletion keeps with the reference cut (orders, cdk_codes) or hands over (groups, guilds).
 */
export const PLAYER_ROWS: readonly (readonly [table: keyof Database, column: string])[] = [
  ['identities', 'account_id'],
  ['app_players', 'account_id'],
  ['player_ids', 'account_id'],
  ['tokens', 'account_id'],
  ['external_identities', 'account_id'],
  ['wechat_unionids', 'account_id'],
  ['close_friends', 'account_id'],
  ['close_friends', 'friend_id'],
  ['friend_requests', 'from_id'],
  ['friend_requests', 'to_id'],
  ['inbox_messages', 'account_id'],
  ['gifts', 'account_id'],
  ['gift_packs', 'account_id'],
  ['player_attributes', 'account_id'],
  ['player_cards', 'account_id'],
  ['guild_members', 'account_id'],
  ['group_members', 'account_id'],
  ['roles', 'account_id'],
  ['role_changes', 'account_id'],
  ['server_choices', 'account_id'],
  ['achievement_reports', 'account_id'],
  ['achievement_days', 'account_id'],
  ['battle_reports', 'account_id'],
  ['subscriptions', 'account_id'],
  ['share_counters', 'receiver_id'],
  ['share_counters', 'sender_id'],
  ['freeflow_players', 'account_id'],
  ['cdk_claims', 'account_id'],
  ['analytics_devices', 'account_id'],
  ['analytics_events', 'account_id'],
  ['analytics_acquisitions', 'account_id'],
  ['analytics_active_days', 'account_id'],
];

/** Columns deletion sets to null: the rows stay (orders for the books, claimed codes spent). */
export const CUT_REFERENCES: readonly (readonly [table: keyof Database, column: string])[] = [
  ['orders', 'account_id'],
  ['cdk_codes', 'claimed_by'],
  ['guilds', 'president_id'],
];

/** Rows keyed by an account, read and erased table by table (GDPR/LGPD access and erasure). */
export class PlayerDataRepo {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes: ChangeRepo,
  ) {}

  /** The account's rows in each table that refers to it, as stored (empty tables left out). */
  async export(accountId: number): Promise<Record<string, Row[]>> {
    const tables: Record<string, Row[]> = {};
    const add = (table: string, rows: Row[]) => {
      if (rows.length > 0) tables[table] = [...(tables[table] ?? []), ...rows];
    };
    add('accounts', await this.rows('accounts', 'id', accountId));
    for (const [table, column] of PLAYER_ROWS) {
      if (table === 'identities' || table === 'tokens') continue;
      add(table, await this.rows(table, column, accountId));
    }
    add('identities', (await this.rows('identities', 'account_id', accountId)).map(withoutSecret));
    add(
      'tokens',
      await this.select(
        sql`SELECT kind, app_id, created_at, expires_at FROM tokens WHERE account_id = ${accountId}`,
      ),
    );
    add('scores', await this.scoreRows('scores', accountId));
    add('score_journal', await this.scoreRows('score_journal', accountId));
    add('orders', await this.rows('orders', 'account_id', accountId));
    add('cdk_codes', await this.rows('cdk_codes', 'claimed_by', accountId));
    add('guilds', await this.rows('guilds', 'president_id', accountId));
    add('groups', await this.rows('groups', 'owner_id', accountId));
    const devices = sql`SELECT id FROM devices WHERE account_id = ${accountId}`;
    add('devices', await this.rows('devices', 'account_id', accountId));
    add(
      'device_tags',
      await this.select(sql`SELECT * FROM device_tags WHERE device_id IN (${devices})`),
    );
    add(
      'push_results',
      await this.select(sql`SELECT * FROM push_results WHERE device_id IN (${devices})`),
    );
    const orderIds = sql`SELECT id FROM orders WHERE account_id = ${accountId}`;
    const notices = sql`SELECT id FROM outbox WHERE ref IN (${orderIds}) AND kind <> 'push'`;
    add('outbox', await this.select(sql`SELECT * FROM outbox WHERE id IN (${notices})`));
    add(
      'delivery_attempts',
      await this.select(sql`SELECT * FROM delivery_attempts WHERE outbox_id IN (${notices})`),
    );
    return tables;
  }

  /** The accounts the account is friends with or asked to be (whose friend lists it leaves). */
  async friendsOf(accountId: number): Promise<number[]> {
    const rows = await this.select(sql`
      SELECT friend_id AS id FROM close_friends WHERE account_id = ${accountId}
      UNION SELECT account_id FROM close_friends WHERE friend_id = ${accountId}
      UNION SELECT to_id FROM friend_requests WHERE from_id = ${accountId}
      UNION SELECT from_id FROM friend_requests WHERE to_id = ${accountId}`);
    return rows.map((r) => Number(r.id));
  }

  /**
   * Deletes every row keyed by the account and the account, and cuts its references from the
   * rows that stay. Groups it owns must have been handed over or deleted, its scores deleted.
   */
  async erase(accountId: number, friends: readonly number[]): Promise<void> {
    const groups = await this.db
      .selectFrom('group_members')
      .select('group_id')
      .where('account_id', '=', accountId)
      .execute();
    const guilds = await this.db
      .selectFrom('guild_members')
      .select('guild_id')
      .where('account_id', '=', accountId)
      .union(
        this.db.selectFrom('guilds').select('id as guild_id').where('president_id', '=', accountId),
      )
      .execute();
    const devices = sql`SELECT id FROM devices WHERE account_id = ${accountId}`;
    await sql`DELETE FROM device_tags WHERE device_id IN (${devices})`.execute(this.db);
    await sql`DELETE FROM push_results WHERE device_id IN (${devices})`.execute(this.db);
    await sql`DELETE FROM devices WHERE account_id = ${accountId}`.execute(this.db);
    for (const [table, column] of PLAYER_ROWS) {
      await sql`DELETE FROM ${sql.table(table)} WHERE ${sql.ref(column)} = ${accountId}`.execute(
        this.db,
      );
    }
    for (const [table, column] of CUT_REFERENCES) {
      await sql`UPDATE ${sql.table(table)} SET ${sql.ref(column)} = NULL
        WHERE ${sql.ref(column)} = ${accountId}`.execute(this.db);
    }
    await this.db.deleteFrom('accounts').where('id', '=', accountId).execute();
    for (const topic of [ACCOUNT_CHANGED, TOKENS_REVOKED, PLAYER_IDS_CHANGED, FRIENDS_CHANGED]) {
      await this.changes.publish(topic, accountId);
    }
    for (const friend of friends) await this.changes.publish(FRIENDS_CHANGED, friend);
    for (const { group_id } of groups) await this.changes.publish(GROUP_CHANGED, group_id);
    for (const { guild_id } of guilds) await this.changes.publish(GUILD_CHANGED, guild_id);
  }

  /**
   * Players of the app with `value` as a login subject (an email, a device id), a third-party
   * subject or email, an analytics device id or a push token, with what matched: the identity's
   * provider, `<provider>_email`, `device_id` or `push_token`.
   */
  async accountsMatching(appId: string, value: string): Promise<AccountMatch[]> {
    const email = value.toLowerCase();
    const rows = await this.select(sql`
      SELECT i.account_id, i.provider AS matched FROM identities i
        JOIN app_players p ON p.account_id = i.account_id AND p.app_id = ${appId}
        WHERE i.subject IN (${value}, ${email})
      UNION SELECT account_id, provider FROM external_identities
        WHERE app_id = ${appId} AND subject = ${value}
      UNION SELECT account_id, provider || '_email' FROM external_identities
        WHERE app_id = ${appId} AND email = ${email} AND email <> ''
      UNION SELECT account_id, 'device_id' FROM analytics_devices
        WHERE app_id = ${appId} AND device_id = ${value} AND account_id IS NOT NULL
      UNION SELECT account_id, 'push_token' FROM devices
        WHERE app_id = ${appId} AND token = ${value}`);
    return rows.map((r) => ({ accountId: Number(r.account_id), matched: String(r.matched) }));
  }

  /** Ids of the groups the account owns, dissolved ones too. */
  async ownedGroups(accountId: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom('groups')
      .select('id')
      .where('owner_id', '=', accountId)
      .execute();
    return rows.map((r) => r.id);
  }

  private rows(table: string, column: string, accountId: number): Promise<Row[]> {
    return this.select(
      sql`SELECT * FROM ${sql.table(table)} WHERE ${sql.ref(column)} = ${accountId}`,
    );
  }

  private scoreRows(table: 'scores' | 'score_journal', accountId: number): Promise<Row[]> {
    return this.select(
      sql`SELECT * FROM ${sql.table(table)}
        WHERE member_id = ${accountId} AND member_kind = 'account'`,
    );
  }

  private async select(query: ReturnType<typeof sql>): Promise<Row[]> {
    return (await query.execute(this.db)).rows as Row[];
  }
}

/** An identity as exported: whether it has a password, never the hash. */
function withoutSecret({ secret_hash, ...identity }: Row): Row {
  return { ...identity, has_password: secret_hash !== null };
}
