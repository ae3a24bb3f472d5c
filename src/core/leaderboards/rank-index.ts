/**
 * An order-statistic index over one or more leaderboards. The database holds every score; an
 * index is a derived, rebuildable view that answers rank and range queries in O(log n).
 *
 * Order: higher score first; on equal scores the lower `seq` (reached the score earlier) first;
 * on equal seq the lower member id first. Ranks are 1-based.
 *
 * A board key is opaque to the index (the caller namespaces it, e.g. "<appId>/<scoreType>").
 * Every member of a board may also belong to one city (an area id such as 110000; 0 is overseas);
 * NO_CITY keeps the member out of every city sub-index.
 *
 * The leaderboards domain owns this port; the store implements it (in memory or on Redis).
 */
export { KEEP_CITY, NO_CITY } from '../../common/rank-city.js';

export interface RankEntry {
  member: number;
  score: number;
  seq: number;
}

export interface RankUpdate extends RankEntry {
  city: number;
}

export interface RankPosition {
  rank: number;
  score: number;
  seq: number;
}

export interface RankIndex {
  /** Inserts or moves members to the given absolute score, seq and city. */
  apply(board: string, updates: readonly RankUpdate[]): Promise<void>;
  /** Removes the members from the board (and their city sub-index). Unknown members are ignored. */
  remove(board: string, members: readonly number[]): Promise<void>;
  /** Forgets the whole board. */
  drop(board: string): Promise<void>;
  /** Number of members on the board, or in one city of it. */
  size(board: string, city?: number): Promise<number>;
  /** The member's 1-based rank on the board (or within the city), or null when absent. */
  rankOf(board: string, member: number, city?: number): Promise<RankPosition | null>;
  /** Entries from 0-based `offset`, best first, at most `count`. */
  range(board: string, offset: number, count: number, city?: number): Promise<RankEntry[]>;
  /** Cities that have at least one member on the board, in ascending order. */
  cities(board: string): Promise<number[]>;
  /** Score and seq of each member, null for members not on the board (same order as asked). */
  entriesOf(board: string, members: readonly number[]): Promise<(RankEntry | null)[]>;
  /** Replaces the board's whole content (rebuild from the database). */
  load(board: string, entries: readonly RankUpdate[]): Promise<void>;
  /** Approximate bytes held for the board (memory index: exact typed-array bytes; Redis: MEMORY USAGE). */
  bytesUsed(board: string): Promise<number>;
  close(): Promise<void>;
}
