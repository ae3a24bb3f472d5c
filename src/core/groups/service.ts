import type { ChangeFeed } from '../changes.js';
import { DomainError, fail } from '../errors.js';
import type { InboxService } from '../messaging/inbox.js';
import type { Account } from '../players/types.js';
import type { Clock, Random } from '../runtime.js';
import { randomHex } from '../runtime.js';
import type { Store, StoreSlice } from '../../store/store.js';
import type { Identifies } from './lookup.js';
import { groupOf, liveGroupOf, mustBeLive, ownedGroup, playerOf, possibleOwner } from './lookup.js';
import { GroupSnapshots } from './snapshots.js';
import type {
  Group,
  GroupMember,
  GroupRef,
  GroupRole,
  Guild,
  GuildKey,
  MemberCard,
} from './types.js';
import { DEFAULT_MAX_GROUP_MEMBERS, EMPTY_CARD, GROUP_MESSAGE_MAX_LENGTH } from './types.js';

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

export interface GroupDetail extends GroupSummary {
  members: readonly GroupMember[];
}

/** A group with its admins (account ids, in the order they joined). */
export interface GroupView extends GroupSummary {
  adminIds: readonly number[];
}

export interface BoundGroupView extends GroupView {
  guild: Guild;
}

export interface ViewOptions {
  bound?: boolean;
  live?: boolean;
  viewerId?: number;
}

export interface CreatedGroup {
  guild: Guild;
  group: Group;
  /** The owner, so far the only member. */
  owner: Account;
}

export interface CreateOptions {
  /** The group's name (default: the guild's name, or "<app>公会群"). */
  name?: string;
  /** The guild's name in the game. */
  guildName?: string;
  /** The owner's card in the group. */
  card?: Partial<MemberCard>;
}

/** A message to every member of a group: a title and the fields the game sent along. */
export interface GroupMessage {
  title: string;
  fields: Record<string, unknown>;
}

/**
 * Chat groups: an owner (never a guest), admins and members, a maximum size, and at most one
 * bound to each guild. Only the owner may remove others, name admins, hand the group over or
 * dissolve it. A dissolved group keeps its guild binding until the guild unbinds or next joins.
 */
export class GroupService {
  private readonly snapshots: GroupSnapshots;

  constructor(
    private readonly store: StoreSlice<'apps' | 'groups' | 'guilds' | 'players'>,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly inbox: InboxService,
    private readonly identifies: Identifies,
    changes: ChangeFeed,
  ) {
    this.snapshots = new GroupSnapshots(store, changes);
  }

  /**
   * Creates a group bound to the guild (created if new), with `ownerId` as its owner and as the
   * guild's leader. A group the guild is still bound to after it was dissolved is dropped.
   */
  async create(key: GuildKey, ownerId: number, options: CreateOptions = {}): Promise<CreatedGroup> {
    try {
      return await this.store.transaction(async (store) => {
        const owner = await possibleOwner(store, this.identifies, key.appId, ownerId);
        const now = this.clock.now();
        const guild = await store.guilds.upsert(key, options.guildName ?? null, ownerId, now);
        const bound = await store.groups.byGuild(guild.id, true);
        if (bound?.dissolvedAt === null) fail('group.exists', 'the guild already has a group');
        if (bound) await store.groups.delete(bound.id);
        const app = (await store.apps.byId(key.appId)) ?? fail('app.not_found', 'no such app');
        const name = options.name ?? (guild.name || `${app.name}公会群`);
        const group = await this.insert(store, key.appId, owner, guild.id, name, options.card);
        await store.guilds.addMember(guild.id, ownerId, now);
        return { guild, group, owner };
      });
    } catch (error) {
      // A concurrent create for the same guild committed first (one group per guild is unique).
      if (!(error instanceof DomainError) && (await this.find(key))) {
        fail('group.exists', 'the guild already has a group');
      }
      throw error;
    }
  }

  /** Creates a group bound to no guild (a player's own group, which a guild may bind later). */
  async createUnbound(appId: string, ownerId: number, name: string): Promise<Group> {
    return this.store.transaction(async (store) => {
      const owner = await possibleOwner(store, this.identifies, appId, ownerId);
      return this.insert(store, appId, owner, null, name, undefined);
    });
  }

