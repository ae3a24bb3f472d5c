import { dayOf } from '../achievements/calendar.js';
import { fail } from '../errors.js';
import type { InboxService } from '../messaging/inbox.js';
import type { AppService } from '../apps/service.js';
import type { Clock } from '../runtime.js';
import type { StoreSlice } from '../../store/store.js';
import { bindingOf, groupOf, guildOf, knownInGuild, liveGroupOf, playerOf } from './lookup.js';
import type {
  Group,
  GroupRef,
  Guild,
  GuildKey,
  GuildKind,
  GuildMember,
  MemberCard,
} from './types.js';
import { UNBIND_INTERVAL_MS } from './types.js';

/** A guild as lists show it: its bound group (if any) and the size of its roster. */
export interface GuildSummary {
  guild: Guild;
  group: Group | null;
  rosterSize: number;
}

/**
 * Binding of guilds to groups, and the guild rosters it relies on. Guilds are the game's: the
 * game vouches for the guild a player names, so each binding call records the caller in the
 * roster, and binding or unbinding names the caller the guild's leader.
 */
export class GuildBindings {
  constructor(
    private readonly store: StoreSlice<'groups' | 'guilds'>,
    private readonly clock: Clock,
    private readonly inbox: InboxService,
    private readonly apps: AppService,
  ) {}

  /** Binds the operator's own (live, unbound) group to the guild, which has no live group. */
  async bind(
    key: GuildKey,
    ref: GroupRef,
    operatorId: number,
    options: { groupName?: string; guildName?: string; card?: Partial<MemberCard> } = {},
  ): Promise<Group> {
    return this.store.transaction(async (store) => {
      const group = await liveGroupOf(store, ref, true);
      if (group.ownerId !== operatorId) fail('group.not_owner', 'only the owner may bind it');
      const now = this.clock.now();
      const guild = await store.guilds.upsert(key, options.guildName ?? null, operatorId, now);
      if (group.guildId !== null && group.guildId !== guild.id)
        fail('group.bound', 'the group is bound to another guild');
      const bound = await store.groups.byGuild(guild.id, true);
      if (bound && bound.id !== group.id) {
        if (bound.dissolvedAt === null) fail('group.exists', 'the guild already has a group');
        await store.groups.delete(bound.id);
      }
      await store.groups.setGuild(group.id, guild.id);
      const name = options.groupName ?? group.name;
      if (name !== group.name) await store.groups.setName(group.id, name);
      if (options.card) await store.groups.updateCard(group.id, operatorId, options.card);
      await store.guilds.addMember(guild.id, operatorId, now);
      return { ...group, guildId: guild.id, name };
    });
  }

  /**
   * Ends the binding of the group `ref` names. The operator must be known in the guild (the game
   * vouches that they lead it, also after the leadership moved) and becomes its leader. With
   * `unionId`, the group must be bound to that guild. A guild unbinds at most once a minute.
   */
  async unbind(
    ref: GroupRef,
    operatorId: number,
    options: { unionId?: string; guildName?: string } = {},
  ): Promise<void> {
    const { unionId, guildName } = options;
    await this.store.transaction(async (store) => {
      const group = await groupOf(store, ref, true);
      const guild = await bindingOf(store, group);
      if (unionId !== undefined && guild.unionId !== unionId)
        fail('group.other_guild', 'the group is bound to another guild');
      await playerOf(store, group.appId, operatorId);
      if (!(await knownInGuild(store, guild, operatorId)))
        fail('guild.not_member', 'only a member of the guild may unbind its group');
      const now = this.clock.now();
      if (!(await store.guilds.markUnbound(guild.id, now, UNBIND_INTERVAL_MS)))
        fail('limit.exceeded', 'the guild unbound a group less than a minute ago');
      if (group.dissolvedAt === null) await store.groups.setGuild(group.id, null);
      else await store.groups.delete(group.id);
      await store.guilds.upsert(guild, guildName ?? null, operatorId, now);
      await store.guilds.addMember(guild.id, operatorId, now);
    });
  }

