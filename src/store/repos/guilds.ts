import type { Kysely, Selectable } from 'kysely';
import type { Guild } from '../../core/groups/types.js';
import type { Database, GuildsTable } from '../schema.js';

function toGuild(row: Selectable<GuildsTable>): Guild {
  return {
    id: row.id,
    appId: row.app_id,
    unionId: row.union_id,
    zone: row.zone,
    name: row.name,
    presidentId: row.president_id,
    createdAt: row.created_at,
  };
}

export class GuildRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async byUnion(appId: string, unionId: string, zone: string): Promise<Guild | undefined> {
    const row = await this.db
      .selectFrom('guilds')
      .selectAll()
      .where('app_id', '=', appId)
      .where('union_id', '=', unionId)
      .where('zone', '=', zone)
      .executeTakeFirst();
    return row && toGuild(row);
  }

  async byIds(ids: readonly number[]): Promise<Guild[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('guilds').selectAll().where('id', 'in', ids).execute();
    return rows.map(toGuild);
  }

  /** Creates the guild, or updates the name and president given (null keeps the old one). */
  async upsert(
    appId: string,
    unionId: string,
    zone: string,
    name: string | null,
    presidentId: number | null,
    now: number,
  ): Promise<Guild> {
    const row = await this.db
      .insertInto('guilds')
      .values({
        app_id: appId,
        union_id: unionId,
        zone,
        name: name ?? '',
        president_id: presidentId,
        created_at: now,
      })
      .onConflict((oc) =>
        oc.columns(['app_id', 'union_id', 'zone']).doUpdateSet((eb) => ({
          name: name ?? eb.ref('guilds.name'),
          president_id: presidentId ?? eb.ref('guilds.president_id'),
        })),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    return toGuild(row);
  }
}
