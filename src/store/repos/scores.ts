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

export interface LocatedScore extends ScoreRow {
  lat: number;
  lng: number;
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
      .values(
        writes.map((w) => ({
          app_id: appId,
          board,
          member_id: w.memberId,
          member_kind: memberKind,
          score: w.score,
          seq: w.seq,
          area_id: w.areaId,
        })),
      )
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

  async deleteBoard(appId: string, board: string): Promise<void> {
    await this.db
      .deleteFrom('scores')
      .where('app_id', '=', appId)
      .where('board', '=', board)
      .execute();
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
  async setAccountArea(accountId: number, areaId: number | null): Promise<BoardRow[]> {
    return this.db
      .updateTable('scores')
      .set({ area_id: areaId })
      .where('member_id', '=', accountId)
      .where('member_kind', '=', 'account')
      .returning(['app_id as appId', 'board', 'score', 'seq'])
      .execute();
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

  /** Scores on the board of accounts located in the geohash cells (the spatial index). */
  async inCells(
    appId: string,
    board: string,
    prefixes: readonly string[],
  ): Promise<LocatedScore[]> {
    if (prefixes.length === 0) return [];
    const rows = await this.db
      .selectFrom('accounts as a')
      .innerJoin('scores as s', 's.member_id', 'a.id')
      .select(['s.member_id', 's.score', 's.seq', 's.area_id', 'a.lat', 'a.lng'])
      .where('s.app_id', '=', appId)
      .where('s.board', '=', board)
      .where('s.member_kind', '=', 'account')
      .where((eb) =>
        eb.or(
          prefixes.map((p) => eb.and([eb('a.geohash', '>=', p), eb('a.geohash', '<', `${p}~`)])),
        ),
      )
      .execute();
    return rows.map((r) => ({ ...toScoreRow(r), lat: r.lat ?? 0, lng: r.lng ?? 0 }));
  }
}

export interface BoardRow {
  appId: string;
  board: string;
  score: number;
  seq: number;
}

function toScoreRow(r: {
  member_id: number;
  score: number;
  seq: number;
  area_id: number | null;
}): ScoreRow {
  return { memberId: r.member_id, score: r.score, seq: r.seq, areaId: r.area_id };
}
