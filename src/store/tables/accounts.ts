import type { Generated } from 'kysely';

/** Tables of players: one account per person, across apps. */
export interface AccountTables {
  accounts: AccountsTable;
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
  /** Unix ms of the operator's ban; NULL: not banned. */
  banned_at: number | null;
  /** Unix ms the ban ends; NULL: until lifted. */
  banned_until: number | null;
  ban_reason: string | null;
}
