import { fail } from '../errors.js';
import type { Account } from '../players/types.js';
import type { Store } from '../../store/store.js';
import type { Group, GroupRef, Guild, GuildKey } from './types.js';

/** The account, if it plays the app. */
export async function playerOf(
  store: Pick<Store, 'players'>,
  appId: string,
  accountId: number,
): Promise<Account> {
  const player = await store.players.appPlayer(appId, accountId);
  const account = player && (await store.players.accountById(accountId));
  return account ?? fail('player.not_found', 'not a player of this app');
}

/** Tells whether ids of a namespace identify a person (the identity registry). */
export type Identifies = (namespace: string) => boolean;

/**
 * The account, if it may own a group in the app: not a guest, unless the player logged in to the
 * app under an id of a namespace that identifies a person (such players own groups there).
 */
export async function possibleOwner(
  store: Pick<Store, 'players' | 'playerIds'>,
  identifies: Identifies,
  appId: string,
  accountId: number,
) {
  const account = await playerOf(store, appId, accountId);
  if (account.kind !== 'guest') return account;
  const ids = await store.playerIds.ofAccount(appId, accountId);
  if (!ids.some((id) => id.active && identifies(id.namespace)))
    fail('group.guest_owner', 'a guest cannot own a group');
  return account;
}

export async function guildOf(store: Pick<Store, 'guilds'>, key: GuildKey): Promise<Guild> {
  return (await store.guilds.byKey(key)) ?? fail('guild.not_found', 'no such guild');
}

/**
 * The group the reference names, dissolved or not; `lock` holds it for the rest of the
 * transaction. A group of another app is refused as such (numbers, open ids and join keys are
 * unique across apps).
 */
export async function groupOf(
  store: Pick<Store, 'guilds' | 'groups'>,
  ref: GroupRef,
  lock = false,
): Promise<Group> {
  let group: Group | undefined;
  if ('guild' in ref) {
    const guild = await store.guilds.byKey(ref.guild);
    group = guild && (await store.groups.byGuild(guild.id, lock));
    return group ?? fail('group.not_found', 'the guild has no group');
  }
  if ('gid' in ref) group = await store.groups.byNumber(ref.gid, lock);
  else if ('publicId' in ref) group = await store.groups.byPublicId(ref.publicId, lock);
  else group = await store.groups.byJoinKey(ref.joinKey, lock);
  if (!group) fail('group.not_found', 'no such group');
  if (group.appId !== ref.appId) fail('group.other_app', 'the group belongs to another app');
  return group;
}

export function mustBeLive(group: Group): void {
  if (group.dissolvedAt !== null) fail('group.dissolved', 'the group was dissolved');
}

export async function liveGroupOf(
  store: Pick<Store, 'guilds' | 'groups'>,
  ref: GroupRef,
  lock = false,
): Promise<Group> {
  const group = await groupOf(store, ref, lock);
  mustBeLive(group);
  return group;
}

export async function ownedGroup(
  store: Pick<Store, 'guilds' | 'groups'>,
  ref: GroupRef,
  operatorId: number,
): Promise<Group> {
  const group = await liveGroupOf(store, ref, true);
  if (group.ownerId !== operatorId) fail('group.not_owner', 'only the owner may do this');
  return group;
}

/** The guild the group is bound to. */
export async function bindingOf(store: Pick<Store, 'guilds'>, group: Group): Promise<Guild> {
  const guild =
    group.guildId === null ? undefined : await store.guilds.byId(group.appId, group.guildId);
  return guild ?? fail('group.not_bound', 'the group is not bound to a guild');
}

/** Whether the game has shown the player as a member of the guild, or they are in its group. */
export async function knownInGuild(
  store: Pick<Store, 'guilds' | 'groups'>,
  guild: Guild,
  accountId: number,
): Promise<boolean> {
  if (guild.presidentId === accountId || (await store.guilds.isMember(guild.id, accountId))) {
    return true;
  }
  const group = await store.groups.byGuild(guild.id);
  return group !== undefined && (await store.groups.member(group.id, accountId)) !== undefined;
}
