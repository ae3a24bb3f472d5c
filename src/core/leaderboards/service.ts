import type { BoardOperator } from '../apps/types.js';
import { RecentCache } from '../cache.js';
import { fail } from '../errors.js';
import type { Clock } from '../runtime.js';
import type { RankIndex, RankUpdate } from '../../store/rank/rank-index.js';
import { NO_CITY } from '../../store/rank/rank-index.js';
import type { MemberKind, ScoreRow } from '../../store/repos/scores.js';
import type { Store } from '../../store/store.js';
import type { Account } from '../players/types.js';
import type { AreaFollower } from '../players/service.js';
import { coveringCells, distanceM } from '../players/geo.js';
import type {
  BoardPage,
  BoardScope,
  GuildScoreSubmission,
  RankedEntry,
  ScoreSubmission,
} from './types.js';
import { MAX_SCORES_PER_SUBMISSION } from './types.js';

const GUILD_BOARD_PREFIX = 'guild:';
const OPERATOR_CACHE_TTL_MS = 2_000;

function indexKey(appId: string, board: string): string {
  return `${appId}/${board}`;
}

function toRankUpdate(row: ScoreRow): RankUpdate {
  return { member: row.memberId, score: row.score, seq: row.seq, city: row.areaId ?? NO_CITY };
}

/**
 * Leaderboards: the database holds every score, the rank index answers rank and range queries.
 * Index changes are made inside the database transaction, after the write, so that rows locked
 * by a concurrent writer reach the index in commit order.
 */
export class LeaderboardService implements AreaFollower {
  private lastSeq = 0;
  private readonly operatorCache: RecentCache<string, Map<string, BoardOperator>>;

  constructor(
    private readonly store: Store,
    private readonly index: RankIndex,
    private readonly clock: Clock,
  ) {
    this.operatorCache = new RecentCache(10_000, OPERATOR_CACHE_TTL_MS, clock);
  }

  /** A strictly increasing microsecond stamp: who reached a score first. */
  private nextSeq(): number {
    this.lastSeq = Math.max(this.lastSeq + 1, this.clock.now() * 1000);
    return this.lastSeq;
  }

  async submit(appId: string, submissions: readonly ScoreSubmission[]): Promise<void> {
    await this.write(appId, 'account', submissions.length, () =>
      Promise.resolve(
        groupByBoard(
          submissions.map((s) => ({ board: s.board, memberId: s.accountId, score: s.score })),
        ),
      ),
    );
  }

  /** Scores of guilds; each guild is created, or renamed and given its president, on the way. */
  async submitGuilds(appId: string, submissions: readonly GuildScoreSubmission[]): Promise<void> {
    await this.write(appId, 'guild', submissions.length, async (store) => {
      const entries = [];
      for (const s of submissions) {
        if (!s.unionId || s.unionId.length > 128)
          fail('invalid_argument', 'union id must be 1 to 128 characters');
        const guild = await store.guilds.upsert(
          appId,
          s.unionId,
          '',
          s.name,
          s.presidentId,
          this.clock.now(),
        );
        entries.push({ board: GUILD_BOARD_PREFIX + s.board, memberId: guild.id, score: s.score });
      }
      return groupByBoard(entries);
    });
  }

  private async write(
    appId: string,
    kind: MemberKind,
    count: number,
    members: (store: Store) => Promise<Map<string, BoardEntry[]>>,
  ): Promise<void> {
    if (count > MAX_SCORES_PER_SUBMISSION)
      fail('leaderboard.too_many', `at most ${MAX_SCORES_PER_SUBMISSION} scores per submission`);
    const operators = await this.operators(appId);
    const touched: { key: string; members: number[] }[] = [];
    try {
      await this.store.transaction(async (store) => {
        const byBoard = await members(store);
        for (const [board, entries] of byBoard) {
          if (!board || board.length > 64)
            fail('invalid_argument', 'board name must be 1 to 64 characters');
          if (entries.some((e) => !Number.isFinite(e.score)))
            fail('invalid_argument', 'score must be a finite number');
        }
        for (const [board, entries] of byBoard) {
          const operator = operators.get(board) ?? 'set';
          const key = indexKey(appId, board);
          const merged = combine(entries, operator);
          const areas = await this.areasOfNewcomers(store, key, kind, [...merged.keys()]);
          const writes = [...merged].map(([memberId, score]) => ({
            memberId,
            score,
            seq: this.nextSeq(),
            areaId: areas.get(memberId) ?? null,
          }));
          const rows = await store.scores.upsert(appId, board, operator, writes, kind);
          touched.push({ key, members: writes.map((w) => w.memberId) });
          await this.index.apply(key, rows.map(toRankUpdate));
        }
      });
    } catch (error) {
      await this.resync(appId, touched);
      throw error;
    }
  }

