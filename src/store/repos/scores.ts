import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { BoardOperator } from '../../core/apps/types.js';
import type { Database } from '../schema.js';

export type MemberKind = 'account' | 'guild';

export interface ScoreWrite {
  memberId: number;
  score: number;
  seq: number;
  /** The city recorded for a member new to the board; an existing row keeps its own. */
  areaId: number | null;
}

export interface ScoreRow {
  memberId: number;
  score: number;
  seq: number;
  areaId: number | null;
}

export class ScoreRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async operators(appId: string): Promise<Map<string, BoardOperator>> {
    const rows = await this.db
      .selectFrom('boards')
      .select(['board', 'operator'])
      .where('app_id', '=', appId)
      .execute();
    return new Map(rows.map((r) => [r.board, r.operator as BoardOperator]));
  }

  async setOperator(appId: string, board: string, operator: BoardOperator): Promise<void> {
    await this.db
      .insertInto('boards')
      .values({ app_id: appId, board, operator })
      .onConflict((oc) => oc.columns(['app_id', 'board']).doUpdateSet({ operator }))
      .execute();
  }

  /**
   * Applies scores to one board with its operator and returns the resulting rows. A row whose
   * resulting score equals its old one keeps its old seq: whoever reached a score first stays
   * ahead. Each member must appear once. Cities are kept up to date by setAccountArea.
   */
  async upsert(
    appId: string,
    board: string,
    operator: BoardOperator,
    writes: readonly ScoreWrite[],
    memberKind: MemberKind,
  ): Promise<ScoreRow[]> {
    if (writes.length === 0) return [];
    const resulting =
      operator === 'set'
        ? sql<number>`excluded.score`
        : operator === 'best'
          ? sql<number>`CASE WHEN excluded.score > scores.score THEN excluded.score ELSE scores.score END`
          : sql<number>`scores.score + excluded.score`;
    const rows = await this.db
      .insertInto('scores')
      .values(scoreColumns(appId, board, memberKind, writes))
      .onConflict((oc) =>
        oc.columns(['app_id', 'board', 'member_id']).doUpdateSet({
          score: resulting,
          seq: sql<number>`CASE WHEN ${resulting} = scores.score THEN scores.seq ELSE excluded.seq END`,
        }),
      )
      .returning(['member_id', 'score', 'seq', 'area_id'])
      .execute();
    return rows.map(toScoreRow);
  }

  /** Deletes the board's scores, journaled ones included. */
  async deleteBoard(appId: string, board: string): Promise<void> {
    for (const table of ['scores', 'score_journal'] as const) {
      await this.db
        .deleteFrom(table)
        .where('app_id', '=', appId)
        .where('board', '=', board)
        .execute();
    }
  }

  async rowsOf(appId: string, board: string, memberIds: readonly number[]): Promise<ScoreRow[]> {
    if (memberIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('scores')
      .select(['member_id', 'score', 'seq', 'area_id'])
      .where('app_id', '=', appId)
      .where('board', '=', board)
      .where('member_id', 'in', memberIds)
      .execute();
    return rows.map(toScoreRow);
  }

  /** Moves an account to another city on every board it is on; returns those boards. */
  async setAccountArea(
    accountId: number,
    areaId: number | null,
  ): Promise<{ appId: string; board: string }[]> {
    const boards = new Map<string, { appId: string; board: string }>();
    for (const table of ['scores', 'score_journal'] as const) {
      const rows = await this.db
        .updateTable(table)
        .set({ area_id: areaId })
        .where('member_id', '=', accountId)
        .where('member_kind', '=', 'account')
        .returning(['app_id', 'board'])
        .execute();
      for (const row of rows)
        boards.set(`${row.app_id}/${row.board}`, { appId: row.app_id, board: row.board });
    }
    return [...boards.values()];
  }

  /** Appends resulting scores to the journal, in order. */
  async appendJournal(
    appId: string,
    board: string,
    memberKind: MemberKind,
    writes: readonly ScoreWrite[],
  ): Promise<void> {
    if (writes.length === 0) return;
    await this.db
      .insertInto('score_journal')
      .values(scoreColumns(appId, board, memberKind, writes))
      .execute();
  }

  /** The oldest journal entries, in the order they were written. */
  async journalHead(limit: number): Promise<JournalRow[]> {
    const rows = await this.db
      .selectFrom('score_journal')
      .selectAll()
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      appId: r.app_id,
      board: r.board,
      memberKind: r.member_kind as MemberKind,
      memberId: r.member_id,
      score: r.score,
      seq: r.seq,
      areaId: r.area_id,
    }));
  }

  async deleteJournalThrough(id: number): Promise<void> {
    await this.db.deleteFrom('score_journal').where('id', '<=', id).execute();
  }

  /** Boards with their sizes, for rebuilding indexes. */
  async boards(): Promise<{ appId: string; board: string; size: number }[]> {
    const rows = await this.db
      .selectFrom('scores')
      .select(['app_id', 'board', (eb) => eb.fn.countAll<number>().as('size')])
      .groupBy(['app_id', 'board'])
      .execute();
    return rows.map((r) => ({ appId: r.app_id, board: r.board, size: Number(r.size) }));
  }

  /** One page of a board in member order (keyset pagination). */
  async page(
    appId: string,
    board: string,
    afterMember: number,
    limit: number,
  ): Promise<ScoreRow[]> {
    const rows = await this.db
      .selectFrom('scores')
      .select(['member_id', 'score', 'seq', 'area_id'])
      .where('app_id', '=', appId)
      .where('board', '=', board)
      .where('member_id', '>', afterMember)
      .orderBy('member_id')
      .limit(limit)
      .execute();
    return rows.map(toScoreRow);
  }
}

function scoreColumns(
  appId: string,
  board: string,
  memberKind: MemberKind,
  writes: readonly ScoreWrite[],
) {
  return writes.map((w) => ({
    app_id: appId,
    board,
    member_id: w.memberId,
    member_kind: memberKind,
    score: w.score,
    seq: w.seq,
    area_id: w.areaId,
  }));
}

export interface JournalRow extends ScoreWrite {
  id: number;
  appId: string;
  board: string;
  memberKind: MemberKind;
}

function toScoreRow(r: {
  member_id: number;
  score: number;
  seq: number;
  area_id: number | null;
}): ScoreRow {
  return { memberId: r.member_id, score: r.score, seq: r.seq, areaId: r.area_id };
}