  /**
   * Adds the player to the group. With `gid`, the group must be the one `ref` names. Joining
   * through a guild whose group was dissolved unbinds the guild and fails.
   */
  async join(
    ref: GroupRef,
    accountId: number,
    options: { gid?: string; card?: Partial<MemberCard> } = {},
  ): Promise<Group> {
    const outcome = await this.store.transaction(async (store) => {
      const group = await groupOf(store, ref, true);
      if (group.dissolvedAt !== null) {
        if ('guild' in ref) await store.groups.delete(group.id);
        return 'dissolved' as const;
      }
      if (options.gid !== undefined && options.gid !== group.gid) {
        fail('group.not_bound', `group ${options.gid} is not bound to the guild`);
      }
      await playerOf(store, group.appId, accountId);
      if (await store.groups.member(group.id, accountId))
        fail('group.already_member', 'already a member of the group');
      if ((await store.groups.memberCount(group.id)) >= group.maxMembers)
        fail('group.full', 'the group is full');
      const now = this.clock.now();
      await store.groups.addMember(group.id, {
        accountId,
        role: 'member',
        joinedAt: now,
        card: { ...EMPTY_CARD, ...options.card },
      });
      if (group.guildId !== null) await store.guilds.addMember(group.guildId, accountId, now);
      return group;
    });
    if (outcome === 'dissolved') {
      fail('group.dissolved', 'the group was dissolved; the guild is no longer bound to it');
    }
    return outcome;
  }

  async kick(ref: GroupRef, operatorId: number, targetId: number): Promise<void> {
    await this.store.transaction(async (store) => {
      await removeMember(store, await ownedGroup(store, ref, operatorId), targetId);
    });
  }

  async leave(ref: GroupRef, accountId: number): Promise<void> {
    await this.store.transaction(async (store) => {
      await removeMember(store, await liveGroupOf(store, ref, true), accountId);
    });
  }

  /**
   * Dissolves the group: its members go. A group bound to a guild stays as a dissolved record
   * (the binding outlives it); an unbound one is deleted.
   */
  async disband(ref: GroupRef, operatorId: number): Promise<void> {
    await this.store.transaction(async (store) => {
      const group = await ownedGroup(store, ref, operatorId);
      if (group.guildId === null) await store.groups.delete(group.id);
      else await store.groups.dissolve(group.id, this.clock.now());
    });
  }

  /** Hands the group to a member who is not a guest; the old owner stays as a member. */
  async changeOwner(ref: GroupRef, operatorId: number, newOwnerId: number): Promise<void> {
    await this.store.transaction(async (store) => {
      const group = await ownedGroup(store, ref, operatorId);
      if (newOwnerId === group.ownerId) return;
      if (!(await store.groups.member(group.id, newOwnerId)))
        fail('group.not_member', 'the new owner is not a member');
      await possibleOwner(store, this.identifies, group.appId, newOwnerId);
      await store.groups.setOwner(group.id, newOwnerId);
      await store.groups.setRole(group.id, newOwnerId, 'owner');
      await store.groups.setRole(group.id, group.ownerId, 'member');
    });
  }

  /** Makes a member an admin, or an admin a plain member again. */
  async setAdmin(ref: GroupRef, operatorId: number, targetId: number, admin: boolean) {
    await this.store.transaction(async (store) => {
      const group = await ownedGroup(store, ref, operatorId);
      if (targetId === group.ownerId) fail('invalid_argument', 'the owner is not an admin');
      if (!(await store.groups.member(group.id, targetId)))
        fail('group.not_member', 'not a member of the group');
      await store.groups.setRole(group.id, targetId, admin ? 'admin' : 'member');
    });
  }

  /** The guild's group, unless it was dissolved. */
  async find(key: GuildKey): Promise<Group | undefined> {
    const guild = await this.store.guilds.byKey(key);
    const group = guild && (await this.store.groups.byGuild(guild.id));
    return group?.dissolvedAt === null ? group : undefined;
  }

  async isMember(key: GuildKey, accountId: number): Promise<boolean> {
    const group = await this.find(key);
    return (
      group !== undefined && (await this.store.groups.member(group.id, accountId)) !== undefined
    );
  }

  /** The player's role in the (live) group, or null when not a member. */
  async roleOf(ref: GroupRef, accountId: number): Promise<GroupRole | null> {
    const { group, roles } = await this.snapshots.of(ref);
    mustBeLive(group);
    return roles.get(accountId) ?? null;
  }

  /** Which of the accounts belong to the (live) group, and how many members it has. */
  async membersAmong(
    ref: GroupRef,
    accountIds: readonly number[],
  ): Promise<{ members: Set<number>; memberCount: number }> {
    const { group, roles } = await this.snapshots.of(ref);
    mustBeLive(group);
    return { members: new Set(accountIds.filter((id) => roles.has(id))), memberCount: roles.size };
  }

  /** The group, its guild and members; `viewerId` must be one of them. */
  async detail(ref: GroupRef, options: { viewerId?: number } = {}): Promise<GroupDetail> {
    const { group, guild, members, roles } = await this.snapshots.of(ref);
    if (options.viewerId !== undefined && !roles.has(options.viewerId)) {
      fail('group.not_member', 'only members may see the group');
    }
    return { group, guild, memberCount: members.length, members };
  }

