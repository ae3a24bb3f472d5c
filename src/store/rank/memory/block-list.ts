import type { SlotTable } from './slot-table.js';

/**
 * Slots of one board (or city) in rank order: a list of sorted blocks, after Python's
 * sortedcontainers, with a Fenwick tree over the block lengths for O(log n) rank and offset
 * lookups. A full block (`maxBlock` slots) splits in two; a block shrinking below a quarter of
 * that merges with a neighbour. Block capacity follows the length with bounded headroom. The score
 * of each block's last slot is kept contiguously so that finding a block rarely touches the slots.
 */
export class BlockList {
  size = 0;
  private blocks: Int32Array[] = [];
  private lengths: number[] = [];
  private tree = new Int32Array(1);
  private lastScores = new Float64Array(0);
  /** Highest power of two not above the block count: the first step of a Fenwick descent. */
  private topStep = 0;
  private readonly minBlock: number;

  constructor(
    private readonly table: SlotTable,
    private readonly maxBlock: number,
  ) {
    this.minBlock = maxBlock >> 2;
  }

  /** Builds a list from slots already in rank order. */
  static fromSorted(table: SlotTable, slots: Int32Array, maxBlock: number): BlockList {
    const list = new BlockList(table, maxBlock);
    const fill = maxBlock >> 1;
    for (let start = 0; start < slots.length; start += fill) {
      const piece = slots.subarray(start, start + fill);
      list.blocks.push(list.copy(piece));
      list.lengths.push(piece.length);
    }
    list.size = slots.length;
    list.reindex();
    return list;
  }

  insert(slot: number): void {
    if (this.size === 0) {
      this.blocks = [this.copy(Int32Array.of(slot))];
      this.lengths = [1];
      this.size = 1;
      this.reindex();
      return;
    }
    let b = this.blockFor(slot);
    if (this.lengths[b] === this.maxBlock) {
      this.split(b);
      if (this.table.precedes(this.lastOf(b), slot)) b++;
    }
    let block = this.blocks[b]!;
    const length = this.lengths[b]!;
    if (length === block.length) {
      block = this.copy(block, this.capacityFor(length));
      this.blocks[b] = block;
    }
    const i = this.indexIn(block, length, slot);
    block.copyWithin(i + 1, i, length);
    block[i] = slot;
    if (i === length) this.lastScores[b] = this.table.scoreOf(slot);
    this.lengths[b] = length + 1;
    this.addToTree(b, 1);
    this.size++;
  }

  /** Removes a slot that is in the list (with the key it was inserted under). */
  delete(slot: number): void {
    const b = this.blockFor(slot);
    const block = this.blocks[b]!;
    const length = this.lengths[b]! - 1;
    const i = this.indexIn(block, length + 1, slot);
    if (block[i] !== slot) throw new Error(`rank index corrupted: slot ${slot} not found`);
    block.copyWithin(i, i + 1, length + 1);
    this.lengths[b] = length;
    this.size--;
    if (this.size === 0) {
      this.blocks = [];
      this.lengths = [];
      this.reindex();
    } else if (length < this.minBlock && this.blocks.length > 1) {
      this.mergeWithNeighbour(b);
    } else {
      this.addToTree(b, -1);
      if (i === length) this.lastScores[b] = this.table.scoreOf(block[length - 1]!);
      if (block.length - length > 2 * headroom(length)) {
        this.blocks[b] = this.copy(block.subarray(0, length));
      }
    }
  }

  /** 0-based position of a slot that is in the list. */
  indexOf(slot: number): number {
    const b = this.blockFor(slot);
    return this.prefix(b) + this.indexIn(this.blocks[b]!, this.lengths[b]!, slot);
  }

  /** Calls `visit` with up to `count` slots from 0-based position `offset`, in order. */
  forEachFrom(offset: number, count: number, visit: (slot: number) => void): void {
    if (offset >= this.size || count <= 0) return;
    let b = this.blockAt(offset);
    let i = offset - this.prefix(b);
    for (let left = Math.min(count, this.size - offset); left > 0; b++, i = 0) {
      const block = this.blocks[b]!;
      const end = Math.min(this.lengths[b]!, i + left);
      left -= end - i;
      for (; i < end; i++) visit(block[i]!);
    }
  }