  /**
   * A member's reminder to the guild's leader to bind a group: to `leaderId`, or the leader
   * Guildhall knows. The sender is recorded in the roster; the leader must be known in the
   * guild. One a day per member (the app's day); delivered to the leader's inbox.
   */
  async remindLeader(
    key: GuildKey,
    senderId: number,
    leaderId: number | null,
    senderName: string,
  ): Promise<void> {
    const app = await this.apps.get(key.appId);
    const day = dayOf(this.clock.now(), app.settings.timezone);
    const { guild, leader, sender } = await this.store.transaction(async (store) => {
      const guild = await guildOf(store, key);
      const leader = leaderId ?? guild.presidentId ?? fail('guild.no_leader', 'no known leader');
      if (leader === senderId) fail('invalid_argument', 'the leader cannot remind themselves');
      const sender = await playerOf(store, key.appId, senderId);
      await playerOf(store, key.appId, leader);
      if (!(await knownInGuild(store, guild, leader)))
        fail('guild.not_member', 'the leader is not a member of the guild');
      await store.guilds.addMember(guild.id, senderId, this.clock.now());
      if (!(await store.guilds.remind(guild.id, senderId, day)))
        fail('limit.exceeded', 'one reminder a day per member');
      return { guild, leader, sender };
    });
    const content = JSON.stringify({
      type: 'guild.bind_reminder',
      union_id: guild.unionId,
      zone: guild.zone,
      kind: guild.kind,
      guild_name: guild.name,
      from: sender.publicId,
      from_name: senderName,
    });
    const text = `${senderName} asks you to bind a chat group to ${guild.name || 'the guild'}`;
    try {
      await this.inbox.toPlayer(app, leader, content, { maxLength: 4096, pushText: text });
    } catch (error) {
      await this.store.guilds.forgetReminder(guild.id, senderId, day);
      throw error;
    }
  }

  /** The guild's bound group, dissolved or not (the binding outlives it). */
  async groupOf(key: GuildKey): Promise<Group> {
    return groupOf(this.store, { guild: key });
  }

  /** The guild the group is bound to; with `kind`, a guild of that kind. */
  async guildOf(ref: GroupRef, kind?: GuildKind): Promise<Guild> {
    const guild = await bindingOf(this.store, await groupOf(this.store, ref));
    if (kind !== undefined && guild.kind !== kind)
      fail('group.not_bound', `the group is not bound to a ${kind}`);
    return guild;
  }

  /**
   * A page of the app's guilds, with their bound group and roster size; with `search`, those
   * whose name or union id contains it (ignoring case).
   */
  async listApp(
    appId: string,
    afterId: number,
    limit: number,
    search?: string,
  ): Promise<GuildSummary[]> {
    const guilds = await this.store.guilds.ofApp(appId, afterId, limit, search);
    const ids = guilds.map((guild) => guild.id);
    const [sizes, groups] = await Promise.all([
      this.store.guilds.memberCounts(ids),
      this.store.groups.byGuilds(ids),
    ]);
    const groupByGuild = new Map(groups.map((group) => [group.guildId, group]));
    return guilds.map((guild) => ({
      guild,
      group: groupByGuild.get(guild.id) ?? null,
      rosterSize: sizes.get(guild.id) ?? 0,
    }));
  }

  async detail(appId: string, guildId: number): Promise<GuildSummary & { roster: GuildMember[] }> {
    const guild =
      (await this.store.guilds.byId(appId, guildId)) ?? fail('guild.not_found', 'no such guild');
    const [roster, group] = await Promise.all([
      this.store.guilds.members(guild.id),
      this.store.groups.byGuild(guild.id),
    ]);
    return { guild, group: group ?? null, rosterSize: roster.length, roster };
  }

  /**
   * An operator's dissolution of the guild's group: its members go and the binding ends, so the
   * group is deleted (as unbinding a dissolved group deletes it) and the guild may bind a new
   * one. The guild and its roster stay: they are the game's. `confirmation` must repeat the
   * guild's union id.
   */
  async dissolveGroup(appId: string, guildId: number, confirmation: string): Promise<Group> {
    return this.store.transaction(async (store) => {
      const guild =
        (await store.guilds.byId(appId, guildId)) ?? fail('guild.not_found', 'no such guild');
      if (confirmation !== guild.unionId) {
        fail('invalid_argument', "confirm: the guild's union_id");
      }
      const group =
        (await store.groups.byGuild(guild.id, true)) ??
        fail('group.not_bound', 'the guild has no group');
      await store.groups.delete(group.id);
      return group;
    });
  }

  /** An operator's correction of a roster: adds or removes the player. */
  async setRosterMember(appId: string, guildId: number, accountId: number, member: boolean) {
    await this.store.transaction(async (store) => {
      const guild =
        (await store.guilds.byId(appId, guildId)) ?? fail('guild.not_found', 'no such guild');
      await playerOf(store, appId, accountId);
      if (member) await store.guilds.addMember(guild.id, accountId, this.clock.now());
      else if (!(await store.guilds.removeMember(guild.id, accountId)))
        fail('guild.not_member', 'not in the roster');
    });
  }

  /** An operator's naming of the guild's leader (who joins the roster). */
  async setLeader(appId: string, guildId: number, accountId: number): Promise<void> {
    await this.store.transaction(async (store) => {
      const guild =
        (await store.guilds.byId(appId, guildId)) ?? fail('guild.not_found', 'no such guild');
      await playerOf(store, appId, accountId);
      const now = this.clock.now();
      await store.guilds.upsert(guild, null, accountId, now);
      await store.guilds.addMember(guild.id, accountId, now);
    });
  }
}