  /**
   * The group's facts without its member list (cheap for big groups): guild, size and admins.
   * `bound` refuses a group bound to no guild, `live` a dissolved one, `viewerId` a non-member,
   * checked in that order.
   */
  async view(ref: GroupRef, options: ViewOptions & { bound: true }): Promise<BoundGroupView>;
  async view(ref: GroupRef, options?: ViewOptions): Promise<GroupView>;
  async view(ref: GroupRef, options: ViewOptions = {}): Promise<GroupView> {
    const { group, guild, roles, adminIds } = await this.snapshots.of(ref);
    if (options.bound && !guild) fail('group.not_bound', 'the group is not bound to a guild');
    if (options.live) mustBeLive(group);
    if (options.viewerId !== undefined && !roles.has(options.viewerId)) {
      fail('group.not_member', 'only members may see the group');
    }
    return { group, guild, memberCount: roles.size, adminIds };
  }

  /**
   * A page of the app's groups, each with its guild and member count; with `search`, those whose
   * name or number contains it (ignoring case).
   */
  async listApp(
    appId: string,
    afterId: number,
    limit: number,
    search?: string,
  ): Promise<GroupSummary[]> {
    return this.summaries(await this.store.groups.ofApp(appId, afterId, limit, search));
  }

  /** The app's groups the player belongs to, with their role. */
  async groupsOf(
    appId: string,
    accountId: number,
  ): Promise<(GroupSummary & { role: GroupRole })[]> {
    const memberships = await this.store.groups.ofMember(appId, accountId);
    const summaries = await this.summaries(memberships.map((m) => m.group));
    return summaries.map((summary, i) => ({ ...summary, role: memberships[i]!.member.role }));
  }

  /** The app's live groups the player owns. */
  ownedBy(appId: string, accountId: number): Promise<Group[]> {
    return this.store.groups.ofOwner(appId, accountId);
  }

  /** Sends the message to every member's inbox (the sender's too); returns how many got it. */
  async sendToMembers(ref: GroupRef, senderId: number, message: GroupMessage): Promise<number> {
    const group = await liveGroupOf(this.store, ref);
    const members = await this.store.groups.members(group.id);
    if (!members.some((m) => m.accountId === senderId))
      fail('group.not_member', 'only members may message the group');
    const app = (await this.store.apps.byId(group.appId)) ?? fail('app.not_found', 'no such app');
    const sender = await playerOf(this.store, group.appId, senderId);
    const content = JSON.stringify({
      type: 'group.message',
      gid: group.gid,
      group_name: group.name,
      from: sender.publicId,
      title: message.title,
      ...message.fields,
    });
    return this.inbox.toPlayers(
      app,
      members.map((m) => m.accountId),
      content,
      { maxLength: GROUP_MESSAGE_MAX_LENGTH, pushText: message.title },
    );
  }

  private async bindingOf(group: Group): Promise<Guild | null> {
    if (group.guildId === null) return null;
    return (await this.store.guilds.byId(group.appId, group.guildId)) ?? null;
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

  private async insert(
    store: Store,
    appId: string,
    owner: Account,
    guildId: number | null,
    name: string,
    card: Partial<MemberCard> | undefined,
  ): Promise<Group> {
    const now = this.clock.now();
    const group = await store.groups.insert({
      appId,
      gid: await this.freeGid(store),
      guildId,
      publicId: randomHex(this.random, 16).toUpperCase(),
      joinKey: this.random.bytes(24).toString('base64url'),
      name,
      sign: name && `欢迎加入${name}`,
      photos: [],
      location: owner.location && { lat: owner.location.lat, lng: owner.location.lng },
      ownerId: owner.id,
      maxMembers: DEFAULT_MAX_GROUP_MEMBERS,
      createdAt: now,
      dissolvedAt: null,
    });
    await store.groups.addMember(group.id, {
      accountId: owner.id,
      role: 'owner',
      joinedAt: now,
      card: { ...EMPTY_CARD, ...card },
    });
    return group;
  }

  private async freeGid(store: Store): Promise<string> {
    for (let attempt = 0; attempt < GID_ATTEMPTS; attempt++) {
      const gid = String(this.random.int(GID_MIN, GID_MAX));
      if (!(await store.groups.byNumber(gid))) return gid;
    }
    throw new Error('no free group number found');
  }
}

/** Removes a member other than the owner, who can only hand the group over or dissolve it. */
async function removeMember(store: Store, group: Group, accountId: number): Promise<void> {
  if (accountId === group.ownerId) fail('group.owner_cannot_leave', 'the owner cannot leave');
  if (!(await store.groups.removeMember(group.id, accountId)))
    fail('group.not_member', 'not a member of the group');
}
