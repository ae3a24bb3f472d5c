/** Guilds and chat groups as the admin API answers them. */

export interface BoundGroup {
  gid: string;
  name: string;
  open_id: string;
  dissolved_at: number | null;
}

export interface Guild {
  id: number;
  union_id: string;
  zone: string;
  kind: string;
  name: string;
  leader: string | null;
  roster_size: number;
  group: BoundGroup | null;
}

export interface GuildDetail extends Guild {
  roster: { player_id: string; joined_at: number }[];
}

export interface ChatGroup {
  gid: string;
  open_id: string;
  name: string;
  owner: string;
  member_count: number;
  max_members: number;
  guild: { union_id: string; zone: string; kind: string; name: string } | null;
  created_at: number;
  dissolved_at: number | null;
}

export interface GroupMember {
  player_id: string;
  role: string;
  joined_at: number;
  card: { label: string | null; nickname: string | null };
}

export interface GroupDetail extends ChatGroup {
  members: GroupMember[];
}