  bytes(): number {
    let total = this.tree.byteLength + this.lastScores.byteLength;
    for (const block of this.blocks) total += block.byteLength;
    return total;
  }

  /** The first block whose last slot does not precede `slot` (the last block if all do). */
  private blockFor(slot: number): number {
    const { lastScores, table } = this;
    const score = table.scoreOf(slot);
    let low = 0;
    let high = this.blocks.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const last = lastScores[mid]!;
      if (last > score || (last === score && table.precedes(this.lastOf(mid), slot))) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** The first index in `block` whose slot does not precede `slot`. */
  private indexIn(block: Int32Array, length: number, slot: number): number {
    let low = 0;
    let high = length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.table.precedes(block[mid]!, slot)) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private lastOf(b: number): number {
    return this.blocks[b]![this.lengths[b]! - 1]!;
  }

  private split(b: number): void {
    this.replaceBlocks(b, 1, this.blocks[b]!.subarray(0, this.lengths[b]));
  }

  private mergeWithNeighbour(b: number): void {
    const first = b + 1 < this.blocks.length ? b : b - 1;
    const firstLength = this.lengths[first]!;
    const merged = new Int32Array(firstLength + this.lengths[first + 1]!);
    merged.set(this.blocks[first]!.subarray(0, firstLength));
    merged.set(this.blocks[first + 1]!.subarray(0, this.lengths[first + 1]), firstLength);
    this.replaceBlocks(first, 2, merged);
  }

  /** Replaces `count` blocks from `first` with `slots`, as one block or, if full, two halves. */
  private replaceBlocks(first: number, count: number, slots: Int32Array): void {
    const pieces =
      slots.length < this.maxBlock
        ? [slots]
        : [slots.subarray(0, slots.length >> 1), slots.subarray(slots.length >> 1)];
    this.blocks.splice(first, count, ...pieces.map((piece) => this.copy(piece)));
    this.lengths.splice(first, count, ...pieces.map((piece) => piece.length));
    this.reindex();
  }

  private copy(slots: Int32Array, capacity = this.capacityFor(slots.length)): Int32Array {
    const block = new Int32Array(capacity);
    block.set(slots);
    return block;
  }

  private capacityFor(length: number): number {
    return Math.min(this.maxBlock, length + headroom(length));
  }

  private reindex(): void {
    const n = this.lengths.length;
    const tree = new Int32Array(n + 1);
    for (let i = 1; i <= n; i++) {
      tree[i]! += this.lengths[i - 1]!;
      const parent = i + (i & -i);
      if (parent <= n) tree[parent]! += tree[i]!;
    }
    this.tree = tree;
    this.lastScores = new Float64Array(n);
    for (let b = 0; b < n; b++) this.lastScores[b] = this.table.scoreOf(this.lastOf(b));
    this.topStep = n === 0 ? 0 : 1 << (31 - Math.clz32(n));
  }

  private addToTree(b: number, delta: number): void {
    const { tree } = this;
    for (let i = b + 1; i < tree.length; i += i & -i) tree[i]! += delta;
  }

  /** Number of slots in blocks before `b`. */
  private prefix(b: number): number {
    let sum = 0;
    for (let i = b; i > 0; i -= i & -i) sum += this.tree[i]!;
    return sum;
  }

  /** The block holding 0-based position `offset` (< size). */
  private blockAt(offset: number): number {
    const { tree } = this;
    let b = 0;
    let rest = offset;
    for (let step = this.topStep; step > 0; step >>= 1) {
      const next = b + step;
      if (next < tree.length && tree[next]! <= rest) {
        b = next;
        rest -= tree[next]!;
      }
    }
    return b;
  }
}

/** Spare room a block of `length` slots gets when (re)allocated: doubling while small. */
function headroom(length: number): number {
  return Math.min(64, Math.max(4, length));
}
