import type { BoardOperator } from '../apps/types.js';

export interface ScoreSubmission {
  accountId: number;
  board: string;
  score: number;
}

export interface GuildScoreSubmission {
  /** The game's guild id (its union id). */
  unionId: string;
  /** New name, or null to keep the current one. */
  name: string | null;
  /** New president, or null to keep the current one. */
  presidentId: number | null;
  board: string;
  score: number;
}

export type BoardScope =
  | { kind: 'total' }
  | { kind: 'area' }
  | { kind: 'nearby' }
  | { kind: 'friends'; friendIds: readonly number[] };

export interface BoardSummary {
  board: string;
  operator: BoardOperator;
  /** Players ranked on the board. */
  entryCount: number;
}

export interface RankedEntry {
  accountId: number;
  rank: number;
  score: number;
}

export interface BoardPage {
  /** Members within the scope. */
  total: number;
  /** The asking player's 1-based rank within the scope; 0 when unranked. */
  rank: number;
  score: number;
  /** The city of an area board (the asking player's city); null otherwise or when unknown. */
  areaId: number | null;
  entries: RankedEntry[];
}

/** Most entries one submission may carry. */
export const MAX_SCORES_PER_SUBMISSION = 100;
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;
