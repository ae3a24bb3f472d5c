import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { BoardOperator } from '../../core/apps/types.js';
import { QueryTemplate } from '../query-template.js';
import type { DatabaseKind } from '../database.js';
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

export interface ScoreHistogram {
  /** The lowest and highest score (0 and 0 on an empty board). */
  low: number;
  high: number;
  /** Scores per bucket, lowest first; the buckets split [low, high] evenly. */
  counts: number[];
}

export class ScoreRepo {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly kind: DatabaseKind,
  ) {}

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

  /**
   * Deletes the board's scores, journaled ones included, and records the reset until the rank
   * index has caught up (finishReset): run in one transaction, a crash leaves either the board
   * untouched or its reset recorded.
   */
  async resetBoard(appId: string, board: string, at: number): Promise<void> {
    for (const table of ['scores', 'score_journal'] as const) {
      await this.db
        .deleteFrom(table)
        .where('app_id', '=', appId)
        .where('board', '=', board)
        .execute();
    }
    await this.db
      .insertInto('board_resets')
      .values({ app_id: appId, board, requested_at: at })
      .onConflict((oc) => oc.columns(['app_id', 'board']).doUpdateSet({ requested_at: at }))
      .execute();
  }

  /** Resets whose rank index entries may still be there. */
  async pendingResets(): Promise<{ appId: string; board: string }[]> {
    const rows = await this.db.selectFrom('board_resets').select(['app_id', 'board']).execute();
    return rows.map((r) => ({ appId: r.app_id, board: r.board }));
  }

  async finishReset(appId: string, board: string): Promise<void> {
    await this.db
      .deleteFrom('board_resets')
      .where('app_id', '=', appId)
      .where('board', '=', board)
      .execute();
  }

  /**
   * The app's boards that hold scores (folded or journaled) or have an operator set. Scores are
   * read by skipping from one board to the next along the primary key, not row by row.
   */
  async boardNames(appId: string): Promise<string[]> {
    const { rows } = await sql<{ board: string }>`
      WITH RECURSIVE folded(board) AS (
        SELECT min(board) FROM scores WHERE app_id = ${appId}
        UNION ALL
        SELECT (SELECT min(board) FROM scores WHERE app_id = ${appId} AND board > folded.board)
        FROM folded WHERE folded.board IS NOT NULL
      )
      SELECT board FROM folded WHERE board IS NOT NULL
      UNION SELECT DISTINCT board FROM score_journal WHERE app_id = ${appId}
      UNION SELECT board FROM boards WHERE app_id = ${appId}
      ORDER BY board`.execute(this.db);
    return rows.map((r) => r.board);
  }

  /**
   * The board's scores in `buckets` equal-width buckets from the lowest to the highest score (the
   * highest in the last one), counted in SQL; one bucket when all scores are equal.
   */
  async histogram(appId: string, board: string, buckets: number): Promise<ScoreHistogram> {
    const onBoard = this.db
      .selectFrom('scores')
      .where('app_id', '=', appId)
      .where('board', '=', board);
    const bounds = await onBoard
      .select((eb) => [eb.fn.min('score').as('low'), eb.fn.max('score').as('high')])
      .executeTakeFirst();
    if (bounds?.low === null || bounds?.low === undefined || bounds.high === null) {
      return { low: 0, high: 0, counts: [] };
    }
    const low = Number(bounds.low);
    const high = Number(bounds.high);
    const slots = high > low ? buckets : 1;
    const width = (high - low) / slots;
    const bucket =
      slots === 1
        ? sql<number>`0`
        : sql<number>`CASE WHEN score >= ${high} THEN ${slots - 1}
            ELSE floor((score - ${low}) / ${width}) END`;
    const rows = await onBoard
      .select((eb) => [bucket.as('bucket'), eb.fn.countAll<number>().as('count')])
      .groupBy(sql`1`)
      .execute();
    const counts = new Array<number>(slots).fill(0);
    // Rounding may put a score just under the highest one past the last bucket.
    for (const row of rows) counts[Math.min(Number(row.bucket), slots - 1)]! += Number(row.count);
    return { low, high, counts };
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

  /** The app's boards the account has a score on, folded or still in the journal, by name. */
  async boardsOfAccount(appId: string, accountId: number): Promise<string[]> {
    const ofTable = (table: 'scores' | 'score_journal') =>
      this.db
        .selectFrom(table)
        .select('board')
        .where('member_id', '=', accountId)
        .where('member_kind', '=', 'account')
        .where('app_id', '=', appId);
    const rows = await ofTable('scores').union(ofTable('score_journal')).orderBy('board').execute();
    return rows.map((r) => r.board);
  }

  /** Moves an account to another city on every board it is on; returns those boards. */
  async setAccountArea(accountId: number, areaId: number | null): Promise<BoardRef[]> {
    const rows = [];
    for (const table of ['scores', 'score_journal'] as const) {
      rows.push(
        ...(await this.db
          .updateTable(table)
          .set({ area_id: areaId })
          .where('member_id', '=', accountId)
          .where('member_kind', '=', 'account')
          .returning(['app_id', 'board'])
          .execute()),
      );
    }
    return distinctBoards(rows);
  }

  /** Deletes an account's scores (and journaled ones) on every board; returns those boards. */
  async deleteAccount(accountId: number): Promise<BoardRef[]> {
    const rows = [];
    for (const table of ['scores', 'score_journal'] as const) {
      rows.push(
        ...(await this.db
          .deleteFrom(table)
          .where('member_id', '=', accountId)
          .where('member_kind', '=', 'account')
          .returning(['app_id', 'board'])
          .execute()),
      );
    }
    return distinctBoards(rows);
  }

  /** Appends resulting scores to the journal, in order, with a few multi-row statements. */
  async appendJournal(entries: readonly JournalEntry[]): Promise<void> {
    const insert = journalInsert(this.db, this.kind);
    let at = 0;
    for (const size of statementSizes(entries.length)) {
      const params: JournalParam[] = [];
      for (const e of entries.slice(at, at + size)) {
        params.push(e.appId, e.board, e.memberId, e.memberKind, e.score, e.seq, e.areaId);
      }
      at += size;
      await this.db.executeQuery(insert.bind(...params));
    }
  }

  /**
   * Folds up to `limit` of the oldest journal entries into `scores` in SQL, each member's last
   * entry winning, and deletes them from the journal; returns how many were folded. A member new
   * to the board takes the city its entries carry (all carry the same one, or none).
   */
  async foldJournal(limit: number): Promise<number> {
    const { rows } = await sql<{ last: number | null; count: number }>`
      SELECT max(id) AS last, count(*) AS count
      FROM (SELECT id FROM score_journal ORDER BY id LIMIT ${limit}) head`.execute(this.db);
    const last = rows[0]?.last;
    if (last === null || last === undefined) return 0;
    await sql`
      INSERT INTO scores (app_id, board, member_id, member_kind, score, seq, area_id)
      SELECT j.app_id, j.board, j.member_id, j.member_kind, j.score, j.seq, latest.area_id
      FROM score_journal j
      JOIN (
        SELECT max(id) AS id, max(area_id) AS area_id FROM score_journal
        WHERE id <= ${last} GROUP BY app_id, board, member_id
      ) latest ON latest.id = j.id
      WHERE true
      ORDER BY j.app_id, j.board, j.member_id
      ON CONFLICT (app_id, board, member_id) DO UPDATE SET score = excluded.score, seq = excluded.seq
    `.execute(this.db);
    await this.db.deleteFrom('score_journal').where('id', '<=', last).execute();
    return Number(rows[0]?.count ?? 0);
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

/** One resulting score, as the journal records it. */
export interface JournalEntry extends ScoreWrite {
  appId: string;
  board: string;
  memberKind: MemberKind;
}

const JOURNAL_COLUMNS = 7;
/** Rows per journal statement: a few fixed shapes, so each is compiled and prepared once. */
const JOURNAL_STATEMENT_ROWS = [256, 64, 16, 4, 1];

type JournalParam = string | number | null;

/** Compiled once per dialect: a repository lives as long as one transaction. */
const journalInserts = new Map<DatabaseKind, QueryTemplate<JournalParam[], unknown>>();

function journalInsert(db: Kysely<Database>, kind: DatabaseKind) {
  let template = journalInserts.get(kind);
  if (!template) {
    template = new QueryTemplate((...params: JournalParam[]) =>
      db.insertInto('score_journal').values(
        Array.from({ length: params.length / JOURNAL_COLUMNS }, (_, row) => {
          const [app_id, board, member_id, member_kind, score, seq, area_id] = params.slice(
            row * JOURNAL_COLUMNS,
            (row + 1) * JOURNAL_COLUMNS,
          ) as [string, string, number, string, number, number, number | null];
          return { app_id, board, member_id, member_kind, score, seq, area_id };
        }),
      ),
    );
    journalInserts.set(kind, template);
  }
  return template;
}

/** Splits `count` rows into statements of the fixed sizes, largest first. */
function statementSizes(count: number): number[] {
  const sizes: number[] = [];
  let left = count;
  for (const size of JOURNAL_STATEMENT_ROWS) {
    while (left >= size) {
      sizes.push(size);
      left -= size;
    }
  }
  return sizes;
}

function toScoreRow(r: {
  member_id: number;
  score: number;
  seq: number;
  area_id: number | null;
}): ScoreRow {
  return { memberId: r.member_id, score: r.score, seq: r.seq, areaId: r.area_id };
}

export interface BoardRef {
  appId: string;
  board: string;
}

function distinctBoards(rows: readonly { app_id: string; board: string }[]): BoardRef[] {
  const boards = new Map<string, BoardRef>();
  for (const row of rows) {
    boards.set(`${row.app_id}/${row.board}`, { appId: row.app_id, board: row.board });
  }
  return [...boards.values()];
}
