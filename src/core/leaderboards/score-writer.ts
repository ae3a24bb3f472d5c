import type { BoardOperator } from '../apps/types.js';
import { fail } from '../errors.js';
import type { Clock } from '../runtime.js';
import type { RankEntry, RankIndex, RankUpdate } from './rank-index.js';
import { KEEP_CITY, NO_CITY } from './rank-index.js';
import type { JournalRow, MemberKind, ScoreWrite } from '../../store/repos/scores.js';
import type { Store, StoreSlice } from '../../store/store.js';
import type { BoardEntry } from './scoring.js';
import { combine, indexKey, resultingScore, toRankUpdate } from './scoring.js';

/** Most rows one statement writes while the journal is folded into `scores`. */
const COMPACTION_STATEMENT_ROWS = 1_000;

interface Undo {
  key: string;
  members: number[];
  before: (RankEntry | null)[];
}

/**
 * Writes scores to the database and the rank index, in one of two ways:
 * - in place (an index shared by several processes, in Redis): one upsert per board applies the
 *   operator in SQL under row locks, and the resulting rows go to the index inside the same
 *   transaction, so concurrent writers reach the index in commit order;
 * - journaled (the index is this process's own, so it knows every current score): the operator
 *   is applied against the index, the results are appended to `score_journal` — a sequential
 *   write, where updating a million-row table in place costs a page write per score — and a
 *   background job folds the journal into `scores` in large batches.
 */
export class ScoreWriter {
  private lastSeq = 0;
  /** Journaled writes read the index, then write: one at a time. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: StoreSlice<'scores'>,
    private readonly index: RankIndex,
    private readonly clock: Clock,
    readonly journaled: boolean,
  ) {}

  /** A strictly increasing microsecond stamp: who reached a score first. */
  private nextSeq(): number {
    this.lastSeq = Math.max(this.lastSeq + 1, this.clock.now() * 1000);
    return this.lastSeq;
  }

  /** Writes the boards' entries that `resolve` produces inside the transaction. */
  write(
    appId: string,
    kind: MemberKind,
    operators: Map<string, BoardOperator>,
    resolve: (store: Store) => Promise<Map<string, BoardEntry[]>>,
  ): Promise<void> {
    if (!this.journaled) return this.writeInPlace(appId, kind, operators, resolve);
    return this.exclusive(() => this.writeToJournal(appId, kind, operators, resolve));
  }

  /** Runs `work` after every journaled write queued before it. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async writeInPlace(
    appId: string,
    kind: MemberKind,
    operators: Map<string, BoardOperator>,
    resolve: (store: Store) => Promise<Map<string, BoardEntry[]>>,
  ): Promise<void> {
    const touched: { board: string; members: number[] }[] = [];
    try {
      await this.store.transaction(async (store) => {
        // Rows are locked in one global order (board, then member) so that concurrent
        // submissions touching the same players cannot deadlock.
        const boards = [...validated(await resolve(store))].sort(([a], [b]) => (a < b ? -1 : 1));
        for (const [board, entries] of boards) {
          const operator = operators.get(board) ?? 'set';
          const key = indexKey(appId, board);
          const merged = combine(entries, operator);
          const members = [...merged.keys()].sort((a, b) => a - b);
          const before = await this.index.entriesOf(key, members);
          const areas = await this.areasOfNewcomers(store, kind, members, before);
          const writes = members.map((memberId) => ({
            memberId,
            score: merged.get(memberId) ?? 0,
            seq: this.nextSeq(),
            areaId: areas.get(memberId) ?? null,
          }));
          const rows = await store.scores.upsert(appId, board, operator, writes, kind);
          touched.push({ board, members });
          await this.index.apply(key, rows.map(toRankUpdate));
        }
      });
    } catch (error) {
      await this.resync(appId, touched);
      throw error;
    }
  }

  /** After a failed in-place transaction, puts the index back in line with the database. */
  private async resync(
    appId: string,
    touched: { board: string; members: number[] }[],
  ): Promise<void> {
    for (const { board, members } of touched) {
      const key = indexKey(appId, board);
      const rows = await this.store.scores.rowsOf(appId, board, members);
      const present = new Set(rows.map((r) => r.memberId));
      await this.index.remove(
        key,
        members.filter((m) => !present.has(m)),
      );
      await this.index.apply(key, rows.map(toRankUpdate));
    }
  }

