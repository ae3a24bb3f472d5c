import type { BoardOperator } from '../apps/types.js';
import type { Account } from '../players/types.js';
import type { RankEntry, RankUpdate } from './rank-index.js';
import { NO_CITY } from './rank-index.js';
import type { ScoreRow } from '../../store/repos/scores.js';
import type { BoardPage, RankedEntry } from './types.js';

/** Guild boards live beside player boards of the same name, under this prefix. */
export const GUILD_BOARD_PREFIX = 'guild:';

export interface BoardEntry {
  board: string;
  memberId: number;
  score: number;
}

export function indexKey(appId: string, board: string): string {
  return `${appId}/${board}`;
}

export function toRankUpdate(row: ScoreRow): RankUpdate {
  return { member: row.memberId, score: row.score, seq: row.seq, city: row.areaId ?? NO_CITY };
}

export function groupByBoard(entries: readonly BoardEntry[]): Map<string, BoardEntry[]> {
  const byBoard = new Map<string, BoardEntry[]>();
  for (const entry of entries) {
    const list = byBoard.get(entry.board);
    if (list) list.push(entry);
    else byBoard.set(entry.board, [entry]);
  }
  return byBoard;
}

/**
 * Collapses repeated members of one submission as its operator would have applied them one after
 * another, so each member is written once.
 */
export function combine(
  entries: readonly BoardEntry[],
  operator: BoardOperator,
): Map<number, number> {
  const merged = new Map<number, number>();
  for (const { memberId, score } of entries) {
    const previous = merged.get(memberId);
    merged.set(
      memberId,
      previous === undefined ? score : resultingScore(operator, previous, score),
    );
  }
  return merged;
}

/** The score a board keeps when `submitted` arrives on top of `current`. */
export function resultingScore(
  operator: BoardOperator,
  current: number,
  submitted: number,
): number {
  if (operator === 'best') return Math.max(current, submitted);
  if (operator === 'increment') return current + submitted;
  return submitted;
}

/** Ranks a handful of entries (a nearby or friends board) among themselves. */
export function rankLocally(
  scored: readonly RankEntry[],
  asker: Account | undefined,
  count: number,
): BoardPage {
  const sorted = [...scored].sort(
    (a, b) => b.score - a.score || a.seq - b.seq || a.member - b.member,
  );
  const entries: RankedEntry[] = sorted.map((s, i) => ({
    accountId: s.member,
    rank: i + 1,
    score: s.score,
  }));
  const mine = asker ? entries.find((e) => e.accountId === asker.id) : undefined;
  return {
    total: entries.length,
    rank: mine?.rank ?? 0,
    score: mine?.score ?? 0,
    areaId: null,
    entries: entries.slice(0, count),
  };
}
