import type { Kysely, Selectable, SelectQueryBuilder } from 'kysely';
import { GROUP_CHANGED } from '../../common/change-topics.js';
import type { Group, GroupMember, GroupRole, MemberCard } from '../../core/groups/types.js';
import type { DatabaseKind } from '../database.js';
import type { Database } from '../schema.js';
import type { GroupMembersTable, GroupsTable } from '../tables/groups.js';
import { containsText } from '../text-search.js';
import type { ChangeRepo } from './changes.js';

export type NewGroup = Omit<Group, 'id'>;

function toGroup(row: Selectable<GroupsTable>): Group {
  return {
    id: row.id,
    appId: row.app_id,
    gid: String(row.number),
    guildId: row.guild_id,
    publicId: row.open_id,
    joinKey: row.join_key,
    name: row.name,
    sign: row.sign,
    photos: JSON.parse(row.photos) as string[],
    location: row.lat !== null && row.lng !== null ? { lat: row.lat, lng: row.lng } : null,
    ownerId: row.owner_id,
    maxMembers: row.max_members,
    createdAt: row.created_at,
    dissolvedAt: row.dissolved_at,
  };
}

type MemberRow = Pick<
  Selectable<GroupMembersTable>,
  'account_id' | 'role' | 'joined_at' | 'label' | 'nickname' | 'zone_id' | 'role_id' | 'plat_id'
>;

const MEMBER_COLUMNS = [
  'account_id',
  'role',
  'joined_at',
  'label',
  'nickname',
  'zone_id',
  'role_id',
  'plat_id',
] as const;

function toMember(row: MemberRow): GroupMember {
  return {
    accountId: row.account_id,
    role: row.role as GroupRole,
    joinedAt: row.joined_at,
    card: {
      label: row.label,
      nickname: row.nickname,
      zoneId: row.zone_id,
      roleId: row.role_id,
      platId: row.plat_id,
    },
  };
}

function cardColumns(card: Partial<MemberCard>) {
  return {
    label: card.label,
    nickname: card.nickname,
    zone_id: card.zoneId,
    role_id: card.roleId,
    plat_id: card.platId,
  };
}

