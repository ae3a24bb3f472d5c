import type { Generated } from 'kysely';

/** Row types of every table. Times are unix milliseconds; booleans are 0/1 integers. */
export interface Database {
  meta: MetaTable;
  apps: AppsTable;
  accounts: AccountsTable;
  identities: IdentitiesTable;
  app_players: AppPlayersTable;
  tokens: TokensTable;
  friend_requests: FriendRequestsTable;
  boards: BoardsTable;
  scores: ScoresTable;
  score_journal: ScoreJournalTable;
  guilds: GuildsTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  player_cards: PlayerCardsTable;
  gifts: GiftsTable;
}

export interface MetaTable {
  key: string;
  value: string;
}

export interface AppsTable {
  id: string;
  name: string;
  momo_appid: string;
  momo_app_secret: string;
  /** JSON of AppSettings. */
  settings: string;
  created_at: number;
  updated_at: number;
}

export interface AccountsTable {
  id: Generated<number>;
  public_id: string;
  kind: string;
  name: string;
  sex: string;
  birthday: string | null;
  /** JSON array of photo ids. */
  photos: string;
  sign: string;
  area_id: number | null;
  lat: number | null;
  lng: number | null;
  geohash: string | null;
  loc_time: number | null;
  regstate: number;
  vip: number;
  is_spam: number;
  profile_version: number;
  created_at: number;
}

export interface IdentitiesTable {
  provider: string;
  subject: string;
  account_id: number;
  secret_hash: string | null;
  created_at: number;
}

export interface AppPlayersTable {
  app_id: string;
  account_id: number;
  momo_userid: string;
  created_at: number;
}

export interface TokensTable {
  hash: string;
  kind: string;
  app_id: string;
  account_id: number;
  expires_at: number | null;
  created_at: number;
}

export interface FriendRequestsTable {
  from_id: number;
  to_id: number;
  created_at: number;
}

export interface BoardsTable {
  app_id: string;
  board: string;
  operator: string;
}

export interface ScoresTable {
  app_id: string;
  board: string;
  member_id: number;
  /** 'account' or 'guild'. */
  member_kind: string;
  score: number;
  seq: number;
  area_id: number | null;
}

export interface ScoreJournalTable {
  id: Generated<number>;
  app_id: string;
  board: string;
  member_id: number;
  member_kind: string;
  score: number;
  seq: number;
  area_id: number | null;
}

export interface GuildsTable {
  id: Generated<number>;
  app_id: string;
  union_id: string;
  zone: string;
  name: string;
  president_id: number | null;
  created_at: number;
}

export interface GroupsTable {
  id: Generated<number>;
  app_id: string;
  number: number;
  guild_id: number | null;
  name: string;
  sign: string;
  /** JSON array of photo ids. */
  photos: string;
  lat: number | null;
  lng: number | null;
  owner_id: number;
  max_members: number;
  created_at: number;
}

export interface GroupMembersTable {
  group_id: number;
  account_id: number;
  role: string;
  joined_at: number;
}

export interface PlayerCardsTable {
  app_id: string;
  account_id: number;
  server_id: string;
  /** The card as the game server sent it (JSON). */
  data: string;
  updated_at: number;
}

export interface GiftsTable {
  id: Generated<number>;
  app_id: string;
  account_id: number;
  kind: string;
  item: string;
  created_at: number;
}
