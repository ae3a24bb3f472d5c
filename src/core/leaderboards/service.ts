import type { BoardOperator } from '../apps/types.js';
import { RecentCache } from '../cache.js';
import { fail } from '../errors.js';
import type { Clock } from '../runtime.js';
import type { RankIndex, RankUpdate } from './rank-index.js';
import { NO_CITY } from './rank-index.js';
import type { MemberKind, ScoreHistogram } from '../../store/repos/scores.js';
import type { Store, StoreSlice } from '../../store/store.js';
import type { Account } from '../players/types.js';
import type { AreaFollower } from '../players/service.js';
import { coveringCells, distanceM } from '../players/geo.js';
import { ScoreWriter } from './score-writer.js';
import type { BoardEntry } from './scoring.js';
import {
  GUILD_BOARD_PREFIX,
  groupByBoard,
  indexKey,
  rankLocally,
  toRankUpdate,
} from './scoring.js';
import type {
  BoardPage,
  BoardScope,
  BoardSummary,
  GuildScoreSubmission,
  RankedEntry,
  ScoreSubmission,
} from './types.js';
import { MAX_SCORES_PER_SUBMISSION } from './types.js';

const OPERATOR_CACHE_TTL_MS = 2_000;
const REBUILD_PAGE = 50_000;

/**
 * Leaderboards: the database holds every score, the rank index answers rank and range queries
 * (see ScoreWriter for how writes reach both).
 */
export class LeaderboardService implements AreaFollower {
  private readonly operatorCache: RecentCache<string, Map<string, BoardOperator>>;
  private readonly writer: ScoreWriter;

  /** `indexIsLocal`: the rank index belongs to this process alone (see ScoreWriter). */
  constructor(
    private readonly store: StoreSlice<'players' | 'scores'>,
    private readonly index: RankIndex,
    private readonly clock: Clock,
    indexIsLocal: boolean,
  ) {
    this.operatorCache = new RecentCache(10_000, OPERATOR_CACHE_TTL_MS, clock);
    this.writer = new ScoreWriter(store, index, clock, indexIsLocal);
  }

  async submit(appId: string, submissions: readonly ScoreSubmission[]): Promise<void> {
    const entries = submissions.map((s) => ({
      board: s.board,
      memberId: s.accountId,
      score: s.score,
    }));
    await this.write(appId, 'account', entries, () => Promise.resolve(groupByBoard(entries)));
  }

  /** Scores of guilds; each guild is created, or renamed and given its president, on the way. */
  async submitGuilds(appId: string, submissions: readonly GuildScoreSubmission[]): Promise<void> {
    for (const s of submissions) {
      if (!s.unionId || s.unionId.length > 128)
        fail('invalid_argument', 'union id must be 1 to 128 characters');
    }
    const scored = submissions.map((s) => ({
      board: GUILD_BOARD_PREFIX + s.board,
      score: s.score,
    }));
    await this.write(appId, 'guild', scored, async (store) => {
      const entries = [];
      for (const s of submissions) {
        const guild = await store.guilds.upsert(
          { appId, unionId: s.unionId, zone: '', kind: 'guild' },
          s.name,
          s.presidentId,
          this.clock.now(),
        );
        entries.push({ board: GUILD_BOARD_PREFIX + s.board, memberId: guild.id, score: s.score });
      }
      return groupByBoard(entries);
    });
  }

  /**
   * Checks every entry before anything is written: a write may share its transaction with other
   * submissions (see ScoreWriter), which a bad entry must not fail.
   */
  private async write(
    appId: string,
    kind: MemberKind,
    scored: readonly { board: string; score: number }[],
    resolve: (store: Store) => Promise<Map<string, BoardEntry[]>>,
  ): Promise<void> {
    if (scored.length > MAX_SCORES_PER_SUBMISSION)
      fail('leaderboard.too_many', `at most ${MAX_SCORES_PER_SUBMISSION} scores per submission`);
    for (const { board, score } of scored) {
      if (!board || board.length > 64)
        fail('invalid_argument', 'board name must be 1 to 64 characters');
      if (!Number.isFinite(score)) fail('invalid_argument', 'score must be a finite number');
    }
    await this.writer.write(appId, kind, await this.operators(appId), resolve);
  }

  /** Folds up to `limit` journaled scores into the scores table; returns how many. */
  compactJournal(limit = 20_000): Promise<number> {
    return this.writer.compactJournal(limit);
  }

  /**
   * Deletes the board's scores and then puts its index entries (cities included) in line with
   * the database. The reset is recorded in the deleting transaction and finished once the index
   * is done, so a crash in between is finished at the next start (finishPendingResets).
   */
  async reset(appId: string, board: string): Promise<void> {
    await this.writer.exclusive(async () => {
      await this.store.transaction((store) =>
        store.scores.resetBoard(appId, board, this.clock.now()),
      );
      await this.finishReset(appId, board);
    });
  }

  /** Finishes the resets a stopped process left half done; returns how many. */
  async finishPendingResets(): Promise<number> {
    const pending = await this.store.scores.pendingResets();
    for (const { appId, board } of pending) {
      await this.writer.exclusive(() => this.finishReset(appId, board));
    }
    return pending.length;
  }

