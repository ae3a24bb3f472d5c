import type { Kysely, Selectable } from 'kysely';
import { GUILD_CHANGED } from '../../common/change-topics.js';
import type { Guild, GuildKey, GuildKind, GuildMember } from '../../core/groups/types.js';
import type { Database } from '../schema.js';
import type { GuildsTable } from '../tables/groups.js';
import { containsText } from '../text-search.js';
import type { ChangeRepo } from './changes.js';

function toGuild(row: Selectable<GuildsTable>): Guild {
  return {
    id: row.id,
    appId: row.app_id,
    unionId: row.union_id,
    zone: row.zone,
    kind: row.kind as GuildKind,
    name: row.name,
    presidentId: row.president_id,
    unboundAt: row.unbound_at,
    createdAt: row.created_at,
  };
}

/**
 * Guilds and their rosters (the players the game presented as members). A guild's creation or a
 * change of its name or leader is published (GUILD_CHANGED).
 */
export class GuildRepo {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes: ChangeRepo,
  ) {}

  async byKey(key: GuildKey): Promise<Guild | undefined> {
    const row = await this.db
      .selectFrom('guilds')
      .selectAll()
      .where('app_id', '=', key.appId)
      .where('union_id', '=', key.unionId)
      .where('zone', '=', key.zone)
      .where('kind', '=', key.kind)
      .executeTakeFirst();
    return row && toGuild(row);
  }

  async byId(appId: string, id: number): Promise<Guild | undefined> {
    const row = await this.db
      .selectFrom('guilds')
      .selectAll()
      .where('app_id', '=', appId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toGuild(row);
  }

  async byIds(ids: readonly number[]): Promise<Guild[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('guilds').selectAll().where('id', 'in', ids).execute();
    return rows.map(toGuild);
  }

  /**
   * The app's guilds in id order after `afterId`, at most `limit`; with `search`, those whose
   * name or union id contains it.
   */
  async ofApp(appId: string, afterId: number, limit: number, search?: string): Promise<Guild[]> {
    const rows = await this.db
      .selectFrom('guilds')
      .selectAll()
      .where('app_id', '=', appId)
      .where('id', '>', afterId)
      .$if(search !== undefined, (qb) => qb.where(containsText(['name', 'union_id'], search ?? '')))
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toGuild);
  }

  /** Creates the guild, or updates the name and president given (null keeps the old one). */
  async upsert(
    key: GuildKey,
    name: string | null,
    presidentId: number | null,
    now: number,
  ): Promise<Guild> {
    const row = await this.db
      .insertInto('guilds')
      .values({
        app_id: key.appId,
        union_id: key.unionId,
        zone: key.zone,
        kind: key.kind,
        name: name ?? '',
        president_id: presidentId,
        created_at: now,
      })
      .onConflict((oc) =>
        oc.columns(['app_id', 'union_id', 'zone', 'kind']).doUpdateSet((eb) => ({
          name: name ?? eb.ref('guilds.name'),
          president_id: presidentId ?? eb.ref('guilds.president_id'),
        })),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    await this.changes.publish(GUILD_CHANGED, row.id);
    return toGuild(row);
  }

  /** Records an unbind at `now` unless the last one was less than `gapMs` ago. */
  async markUnbound(guildId: number, now: number, gapMs: number): Promise<boolean> {
    const result = await this.db
      .updateTable('guilds')
      .set({ unbound_at: now })
      .where('id', '=', guildId)
      .where((eb) => eb.or([eb('unbound_at', 'is', null), eb('unbound_at', '<=', now - gapMs)]))
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async addMember(guildId: number, accountId: number, now: number): Promise<void> {
    await this.db
      .insertInto('guild_members')
      .values({ guild_id: guildId, account_id: accountId, joined_at: now, reminded_on: null })
      .onConflict((oc) => oc.columns(['guild_id', 'account_id']).doNothing())
      .execute();
  }

  /** Whether there was such a member to remove. */
  async removeMember(guildId: number, accountId: number): Promise<boolean> {
    const result = await this.db
      .deleteFrom('guild_members')
      .where('guild_id', '=', guildId)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async isMember(guildId: number, accountId: number): Promise<boolean> {
    const row = await this.db
      .selectFrom('guild_members')
      .select('account_id')
      .where('guild_id', '=', guildId)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** The roster in the order members were first seen. */
  async members(guildId: number): Promise<GuildMember[]> {
    const rows = await this.db
      .selectFrom('guild_members')
      .select(['account_id', 'joined_at'])
      .where('guild_id', '=', guildId)
      .orderBy('joined_at')
      .orderBy('account_id')
      .execute();
    return rows.map((row) => ({ accountId: row.account_id, joinedAt: row.joined_at }));
  }

  async memberCounts(guildIds: readonly number[]): Promise<Map<number, number>> {
    if (guildIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('guild_members')
      .select(['guild_id', (eb) => eb.fn.countAll<number>().as('count')])
      .where('guild_id', 'in', guildIds)
      .groupBy('guild_id')
      .execute();
    return new Map(rows.map((row) => [row.guild_id, Number(row.count)]));
  }

  /**
   * Records the member's reminder on `day` unless one is recorded already; returns whether it
   * did. The conditional UPDATE takes the row's lock, so concurrent reminders cannot both pass.
   */
  async remind(guildId: number, accountId: number, day: string): Promise<boolean> {
    const result = await this.db
      .updateTable('guild_members')
      .set({ reminded_on: day })
      .where('guild_id', '=', guildId)
      .where('account_id', '=', accountId)
      .where((eb) => eb.or([eb('reminded_on', 'is', null), eb('reminded_on', '<>', day)]))
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Takes back the reminder recorded on `day` (its delivery failed). */
  async forgetReminder(guildId: number, accountId: number, day: string): Promise<void> {
    await this.db
      .updateTable('guild_members')
      .set({ reminded_on: null })
      .where('guild_id', '=', guildId)
      .where('account_id', '=', accountId)
      .where('reminded_on', '=', day)
      .execute();
  }
}
