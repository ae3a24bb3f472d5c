import { MemoryBoard } from './memory/board.js';
import { assertValidRange, assertValidUpdates } from './validate.js';
import type {
  RankEntry,
  RankIndex,
  RankPosition,
  RankUpdate,
} from '../../core/leaderboards/rank-index.js';

export interface MemoryRankIndexOptions {
  /** Most slots per block of a sorted list (at least 4); tests shrink it to exercise splits. */
  maxBlockSize?: number;
}

const DEFAULT_MAX_BLOCK = 1024;

/**
 * In-process rank index over typed arrays (see MemoryBoard for the layout). Every method completes
 * synchronously; the promises only satisfy the RankIndex contract.
 */
export class MemoryRankIndex implements RankIndex {
  private readonly boards = new Map<string, MemoryBoard>();
  private readonly maxBlock: number;

  constructor(options: MemoryRankIndexOptions = {}) {
    this.maxBlock = options.maxBlockSize ?? DEFAULT_MAX_BLOCK;
    if (!Number.isInteger(this.maxBlock) || this.maxBlock < 4) {
      throw new RangeError(`maxBlockSize must be an integer of at least 4, got ${this.maxBlock}`);
    }
  }

  async apply(board: string, updates: readonly RankUpdate[]): Promise<void> {
    assertValidUpdates(updates, true);
    if (updates.length === 0) return;
    let target = this.boards.get(board);
    if (target === undefined) {
      target = MemoryBoard.empty(this.maxBlock);
      this.boards.set(board, target);
    }
    for (const update of updates) target.apply(update);
  }

  async remove(board: string, members: readonly number[]): Promise<void> {
    const target = this.boards.get(board);
    if (target !== undefined) {
      for (const member of members) target.remove(member);
      if (target.size === 0) this.boards.delete(board);
    }
  }

  async drop(board: string): Promise<void> {
    this.boards.delete(board);
  }

  async size(board: string, city?: number): Promise<number> {
    return this.boards.get(board)?.sizeOf(city) ?? 0;
  }

  async rankOf(board: string, member: number, city?: number): Promise<RankPosition | null> {
    return this.boards.get(board)?.rankOf(member, city) ?? null;
  }

  async range(board: string, offset: number, count: number, city?: number): Promise<RankEntry[]> {
    assertValidRange(offset, count);
    return this.boards.get(board)?.range(offset, count, city) ?? [];
  }

  async cities(board: string): Promise<number[]> {
    return this.boards.get(board)?.cities() ?? [];
  }

  async entriesOf(board: string, members: readonly number[]): Promise<(RankEntry | null)[]> {
    const target = this.boards.get(board);
    return members.map((member) => target?.entryOf(member) ?? null);
  }

  async load(board: string, entries: readonly RankUpdate[]): Promise<void> {
    if (entries.length === 0) this.boards.delete(board);
    else this.boards.set(board, MemoryBoard.fromEntries(entries, this.maxBlock));
  }

  async bytesUsed(board: string): Promise<number> {
    return this.boards.get(board)?.bytes() ?? 0;
  }

  async close(): Promise<void> {
    this.boards.clear();
  }
}
