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