  private async writeToJournal(
    appId: string,
    kind: MemberKind,
    operators: Map<string, BoardOperator>,
    resolve: (store: Store) => Promise<Map<string, BoardEntry[]>>,
  ): Promise<void> {
    const undo: Undo[] = [];
    try {
      await this.store.transaction(async (store) => {
        for (const [board, entries] of validated(await resolve(store))) {
          const operator = operators.get(board) ?? 'set';
          const key = indexKey(appId, board);
          const merged = combine(entries, operator);
          const members = [...merged.keys()];
          const before = await this.index.entriesOf(key, members);
          const areas = await this.areasOfNewcomers(store, kind, members, before);
          const writes: ScoreWrite[] = [];
          const updates: RankUpdate[] = [];
          members.forEach((memberId, i) => {
            const current = before[i];
            const submitted = merged.get(memberId) ?? 0;
            const score = current ? resultingScore(operator, current.score, submitted) : submitted;
            const seq = current && current.score === score ? current.seq : this.nextSeq();
            const areaId = current ? null : (areas.get(memberId) ?? null);
            writes.push({ memberId, score, seq, areaId });
            updates.push({
              member: memberId,
              score,
              seq,
              city: current ? KEEP_CITY : (areaId ?? NO_CITY),
            });
          });
          await store.scores.appendJournal(appId, board, kind, writes);
          undo.push({ key, members, before });
          await this.index.apply(key, updates);
        }
      });
    } catch (error) {
      // The caller must see the original failure; an index that cannot be put back is rebuilt
      // from the database at the next start.
      for (const step of undo.reverse()) await this.restore(step).catch(() => undefined);
      throw error;
    }
  }

  /** Puts back what the index held before a journaled write that did not commit. */
  private async restore({ key, members, before }: Undo): Promise<void> {
    await this.index.remove(
      key,
      members.filter((_, i) => before[i] === null),
    );
    const restored = members.flatMap((member, i) => {
      const entry = before[i];
      return entry ? [{ member, score: entry.score, seq: entry.seq, city: KEEP_CITY }] : [];
    });
    await this.index.apply(key, restored);
  }

  /** Cities of the accounts not yet on the board (those on it keep the city they have there). */
  private async areasOfNewcomers(
    store: Store,
    kind: MemberKind,
    members: number[],
    before: (RankEntry | null)[],
  ): Promise<Map<number, number>> {
    if (kind !== 'account') return new Map();
    return store.players.areasOf(members.filter((_, i) => before[i] === null));
  }

  /** Folds up to `limit` of the oldest journal entries into `scores`; returns how many. */
  async compactJournal(limit: number): Promise<number> {
    return this.store.transaction(async (store) => {
      const rows = await store.scores.journalHead(limit);
      const last = rows[rows.length - 1];
      if (!last) return 0;
      for (const group of latestPerMember(rows)) {
        for (let i = 0; i < group.writes.length; i += COMPACTION_STATEMENT_ROWS) {
          const writes = group.writes.slice(i, i + COMPACTION_STATEMENT_ROWS);
          await store.scores.upsert(group.appId, group.board, 'set', writes, group.memberKind);
        }
      }
      await store.scores.deleteJournalThrough(last.id);
      return rows.length;
    });
  }
}

function validated(byBoard: Map<string, BoardEntry[]>): Map<string, BoardEntry[]> {
  for (const [board, entries] of byBoard) {
    if (!board || board.length > 64)
      fail('invalid_argument', 'board name must be 1 to 64 characters');
    if (entries.some((e) => !Number.isFinite(e.score)))
      fail('invalid_argument', 'score must be a finite number');
  }
  return byBoard;
}

/**
 * Journal rows grouped by board, one write per member: its last score and seq, and the last city
 * recorded for it (only a member's first row on a board carries one).
 */
function latestPerMember(rows: readonly JournalRow[]) {
  const groups = new Map<
    string,
    { appId: string; board: string; memberKind: MemberKind; byMember: Map<number, ScoreWrite> }
  >();
  for (const row of rows) {
    const groupKey = `${row.memberKind}:${indexKey(row.appId, row.board)}`;
    let group = groups.get(groupKey);
    if (!group) {
      group = {
        appId: row.appId,
        board: row.board,
        memberKind: row.memberKind,
        byMember: new Map(),
      };
      groups.set(groupKey, group);
    }
    const previous = group.byMember.get(row.memberId);
    group.byMember.set(row.memberId, {
      memberId: row.memberId,
      score: row.score,
      seq: row.seq,
      areaId: row.areaId ?? previous?.areaId ?? null,
    });
  }
  // In key order, the upserts walk the table's B-tree pages in order instead of at random.
  return [...groups.values()].map((g) => ({
    ...g,
    writes: [...g.byMember.values()].sort((a, b) => a.memberId - b.memberId),
  }));
}
