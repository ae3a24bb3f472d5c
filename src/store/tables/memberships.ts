import type { Generated } from 'kysely';

/** Tables of the memberships domain: platform attributes of players and their gift packs. */
export interface MembershipTables {
  player_attributes: PlayerAttributesTable;
  gift_packs: GiftPacksTable;
}

/** What an operator set for one player of one app; no row: every default. */
export interface PlayerAttributesTable {
  app_id: string;
  account_id: number;
  /** JSON of the core's PlayerAttributes (missing keys read as defaults). */
  data: string;
  updated_at: number;
}

/** Gift packs granted to a player, deleted when the game collects them. */
export interface GiftPacksTable {
  id: Generated<number>;
  app_id: string;
  account_id: number;
  gift_id: string;
  count: number;
  created_at: number;
}
