/** Tables of player cards (per game server). */
export interface CardTables {
  player_cards: PlayerCardsTable;
}

export interface PlayerCardsTable {
  app_id: string;
  account_id: number;
  server_id: string;
  /** The card as the game server sent it (JSON). */
  data: string;
  updated_at: number;
}
