/** What a guild is in the game: a guild proper, a team or an event (types 0, 1, 2 on the wire). */
export type GuildKind = 'guild' | 'team' | 'event';

export const GUILD_KINDS: readonly GuildKind[] = ['guild', 'team', 'event'];

/** A game guild (a union, guild, team or event): the game's own grouping of players. */
export interface Guild {
  id: number;
  appId: string;
  /** The game's identifier for the guild. */
  unionId: string;
  /** Game zone/server; '' when the game has one world. */
  zone: string;
  kind: GuildKind;
  name: string;
  /** The leader, as the game last named one. */
  presidentId: number | null;
  unboundAt: number | null;
  createdAt: number;
}

/** Names a guild: the app, the game's union id, the zone ('' when the game has none) and the kind. */
export interface GuildKey {
  appId: string;
  unionId: string;
  zone: string;
  kind: GuildKind;
}

/** Names a group: by the guild it is bound to, or by its number, open id or join key. */
export type GroupRef =
  | { guild: GuildKey }
  | { appId: string; gid: string }
  | { appId: string; publicId: string }
  | { appId: string; joinKey: string };

export type GroupRole = 'owner' | 'admin' | 'member';

export const DEFAULT_MAX_GROUP_MEMBERS = 500;

/** Code points of a group message in the inbox: the JSON of the longest fields fits. */
export const GROUP_MESSAGE_MAX_LENGTH = 16_384;

/** A guild may give up its group binding at most once in this long. */
export const UNBIND_INTERVAL_MS = 60_000;

/** A chat group, perhaps bound to a guild (a platform's game group). */
export interface Group {
  id: number;
  appId: string;
  /** Guildhall's public number for the group, a numeric string ("33929269"). */
  gid: string;
  guildId: number | null;
  /** Public id of the group within its app: 32 uppercase hex digits. */
  publicId: string;
  /** Lets a player join the group (a join key). */
  joinKey: string;
  name: string;
  sign: string;
  photos: string[];
  location: { lat: number; lng: number } | null;
  ownerId: number;
  maxMembers: number;
  createdAt: number;
  /** When the owner dissolved it; a guild stays bound to it until unbound or next joined. */
  dissolvedAt: number | null;
}

/** How a member presents in the group, as the game told; null fields were never told. */
export interface MemberCard {
  /** The group card, "[YYYY] ZZZZ": game data (class, rank) and in-game nickname. */
  label: string | null;
  nickname: string | null;
  /** The member's own game zone (it may differ from the guild's). */
  zoneId: string | null;
  /** The member's character id and device platform in the game. */
  roleId: string | null;
  platId: string | null;
}

export const EMPTY_CARD: MemberCard = {
  label: null,
  nickname: null,
  zoneId: null,
  roleId: null,
  platId: null,
};

export interface GroupMember {
  accountId: number;
  role: GroupRole;
  joinedAt: number;
  card: MemberCard;
}

export interface GuildMember {
  accountId: number;
  joinedAt: number;
}