  /**
   * Loads the board from the database rather than dropping it: with a shared index, another
   * process may have scored on the board since the reset committed.
   */
  private async finishReset(appId: string, board: string): Promise<void> {
    await this.loadBoard(appId, board);
    await this.store.scores.finishReset(appId, board);
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

  /** The app's player boards with their operators and how many players each ranks. */
  async boards(appId: string): Promise<BoardSummary[]> {
    const [names, operators] = await Promise.all([
      this.store.scores.boardNames(appId),
      this.operators(appId),
    ]);
    const playerBoards = names.filter((name) => !name.startsWith(GUILD_BOARD_PREFIX));
    const sizes = await Promise.all(
      playerBoards.map((board) => this.index.size(indexKey(appId, board))),
    );
    return playerBoards.map((board, i) => ({
      board,
      operator: operators.get(board) ?? 'set',
      entryCount: sizes[i] ?? 0,
    }));
  }

  /** Fails with not_found unless the player board holds scores or has an operator set. */
  async requireBoard(appId: string, board: string): Promise<void> {
    if ((await this.index.size(indexKey(appId, board))) > 0) return;
    if ((await this.operators(appId)).has(board)) return;
    fail('not_found', `no board ${board}`);
  }

  /** The player's place on the board and up to `neighbours` entries on either side. */
  async around(
    appId: string,
    board: string,
    accountId: number,
    neighbours: number,
  ): Promise<{ rank: number; score: number; entries: RankedEntry[] }> {
    const key = indexKey(appId, board);
    const mine = await this.index.rankOf(key, accountId);
    if (!mine) return { rank: 0, score: 0, entries: [] };
    const offset = Math.max(0, mine.rank - 1 - neighbours);
    const stretch = await this.index.range(key, offset, mine.rank - offset + neighbours);
    return {
      rank: mine.rank,
      score: mine.score,
      entries: stretch.map((e, i) => ({
        accountId: e.member,
        rank: offset + i + 1,
        score: e.score,
      })),
    };
  }

  /** How the board's scores spread over `buckets` equal-width buckets, counted by the database. */
  async histogram(appId: string, board: string, buckets: number): Promise<ScoreHistogram> {
    // Scores written in the last moments may still be in the journal.
    await this.compactJournal();
    return this.store.scores.histogram(appId, board, buckets);
  }

  /** The player's score and rank on each board of the app they are on, by board name. */
  async standingsOf(
    appId: string,
    accountId: number,
  ): Promise<{ board: string; rank: number; score: number }[]> {
    const boards = await this.store.scores.boardsOfAccount(appId, accountId);
    const positions = await Promise.all(
      boards.map((board) => this.index.rankOf(indexKey(appId, board), accountId)),
    );
    return boards.flatMap((board, i) => {
      const position = positions[i];
      return position ? [{ board, rank: position.rank, score: position.score }] : [];
    });
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
        return this.nearbyPage(key, asker, count, nearbyRadiusM);
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

  /** Players on the board within the radius: geohash cells narrow them down, then distance. */
  private async nearbyPage(
    key: string,
    asker: Account | undefined,
    count: number,
    radiusM: number,
  ): Promise<BoardPage> {
    const origin =
      asker?.location ?? fail('player.no_location', 'the player has reported no location');
    const located = await this.store.players.locatedInCells(
      coveringCells(origin.lat, origin.lng, radiusM),
    );
    const near = located
      .filter(
        (p) => p.id === asker?.id || distanceM(origin.lat, origin.lng, p.lat, p.lng) <= radiusM,
      )
      .map((p) => p.id);
    return this.rankAmong(key, near, asker, count);
  }

  private async rankAmong(
    key: string,
    members: readonly number[],
    asker: Account | undefined,
    count: number,
  ): Promise<BoardPage> {
    const entries = await this.index.entriesOf(key, members);
    return rankLocally(
      entries.flatMap((entry) => (entry ? [entry] : [])),
      asker,
      count,
    );
  }

  private friendsPage(
    key: string,
    asker: Account | undefined,
    friendIds: readonly number[],
    count: number,
  ): Promise<BoardPage> {
    return this.rankAmong(key, asker ? [asker.id, ...friendIds] : friendIds, asker, count);
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
      for (const { appId, board } of boards) {
        const key = indexKey(appId, board);
        const [entry] = await this.index.entriesOf(key, [accountId]);
        if (entry) await this.index.apply(key, [{ ...entry, city: areaId ?? NO_CITY }]);
      }
    };
  }

  /**
   * Deletes the account's scores in `store`'s transaction; the returned step, run once it
   * commits, drops them from the rank index (the ranks of others behind them move up).
   */
  async forget(store: Store, accountId: number): Promise<() => Promise<void>> {
    const boards = await store.scores.deleteAccount(accountId);
    return async () => {
      for (const { appId, board } of boards) {
        await this.index.remove(indexKey(appId, board), [accountId]);
      }
    };
  }

  /** Rebuilds every board's index from the database. */
  async rebuild(
    onProgress: (done: number, total: number) => void = () => undefined,
  ): Promise<{ boards: number; entries: number }> {
    while ((await this.compactJournal(REBUILD_PAGE)) > 0);
    const boards = await this.store.scores.boards();
    const total = boards.reduce((sum, b) => sum + b.size, 0);
    let done = 0;
    onProgress(0, total);
    for (const { appId, board } of boards) {
      await this.loadBoard(appId, board, (rows) => {
        done += rows;
        onProgress(done, total);
      });
    }
    return { boards: boards.length, entries: total };
  }

  /** Replaces the board's index entries with its rows in the database. */
  private async loadBoard(
    appId: string,
    board: string,
    onPage: (rows: number) => void = () => undefined,
  ): Promise<void> {
    const updates: RankUpdate[] = [];
    for (let after = -1; ;) {
      const page = await this.store.scores.page(appId, board, after, REBUILD_PAGE);
      for (const row of page) updates.push(toRankUpdate(row));
      onPage(page.length);
      if (page.length < REBUILD_PAGE) break;
      after = page[page.length - 1]?.memberId ?? after;
    }
    await this.index.load(indexKey(appId, board), updates);
  }
}