  /** Cities of the accounts not yet on the board (those on it keep the city they have there). */
  private async areasOfNewcomers(
    store: Store,
    key: string,
    kind: MemberKind,
    members: number[],
  ): Promise<Map<number, number>> {
    if (kind !== 'account') return new Map();
    const entries = await this.index.entriesOf(key, members);
    return store.players.areasOf(members.filter((_, i) => entries[i] === null));
  }

  /** After a failed transaction, puts the index back in line with the database. */
  private async resync(
    appId: string,
    touched: { key: string; members: number[] }[],
  ): Promise<void> {
    for (const { key, members } of touched) {
      const board = key.slice(appId.length + 1);
      const rows = await this.store.scores.rowsOf(appId, board, members);
      const present = new Set(rows.map((r) => r.memberId));
      await this.index.remove(
        key,
        members.filter((m) => !present.has(m)),
      );
      await this.index.apply(key, rows.map(toRankUpdate));
    }
  }

  async reset(appId: string, board: string): Promise<void> {
    await this.store.transaction(async (store) => {
      await store.scores.deleteBoard(appId, board);
      await this.index.drop(indexKey(appId, board));
    });
  }

  async setOperator(appId: string, board: string, operator: BoardOperator): Promise<void> {
    await this.store.scores.setOperator(appId, board, operator);
    this.operatorCache.delete(appId);
  }

  async operators(appId: string): Promise<Map<string, BoardOperator>> {
    const cached = this.operatorCache.get(appId);
    if (cached) return cached;
    const operators = await this.store.scores.operators(appId);
    this.operatorCache.set(appId, operators);
    return operators;
  }

  /** A page of a board as seen by `asker` (may be absent for the total board). */
  async page(
    appId: string,
    board: string,
    scope: BoardScope,
    asker: Account | undefined,
    count: number,
    nearbyRadiusM: number,
  ): Promise<BoardPage> {
    const key = indexKey(appId, board);
    switch (scope.kind) {
      case 'total':
        return this.indexPage(key, asker, count, undefined);
      case 'area': {
        if (!asker || asker.areaId === null)
          return { total: 0, rank: 0, score: 0, areaId: null, entries: [] };
        return this.indexPage(key, asker, count, asker.areaId);
      }
      case 'nearby':
        return this.nearbyPage(appId, board, asker, count, nearbyRadiusM);
      case 'friends':
        return this.friendsPage(key, asker, scope.friendIds, count);
    }
  }

  private async indexPage(
    key: string,
    asker: Account | undefined,
    count: number,
    areaId: number | undefined,
  ): Promise<BoardPage> {
    const [total, top, mine] = await Promise.all([
      this.index.size(key, areaId),
      this.index.range(key, 0, count, areaId),
      asker ? this.index.rankOf(key, asker.id, areaId) : null,
    ]);
    return {
      total,
      rank: mine?.rank ?? 0,
      score: mine?.score ?? 0,
      areaId: areaId ?? null,
      entries: top.map((e, i) => ({ accountId: e.member, rank: i + 1, score: e.score })),
    };
  }

  private async nearbyPage(
    appId: string,
    board: string,
    asker: Account | undefined,
    count: number,
    radiusM: number,
  ): Promise<BoardPage> {
    const origin =
      asker?.location ?? fail('player.no_location', 'the player has reported no location');
    const cells = coveringCells(origin.lat, origin.lng, radiusM);
    const located = await this.store.scores.inCells(appId, board, cells);
    const near = located.filter(
      (s) => distanceM(origin.lat, origin.lng, s.lat, s.lng) <= radiusM || s.memberId === asker?.id,
    );
    return rankLocally(near, asker, count, null);
  }

