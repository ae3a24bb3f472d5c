import { DomainError, fail } from '../errors.js';
import type { Account } from '../players/types.js';
import type { Clock, Random } from '../runtime.js';
import type { Store } from '../../store/store.js';
import type { Group, GroupMember, Guild, GuildKey } from './types.js';
import { DEFAULT_MAX_GROUP_MEMBERS } from './types.js';

/** Group numbers are 8 digits. */
const GID_MIN = 10_000_000;
const GID_MAX = 100_000_000;
const GID_ATTEMPTS = 10;

/** A group as lists show it: with its guild (the binding) and how many members it has. */
export interface GroupSummary {
  group: Group;
  guild: Guild | null;
  memberCount: number;
}

export interface CreatedGroup {
  guild: Guild;
  group: Group;
  /** The owner, so far the only member. */
  owner: Account;
}

/**
 * Chat groups bound to guilds: at most one per guild, with an owner (never a guest), members and
 * a maximum size. Only the owner may remove others, hand the group over or disband it.
 */
export class GroupService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly random: Random,
  ) {}

  /** Creates the guild's group, and the guild if it is new, with `ownerId` as its owner. */
  async create(key: GuildKey, ownerId: number): Promise<CreatedGroup> {
    try {
      return await this.store.transaction((store) => this.insert(store, key, ownerId));
    } catch (error) {
      // A concurrent create for the same guild committed first (one group per guild is unique).
      if (!(error instanceof DomainError) && (await this.find(key))) {
        fail('group.exists', 'the guild already has a group');
      }
      throw error;
    }
  }

  async join(key: GuildKey, accountId: number): Promise<void> {
    await this.store.transaction(async (store) => {
      const group = await lockedGroup(store, key);
      await playerOf(store, key.appId, accountId);
      if (await store.groups.member(group.id, accountId))
        fail('group.already_member', 'already a member of the group');
      if ((await store.groups.memberCount(group.id)) >= group.maxMembers)
        fail('group.full', 'the group is full');
      await store.groups.addMember(group.id, {
        accountId,
        role: 'member',
        joinedAt: this.clock.now(),
      });
    });
  }

  async kick(key: GuildKey, operatorId: number, targetId: number): Promise<void> {
    await this.store.transaction(async (store) => {
      const group = await ownedGroup(store, key, operatorId);
      await removeMember(store, group, targetId);
    });
  }

  async leave(key: GuildKey, accountId: number): Promise<void> {
    await this.store.transaction(async (store) => {
      await removeMember(store, await lockedGroup(store, key), accountId);
    });
  }

  /** Removes the group and its members; the guild stays. */
  async disband(key: GuildKey, operatorId: number): Promise<void> {
    await this.store.transaction(async (store) => {
      const group = await ownedGroup(store, key, operatorId);
      await store.groups.delete(group.id);
    });
  }

  /** Hands the group to a member who is not a guest; the old owner stays as a member. */
  async changeOwner(key: GuildKey, operatorId: number, newOwnerId: number): Promise<void> {
    await this.store.transaction(async (store) => {
      const group = await ownedGroup(store, key, operatorId);
      if (newOwnerId === group.ownerId) return;
      if (!(await store.groups.member(group.id, newOwnerId)))
        fail('group.not_member', 'the new owner is not a member');
      const account = await playerOf(store, key.appId, newOwnerId);
      if (account.kind === 'guest') fail('group.guest_owner', 'a guest cannot own a group');
      await store.groups.setOwner(group.id, newOwnerId);
      await store.groups.setRole(group.id, newOwnerId, 'owner');
      await store.groups.setRole(group.id, group.ownerId, 'member');
    });
  }

  async find(key: GuildKey): Promise<Group | undefined> {
    const guild = await this.store.guilds.byUnion(key.appId, key.unionId, key.zone);
    return guild && this.store.groups.byGuild(guild.id);
  }

  /** A page of the app's groups, each with its guild and member count. */
  async listApp(appId: string, afterId: number, limit: number): Promise<GroupSummary[]> {
    return this.summaries(await this.store.groups.ofApp(appId, afterId, limit));
  }

  /** The app's group with this number, its guild and its members. */
  async detail(appId: string, gid: string): Promise<GroupSummary & { members: GroupMember[] }> {
    const group =
      (await this.store.groups.byNumber(appId, gid)) ??
      fail('group.not_found', `no group ${gid} in this app`);
    const [summary] = await this.summaries([group]);
    return { ...(summary as GroupSummary), members: await this.store.groups.members(group.id) };
  }

  /** The app's groups the player belongs to, with their role. */
  async groupsOf(
    appId: string,
    accountId: number,
  ): Promise<(GroupSummary & { role: GroupMember['role'] })[]> {
    const memberships = await this.store.groups.ofMember(appId, accountId);
    const summaries = await this.summaries(memberships.map((m) => m.group));
    return summaries.map((summary, i) => ({ ...summary, role: memberships[i]!.member.role }));
  }

  private async summaries(groups: readonly Group[]): Promise<GroupSummary[]> {
    const guildIds = groups.flatMap((g) => (g.guildId === null ? [] : [g.guildId]));
    const [guilds, counts] = await Promise.all([
      this.store.guilds.byIds(guildIds),
      this.store.groups.memberCounts(groups.map((g) => g.id)),
    ]);
    const guildById = new Map(guilds.map((guild) => [guild.id, guild]));
    return groups.map((group) => ({
      group,
      guild: group.guildId === null ? null : (guildById.get(group.guildId) ?? null),
      memberCount: counts.get(group.id) ?? 0,
    }));
  }

  async isMember(key: GuildKey, accountId: number): Promise<boolean> {
    const group = await this.find(key);
    return (
      group !== undefined && (await this.store.groups.member(group.id, accountId)) !== undefined
    );
  }

  private async insert(store: Store, key: GuildKey, ownerId: number): Promise<CreatedGroup> {
    const owner = await playerOf(store, key.appId, ownerId);
    if (owner.kind === 'guest') fail('group.guest_owner', 'a guest cannot own a group');
    const app = (await store.apps.byId(key.appId)) ?? fail('app.not_found', 'no such app');
    const now = this.clock.now();
    const guild = await store.guilds.upsert(key.appId, key.unionId, key.zone, null, null, now);
    if (await store.groups.byGuild(guild.id)) fail('group.exists', 'the guild already has a group');
    const name = guild.name || `${app.name}公会群`;
    const group = await store.groups.insert({
      appId: key.appId,
      gid: await this.freeGid(store),
      guildId: guild.id,
      name,
      sign: `欢迎加入${name}`,
      photos: [],
      location: owner.location && { lat: owner.location.lat, lng: owner.location.lng },
      ownerId,
      maxMembers: DEFAULT_MAX_GROUP_MEMBERS,
      createdAt: now,
    });
    await store.groups.addMember(group.id, { accountId: ownerId, role: 'owner', joinedAt: now });
    return { guild, group, owner };
  }

  private async freeGid(store: Store): Promise<string> {
    for (let attempt = 0; attempt < GID_ATTEMPTS; attempt++) {
      const gid = String(this.random.int(GID_MIN, GID_MAX));
      if (!(await store.groups.numberTaken(gid))) return gid;
    }
    throw new Error('no free group number found');
  }
}

/** The account, if it plays the app. */
async function playerOf(store: Store, appId: string, accountId: number): Promise<Account> {
  const player = await store.players.appPlayer(appId, accountId);
  const account = player && (await store.players.accountById(accountId));
  return account ?? fail('player.not_found', 'not a player of this app');
}

/** The guild's group, locked for the rest of the transaction. */
async function lockedGroup(store: Store, key: GuildKey): Promise<Group> {
  const guild = await store.guilds.byUnion(key.appId, key.unionId, key.zone);
  const group = guild && (await store.groups.byGuild(guild.id, true));
  return group ?? fail('group.not_found', 'the guild has no group');
}

async function ownedGroup(store: Store, key: GuildKey, operatorId: number): Promise<Group> {
  const group = await lockedGroup(store, key);
  if (group.ownerId !== operatorId) fail('group.not_owner', 'only the owner may do this');
  return group;
}

/** Removes a member other than the owner, who can only hand the group over or disband it. */
async function removeMember(store: Store, group: Group, accountId: number): Promise<void> {
  if (accountId === group.ownerId) fail('group.owner_cannot_leave', 'the owner cannot leave');
  if (!(await store.groups.removeMember(group.id, accountId)))
    fail('group.not_member', 'not a member of the group');
}
