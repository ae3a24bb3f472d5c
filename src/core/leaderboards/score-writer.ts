import type { BoardOperator } from '../apps/types.js';
import type { Clock } from '../runtime.js';
import type { RankEntry, RankIndex, RankUpdate } from './rank-index.js';
import { KEEP_CITY, NO_CITY } from './rank-index.js';
import type { JournalEntry, MemberKind } from '../../store/repos/scores.js';
import type { Store, StoreSlice } from '../../store/store.js';
import type { BoardEntry } from './scoring.js';
import { combine, indexKey, resultingScore, toRankUpdate } from './scoring.js';

interface PendingWrite {
  appId: string;
  kind: MemberKind;
  operators: Map<string, BoardOperator>;
  resolve: (store: Store) => Promise<Map<string, BoardEntry[]>>;
  done: () => void;
  failed: (error: unknown) => void;
}

const IN_PLACE_BATCHES_AT_ONCE = 4;

/** Most rows one upsert statement carries (PostgreSQL allows 65,535 parameters). */
const UPSERT_STATEMENT_ROWS = 1_000;

interface Touched {
  appId: string;
  board: string;
  members: number[];
}

interface Undo {
  key: string;
  members: number[];
  before: (RankEntry | null)[];
}

/**
 * Writes scores to the database and the rank index, in one of two ways:
 * - in place (an index shared by several processes, in Redis): one upsert per board (per 1,000
 *   rows) applies the operator in SQL under row locks, and the resulting rows go to the index
 *   inside the same transaction, so concurrent writers reach the index in commit order;
 * - journaled (the index is this process's own, so it knows every current score): the operator
 *   is applied against the index, the results are appended to `score_journal` — a sequential
 *   write, where updating a million-row table in place costs a page write per score — and a
 *   background job folds the journal into `scores` in large batches.
 */
export class ScoreWriter {
  private lastSeq = 0;
  /** Journaled batches and folds, one at a time. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly pending: PendingWrite[] = [];
  private commitQueued = false;
  private commitsInFlight = 0;

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

  /**
   * Writes the boards' entries that `resolve` produces inside a transaction. Group commit: the
   * writes that arrive while one transaction runs share the next one, so a commit (and, with
   * Redis, a round trip) is paid per batch of requests rather than per request. A failure fails
   * every write of its batch: entries must be checked before they are submitted.
   */
  write(
    appId: string,
    kind: MemberKind,
    operators: Map<string, BoardOperator>,
    resolve: (store: Store) => Promise<Map<string, BoardEntry[]>>,
  ): Promise<void> {
    return new Promise((done, failed) => {
      this.pending.push({ appId, kind, operators, resolve, done, failed });
      this.startCommits();
    });
  }

  /**
   * Journaled batches run one at a time (each reads the index its predecessor wrote). In-place
   * batches lock their rows in one order, so a few run at once: the database works on several
   * while this process prepares the next.
   */
  private startCommits(): void {
    if (this.journaled) {
      if (this.commitQueued) return;
      this.commitQueued = true;
      void this.exclusive(() => this.commitPending());
      return;
    }
    while (this.pending.length > 0 && this.commitsInFlight < IN_PLACE_BATCHES_AT_ONCE) {
      this.commitsInFlight++;
      void this.commitPending().finally(() => {
        this.commitsInFlight--;
        this.startCommits();
      });
    }
  }

