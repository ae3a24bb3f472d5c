/** A game guild (Momo union, MSDK guild): the game's own grouping of players, per app and zone. */
export interface Guild {
  id: number;
  appId: string;
  /** The game's identifier for the guild. */
  unionId: string;
  /** Game zone/server; '' when the game has one world. */
  zone: string;
  name: string;
  presidentId: number | null;
  createdAt: number;
}

/** Names a guild: the app, the game's union id and the zone ('' for Momo). */
export interface GuildKey {
  appId: string;
  unionId: string;
  zone: string;
}

export type GroupRole = 'owner' | 'admin' | 'member';

export const DEFAULT_MAX_GROUP_MEMBERS = 500;

/** A chat group bound to a guild (a Momo game group; a QQ or WeChat group under MSDK). */
export interface Group {
  id: number;
  appId: string;
  /** Guildhall's public number for the group, a numeric string ("33929269"). */
  gid: string;
  guildId: number | null;
  name: string;
  sign: string;
  photos: string[];
  location: { lat: number; lng: number } | null;
  ownerId: number;
  maxMembers: number;
  createdAt: number;
}

export interface GroupMember {
  accountId: number;
  role: GroupRole;
  joinedAt: number;
}