  private async friendsPage(
    key: string,
    asker: Account | undefined,
    friendIds: readonly number[],
    count: number,
  ): Promise<BoardPage> {
    const members = asker ? [asker.id, ...friendIds] : [...friendIds];
    const entries = await this.index.entriesOf(key, members);
    const scored = members.flatMap((memberId, i) => {
      const entry = entries[i];
      return entry ? [{ memberId, score: entry.score, seq: entry.seq }] : [];
    });
    return rankLocally(scored, asker, count, null);
  }

  /** Every city with ranked players → its best `limit` accounts. */
  async topPerArea(appId: string, board: string, limit: number): Promise<Map<number, number[]>> {
    const key = indexKey(appId, board);
    const areas = await this.index.cities(key);
    const tops = await Promise.all(areas.map((area) => this.index.range(key, 0, limit, area)));
    return new Map(areas.map((area, i) => [area, (tops[i] ?? []).map((e) => e.member)]));
  }

  /** A stretch of a player board (or of a guild board), best first. */
  async range(
    appId: string,
    board: string,
    offset: number,
    count: number,
    kind: MemberKind = 'account',
  ): Promise<{ total: number; entries: { memberId: number; rank: number; score: number }[] }> {
    const key = indexKey(appId, kind === 'guild' ? GUILD_BOARD_PREFIX + board : board);
    const [total, entries] = await Promise.all([
      this.index.size(key),
      this.index.range(key, offset, count),
    ]);
    return {
      total,
      entries: entries.map((e, i) => ({
        memberId: e.member,
        rank: offset + i + 1,
        score: e.score,
      })),
    };
  }

  async relocate(
    store: Store,
    accountId: number,
    areaId: number | null,
  ): Promise<() => Promise<void>> {
    const boards = await store.scores.setAccountArea(accountId, areaId);
    return async () => {
      for (const row of boards) {
        await this.index.apply(indexKey(row.appId, row.board), [
          { member: accountId, score: row.score, seq: row.seq, city: areaId ?? NO_CITY },
        ]);
      }
    };
  }

  /** Rebuilds every board's index from the database. */
  async rebuild(
    onProgress: (done: number, total: number) => void = () => undefined,
  ): Promise<{ boards: number; entries: number }> {
    const boards = await this.store.scores.boards();
    const total = boards.reduce((sum, b) => sum + b.size, 0);
    let done = 0;
    onProgress(0, total);
    for (const { appId, board } of boards) {
      const updates: RankUpdate[] = [];
      for (let after = -1; ;) {
        const page = await this.store.scores.page(appId, board, after, REBUILD_PAGE);
        for (const row of page) updates.push(toRankUpdate(row));
        done += page.length;
        onProgress(done, total);
        if (page.length < REBUILD_PAGE) break;
        after = page[page.length - 1]?.memberId ?? after;
      }
      await this.index.load(indexKey(appId, board), updates);
    }
    return { boards: boards.length, entries: total };
  }
}

const REBUILD_PAGE = 50_000;

interface BoardEntry {
  board: string;
  memberId: number;
  score: number;
}

function groupByBoard(entries: readonly BoardEntry[]): Map<string, BoardEntry[]> {
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
function combine(entries: readonly BoardEntry[], operator: BoardOperator): Map<number, number> {
  const merged = new Map<number, number>();
  for (const { memberId, score } of entries) {
    const previous = merged.get(memberId);
    if (previous === undefined) merged.set(memberId, score);
    else if (operator === 'best') merged.set(memberId, Math.max(previous, score));
    else if (operator === 'increment') merged.set(memberId, previous + score);
    else merged.set(memberId, score);
  }
  return merged;
}

function rankLocally(
  scored: readonly { memberId: number; score: number; seq: number }[],
  asker: Account | undefined,
  count: number,
  areaId: number | null,
): BoardPage {
  const sorted = [...scored].sort(
    (a, b) => b.score - a.score || a.seq - b.seq || a.memberId - b.memberId,
  );
  const entries: RankedEntry[] = sorted.map((s, i) => ({
    accountId: s.memberId,
    rank: i + 1,
    score: s.score,
  }));
  const mine = asker ? entries.find((e) => e.accountId === asker.id) : undefined;
  return {
    total: entries.length,
    rank: mine?.rank ?? 0,
    score: mine?.score ?? 0,
    areaId,
    entries: entries.slice(0, count),
  };
}