  /** Runs `work` after every journaled batch (and fold) queued before it. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async commitPending(): Promise<void> {
    this.commitQueued = false;
    const batch = this.pending.splice(0);
    try {
      await (this.journaled ? this.commitToJournal(batch) : this.commitInPlace(batch));
    } catch (error) {
      for (const write of batch) write.failed(error);
      return;
    }
    for (const write of batch) write.done();
  }

  private async commitInPlace(batch: readonly PendingWrite[]): Promise<void> {
    const touched: Touched[] = [];
    try {
      await this.store.transaction(async (store) => {
        const boards = new Map<
          string,
          { write: PendingWrite; board: string; entries: BoardEntry[] }
        >();
        for (const write of batch) {
          for (const [board, entries] of await write.resolve(store)) {
            const key = `${write.kind}:${indexKey(write.appId, board)}`;
            const group = boards.get(key);
            if (group) group.entries.push(...entries);
            else boards.set(key, { write, board, entries: [...entries] });
          }
        }
        // Rows are locked in one global order (board, then member) so that concurrent
        // transactions touching the same players cannot deadlock.
        const ordered = [...boards].sort(([a], [b]) => (a < b ? -1 : 1));
        for (const [, { write, board, entries }] of ordered) {
          touched.push(await this.upsertBoard(store, write, board, entries));
        }
      });
    } catch (error) {
      await this.resync(touched);
      throw error;
    }
  }

  /** Applies the operator to one board in SQL and the resulting rows to the index. */
  private async upsertBoard(
    store: Store,
    write: PendingWrite,
    board: string,
    submitted: readonly BoardEntry[],
  ): Promise<Touched> {
    const { operator, key, merged, members, areas } = await this.boardState(
      store,
      write,
      board,
      submitted,
    );
    // Stamped in submission order, written in member order.
    const writes = members
      .map((memberId) => ({
        memberId,
        score: merged.get(memberId) ?? 0,
        seq: this.nextSeq(),
        areaId: areas.get(memberId) ?? null,
      }))
      .sort((a, b) => a.memberId - b.memberId);
    const touched = { appId: write.appId, board, members };
    for (let i = 0; i < writes.length; i += UPSERT_STATEMENT_ROWS) {
      const chunk = writes.slice(i, i + UPSERT_STATEMENT_ROWS);
      const rows = await store.scores.upsert(write.appId, board, operator, chunk, write.kind);
      await this.index.apply(key, rows.map(toRankUpdate));
    }
    return touched;
  }

  /** After a failed in-place transaction, puts the index back in line with the database. */
  private async resync(touched: readonly Touched[]): Promise<void> {
    for (const { appId, board, members } of touched) {
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

  /** A failure puts the index back as it was before the batch. */
  private async commitToJournal(batch: readonly PendingWrite[]): Promise<void> {
    const undo: Undo[] = [];
    try {
      await this.store.transaction(async (store) => {
        const entries: JournalEntry[] = [];
        for (const write of batch) {
          for (const [board, submitted] of await write.resolve(store)) {
            undo.push(await this.journalBoard(store, write, board, submitted, entries));
          }
        }
        await store.scores.appendJournal(entries);
      });
    } catch (error) {
      // The callers must see the original failure; an index that cannot be put back is rebuilt
      // from the database at the next start.
      for (const step of undo.reverse()) await this.restore(step).catch(() => undefined);
      throw error;
    }
  }

  /** Applies one board's entries of a write to the index; collects their journal entries. */
  private async journalBoard(
    store: Store,
    write: PendingWrite,
    board: string,
    submitted: readonly BoardEntry[],
    entries: JournalEntry[],
  ): Promise<Undo> {
    const { operator, key, merged, members, before, areas } = await this.boardState(
      store,
      write,
      board,
      submitted,
    );
    const updates: RankUpdate[] = [];
    members.forEach((memberId, i) => {
      const current = before[i];
      const value = merged.get(memberId) ?? 0;
      const score = current ? resultingScore(operator, current.score, value) : value;
      const seq = current && current.score === score ? current.seq : this.nextSeq();
      const areaId = current ? null : (areas.get(memberId) ?? null);
      entries.push({
        appId: write.appId,
        board,
        memberKind: write.kind,
        memberId,
        score,
        seq,
        areaId,
      });
      updates.push({
        member: memberId,
        score,
        seq,
        city: current ? KEEP_CITY : (areaId ?? NO_CITY),
      });
    });
    await this.index.apply(key, updates);
    return { key, members, before };
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

  /**
   * One board's part of a write: its operator, the members with their submitted scores combined,
   * what the index holds for them, and the cities of those new to the board.
   */
  private async boardState(
    store: Store,
    write: PendingWrite,
    board: string,
    submitted: readonly BoardEntry[],
  ) {
    const operator = write.operators.get(board) ?? 'set';
    const key = indexKey(write.appId, board);
    const merged = combine(submitted, operator);
    const members = [...merged.keys()];
    const before = await this.index.entriesOf(key, members);
    const areas = await this.areasOfNewcomers(store, write.kind, members, before);
    return { operator, key, merged, members, before, areas };
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

  /**
   * Folds up to `limit` of the oldest journal entries into `scores`; returns how many. Queued
   * with the journal's writers, so no append can slip below the folded range.
   */
  compactJournal(limit: number): Promise<number> {
    return this.exclusive(() => this.store.transaction((store) => store.scores.foldJournal(limit)));
  }
}
