import type { Generated } from 'kysely';

/** Tables of the groups domain: game guilds, their rosters, chat groups and group members. */
export interface GroupTables {
  guilds: GuildsTable;
  guild_members: GuildMembersTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
}

export interface GuildsTable {
  id: Generated<number>;
  app_id: string;
  union_id: string;
  zone: string;
  /** 'guild' | 'team' | 'event'. */
  kind: string;
  name: string;
  /** The leader, as the game last named one. */
  president_id: number | null;
  /** When the guild last gave up its group binding (unbinds are rate-limited). */
  unbound_at: number | null;
  created_at: number;
}

/** Players the game has presented as members of a guild. */
export interface GuildMembersTable {
  guild_id: number;
  account_id: number;
  joined_at: number;
  /** The day (app's time zone, yyyy-mm-dd) the member last reminded the leader to bind a group. */
  reminded_on: string | null;
}

export interface GroupsTable {
  id: Generated<number>;
  app_id: string;
  number: number;
  /** The guild the group is bound to. */
  guild_id: number | null;
  /** Public per-app id of the group (QQ's groupOpenid). */
  open_id: string;
  /** Secret that lets a player join (QQ's group_key). */
  join_key: string;
  name: string;
  sign: string;
  /** JSON array of photo ids. */
  photos: string;
  lat: number | null;
  lng: number | null;
  owner_id: number;
  max_members: number;
  created_at: number;
  /** Set when the owner dissolved the group; the row stays while a guild is still bound to it. */
  dissolved_at: number | null;
}

export interface GroupMembersTable {
  group_id: number;
  account_id: number;
  role: string;
  joined_at: number;
  /** The member's card in the group ("[YYYY] ZZZZ"). */
  label: string | null;
  nickname: string | null;
  zone_id: string | null;
  role_id: string | null;
  plat_id: string | null;
}
