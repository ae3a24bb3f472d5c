import type { Kysely, Selectable } from 'kysely';
import type { Group, GroupMember, GroupRole } from '../../core/groups/types.js';
import type { DatabaseKind } from '../database.js';
import type { Database, GroupsTable } from '../schema.js';

export type NewGroup = Omit<Group, 'id'>;

function toGroup(row: Selectable<GroupsTable>): Group {
  return {
    id: row.id,
    appId: row.app_id,
    gid: String(row.number),
    guildId: row.guild_id,
    name: row.name,
    sign: row.sign,
    photos: JSON.parse(row.photos) as string[],
    location: row.lat !== null && row.lng !== null ? { lat: row.lat, lng: row.lng } : null,
    ownerId: row.owner_id,
    maxMembers: row.max_members,
    createdAt: row.created_at,
  };
}

export class GroupRepo {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly kind: DatabaseKind,
  ) {}

  /**
   * The guild's group. `lock` holds its row until the transaction ends, so membership changes
   * of one group run one at a time (PostgreSQL; SQLite runs transactions one at a time anyway).
   */
  async byGuild(guildId: number, lock = false): Promise<Group | undefined> {
    const row = await this.db
      .selectFrom('groups')
      .selectAll()
      .where('guild_id', '=', guildId)
      .$if(lock && this.kind === 'postgres', (qb) => qb.forUpdate())
      .executeTakeFirst();
    return row && toGroup(row);
  }

  /** The app's groups in id order after `afterId`, at most `limit`. */
  async ofApp(appId: string, afterId: number, limit: number): Promise<Group[]> {
    const rows = await this.db
      .selectFrom('groups')
      .selectAll()
      .where('app_id', '=', appId)
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toGroup);
  }

  async byNumber(appId: string, gid: string): Promise<Group | undefined> {
    if (!/^\d{1,15}$/.test(gid)) return undefined;
    const row = await this.db
      .selectFrom('groups')
      .selectAll()
      .where('app_id', '=', appId)
      .where('number', '=', Number(gid))
      .executeTakeFirst();
    return row && toGroup(row);
  }

  /** The app's groups the account belongs to, with its role in each, in id order. */
  async ofMember(
    appId: string,
    accountId: number,
  ): Promise<{ group: Group; member: GroupMember }[]> {
    const rows = await this.db
      .selectFrom('group_members')
      .innerJoin('groups', 'groups.id', 'group_members.group_id')
      .selectAll('groups')
      .select(['group_members.role', 'group_members.joined_at'])
      .where('groups.app_id', '=', appId)
      .where('group_members.account_id', '=', accountId)
      .orderBy('groups.id')
      .execute();
    return rows.map((row) => ({
      group: toGroup(row),
      member: { accountId, role: row.role as GroupRole, joinedAt: row.joined_at },
    }));
  }

  /** Members in the order they joined. */
  async members(groupId: number): Promise<GroupMember[]> {
    const rows = await this.db
      .selectFrom('group_members')
      .select(['account_id', 'role', 'joined_at'])
      .where('group_id', '=', groupId)
      .orderBy('joined_at')
      .orderBy('account_id')
      .execute();
    return rows.map((row) => ({
      accountId: row.account_id,
      role: row.role as GroupRole,
      joinedAt: row.joined_at,
    }));
  }

  /** Member counts of the groups, by group id. */
  async memberCounts(groupIds: readonly number[]): Promise<Map<number, number>> {
    if (groupIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('group_members')
      .select(['group_id', (eb) => eb.fn.countAll<number>().as('count')])
      .where('group_id', 'in', groupIds)
      .groupBy('group_id')
      .execute();
    return new Map(rows.map((row) => [row.group_id, Number(row.count)]));
  }

  async numberTaken(gid: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('groups')
      .select('id')
      .where('number', '=', Number(gid))
      .executeTakeFirst();
    return row !== undefined;
  }

  async insert(group: NewGroup): Promise<Group> {
    const row = await this.db
      .insertInto('groups')
      .values({
        app_id: group.appId,
        number: Number(group.gid),
        guild_id: group.guildId,
        name: group.name,
        sign: group.sign,
        photos: JSON.stringify(group.photos),
        lat: group.location?.lat ?? null,
        lng: group.location?.lng ?? null,
        owner_id: group.ownerId,
        max_members: group.maxMembers,
        created_at: group.createdAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toGroup(row);
  }

  async setOwner(groupId: number, ownerId: number): Promise<void> {
    await this.db
      .updateTable('groups')
      .set({ owner_id: ownerId })
      .where('id', '=', groupId)
      .execute();
  }

  /** Deletes the group and its members. */
  async delete(groupId: number): Promise<void> {
    await this.db.deleteFrom('group_members').where('group_id', '=', groupId).execute();
    await this.db.deleteFrom('groups').where('id', '=', groupId).execute();
  }

  async member(groupId: number, accountId: number): Promise<GroupMember | undefined> {
    const row = await this.db
      .selectFrom('group_members')
      .select(['role', 'joined_at'])
      .where('group_id', '=', groupId)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return row && { accountId, role: row.role as GroupRole, joinedAt: row.joined_at };
  }

  async memberCount(groupId: number): Promise<number> {
    const row = await this.db
      .selectFrom('group_members')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('group_id', '=', groupId)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async addMember(groupId: number, member: GroupMember): Promise<void> {
    await this.db
      .insertInto('group_members')
      .values({
        group_id: groupId,
        account_id: member.accountId,
        role: member.role,
        joined_at: member.joinedAt,
      })
      .execute();
  }

  /** Whether there was such a member to remove. */
  async removeMember(groupId: number, accountId: number): Promise<boolean> {
    const result = await this.db
      .deleteFrom('group_members')
      .where('group_id', '=', groupId)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async setRole(groupId: number, accountId: number, role: GroupRole): Promise<void> {
    await this.db
      .updateTable('group_members')
      .set({ role })
      .where('group_id', '=', groupId)
      .where('account_id', '=', accountId)
      .execute();
  }
}