/** Every change to a group or its members is published (GROUP_CHANGED). */
export class GroupRepo {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly kind: DatabaseKind,
    private readonly changes: ChangeRepo,
  ) {}

  private changed(groupId: number): Promise<void> {
    return this.changes.publish(GROUP_CHANGED, groupId);
  }

  /**
   * The group a guild is bound to, dissolved or not. `lock` holds its row until the transaction
   * ends, so changes to one group run one at a time (PostgreSQL; SQLite runs transactions one at
   * a time anyway). The same holds for the other lookups.
   */
  byGuild(guildId: number, lock = false): Promise<Group | undefined> {
    return this.one((qb) => qb.where('guild_id', '=', guildId), lock);
  }

  /** The groups bound to these guilds, dissolved or not. */
  async byGuilds(guildIds: readonly number[]): Promise<Group[]> {
    if (guildIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('groups')
      .selectAll()
      .where('guild_id', 'in', guildIds)
      .execute();
    return rows.map(toGroup);
  }

  /** By number, in any app (numbers are unique across apps). */
  async byNumber(gid: string, lock = false): Promise<Group | undefined> {
    if (!/^\d{1,15}$/.test(gid)) return undefined;
    return this.one((qb) => qb.where('number', '=', Number(gid)), lock);
  }

  /** By open id, in any app (open ids are unique across apps). */
  byPublicId(publicId: string, lock = false): Promise<Group | undefined> {
    return this.one((qb) => qb.where('open_id', '=', publicId), lock);
  }

  /** By join key, in any app (join keys are unique across apps). */
  byJoinKey(joinKey: string, lock = false): Promise<Group | undefined> {
    return this.one((qb) => qb.where('join_key', '=', joinKey), lock);
  }

  private async one(
    filter: (
      qb: SelectQueryBuilder<Database, 'groups', Selectable<GroupsTable>>,
    ) => SelectQueryBuilder<Database, 'groups', Selectable<GroupsTable>>,
    lock: boolean,
  ): Promise<Group | undefined> {
    const row = await filter(this.db.selectFrom('groups').selectAll())
      .$if(lock && this.kind === 'postgres', (qb) => qb.forUpdate())
      .executeTakeFirst();
    return row && toGroup(row);
  }

  /**
   * The app's groups in id order after `afterId`, at most `limit`; with `search`, those whose
   * name or number contains it.
   */
  async ofApp(appId: string, afterId: number, limit: number, search?: string): Promise<Group[]> {
    const rows = await this.db
      .selectFrom('groups')
      .selectAll()
      .where('app_id', '=', appId)
      .where('id', '>', afterId)
      .$if(search !== undefined, (qb) => qb.where(containsText(['name', 'number'], search ?? '')))
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toGroup);
  }

  /** The app's groups the account owns and has not dissolved, in id order. */
  async ofOwner(appId: string, accountId: number): Promise<Group[]> {
    const rows = await this.db
      .selectFrom('groups')
      .selectAll()
      .where('app_id', '=', appId)
      .where('owner_id', '=', accountId)
      .where('dissolved_at', 'is', null)
      .orderBy('id')
      .execute();
    return rows.map(toGroup);
  }

  /** The app's groups the account belongs to, with its membership in each, in id order. */
  async ofMember(
    appId: string,
    accountId: number,
  ): Promise<{ group: Group; member: GroupMember }[]> {
    const rows = await this.db
      .selectFrom('group_members')
      .innerJoin('groups', 'groups.id', 'group_members.group_id')
      .selectAll('groups')
      .select(MEMBER_COLUMNS.map((column) => `group_members.${column}` as const))
      .where('groups.app_id', '=', appId)
      .where('group_members.account_id', '=', accountId)
      .orderBy('groups.id')
      .execute();
    return rows.map((row) => ({ group: toGroup(row), member: toMember(row) }));
  }

  /** Members in the order they joined. */
  async members(groupId: number): Promise<GroupMember[]> {
    const rows = await this.db
      .selectFrom('group_members')
      .select(MEMBER_COLUMNS)
      .where('group_id', '=', groupId)
      .orderBy('joined_at')
      .orderBy('account_id')
      .execute();
    return rows.map(toMember);
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

  async insert(group: NewGroup): Promise<Group> {
    const row = await this.db
      .insertInto('groups')
      .values({
        app_id: group.appId,
        number: Number(group.gid),
        guild_id: group.guildId,
        open_id: group.publicId,
        join_key: group.joinKey,
        name: group.name,
        sign: group.sign,
        photos: JSON.stringify(group.photos),
        lat: group.location?.lat ?? null,
        lng: group.location?.lng ?? null,
        owner_id: group.ownerId,
        max_members: group.maxMembers,
        created_at: group.createdAt,
        dissolved_at: group.dissolvedAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await this.changed(row.id);
    return toGroup(row);
  }

  async setOwner(groupId: number, ownerId: number): Promise<void> {
    await this.db
      .updateTable('groups')
      .set({ owner_id: ownerId })
      .where('id', '=', groupId)
      .execute();
    await this.changed(groupId);
  }

  async setGuild(groupId: number, guildId: number | null): Promise<void> {
    await this.db
      .updateTable('groups')
      .set({ guild_id: guildId })
      .where('id', '=', groupId)
      .execute();
    await this.changed(groupId);
  }

  async setName(groupId: number, name: string): Promise<void> {
    await this.db.updateTable('groups').set({ name }).where('id', '=', groupId).execute();
    await this.changed(groupId);
  }

  /** Marks the group dissolved and removes its members. */
  async dissolve(groupId: number, at: number): Promise<void> {
    await this.db.deleteFrom('group_members').where('group_id', '=', groupId).execute();
    await this.db
      .updateTable('groups')
      .set({ dissolved_at: at })
      .where('id', '=', groupId)
      .execute();
    await this.changed(groupId);
  }

  /** Deletes the group and its members. */
  async delete(groupId: number): Promise<void> {
    await this.db.deleteFrom('group_members').where('group_id', '=', groupId).execute();
    await this.db.deleteFrom('groups').where('id', '=', groupId).execute();
    await this.changed(groupId);
  }

  async member(groupId: number, accountId: number): Promise<GroupMember | undefined> {
    const row = await this.db
      .selectFrom('group_members')
      .select(MEMBER_COLUMNS)
      .where('group_id', '=', groupId)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return row && toMember(row);
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
        ...cardColumns(member.card),
      })
      .execute();
    await this.changed(groupId);
  }

  /** Changes the card fields given; the others keep their value. */
  async updateCard(groupId: number, accountId: number, card: Partial<MemberCard>): Promise<void> {
    const changes = Object.fromEntries(
      Object.entries(cardColumns(card)).filter(
        ([, value]) => value !== undefined && value !== null,
      ),
    );
    if (Object.keys(changes).length === 0) return;
    await this.db
      .updateTable('group_members')
      .set(changes)
      .where('group_id', '=', groupId)
      .where('account_id', '=', accountId)
      .execute();
    await this.changed(groupId);
  }

  /** Whether there was such a member to remove. */
  async removeMember(groupId: number, accountId: number): Promise<boolean> {
    const result = await this.db
      .deleteFrom('group_members')
      .where('group_id', '=', groupId)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    if (result.numDeletedRows === 0n) return false;
    await this.changed(groupId);
    return true;
  }

  async setRole(groupId: number, accountId: number, role: GroupRole): Promise<void> {
    await this.db
      .updateTable('group_members')
      .set({ role })
      .where('group_id', '=', groupId)
      .where('account_id', '=', accountId)
      .execute();
    await this.changed(groupId);
  }
}
