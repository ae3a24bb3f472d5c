import type { Account } from '../players/types.js';

/** A player of an app found by one of their ids, with the kinds of id that matched. */
export interface PlayerMatch {
  account: Account;
  /** `player_id`, a namespace's operator field (or name), an identity provider, `device_id`... */
  matched: string[];
}

export interface PlayerSearchPage {
  matches: PlayerMatch[];
  total: number;
}

/** Everything the store holds keyed by a player, as one document (an access request). */
export interface PlayerExport {
  player_id: string;
  exported_at: number;
  /** Rows by table, as stored; password hashes and token values or hashes left out. */
  tables: Record<string, Record<string, unknown>[]>;
}
