import type { Generated } from 'kysely';

/** Tables of the leaderboards domain: boards, scores, the journal of score writes, resets. */
export interface LeaderboardTables {
  boards: BoardsTable;
  scores: ScoresTable;
  score_journal: ScoreJournalTable;
  board_resets: BoardResetsTable;
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

/** A reset whose rank index entries may not be gone yet (see LeaderboardService.reset). */
export interface BoardResetsTable {
  app_id: string;
  board: string;
  requested_at: number;
}
