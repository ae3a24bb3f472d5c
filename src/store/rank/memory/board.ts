import { KEEP_CITY, NO_CITY } from '../../../common/rank-city.js';
import type { RankEntry, RankPosition, RankUpdate } from '../../../core/leaderboards/rank-index.js';
import { BlockList } from './block-list.js';
import { SlotTable } from './slot-table.js';
import { assertValidUpdate } from '../validate.js';

/** One board of the memory index: its members, the whole-board order and one order per city. */
export class MemoryBoard {
  private readonly all: BlockList;
  private readonly byCity = new Map<number, BlockList>();

  private constructor(
    private readonly table: SlotTable,
    private readonly maxBlock: number,
    all?: BlockList,
  ) {
    this.all = all ?? new BlockList(table, maxBlock);
  }

  static empty(maxBlock: number): MemoryBoard {
    return new MemoryBoard(new SlotTable(), maxBlock);
  }

  /**
   * Builds a board in one pass when `entries` are in rank order, else by sorting slots. Throws on
   * an invalid entry (validated on the way, as a separate pass over a million rows costs).
   */
  static fromEntries(entries: readonly RankUpdate[], maxBlock: number): MemoryBoard {
    const table = new SlotTable(entries.length);
    let inOrder = true;
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]!;
      assertValidUpdate(entry);
      const { member, score, seq, city } = entry;
      let slot = table.find(member);
      if (slot < 0) slot = table.add(member);
      else inOrder = false; // a repeated member: the last entry wins, slots no longer match i
      table.set(slot, score, seq, city);
      if (inOrder && slot > 0 && !table.precedes(slot - 1, slot)) inOrder = false;
    }
    const order = new Int32Array(table.size);
    for (let slot = 0; slot < order.length; slot++) order[slot] = slot;
    if (!inOrder) order.sort((a, b) => (table.precedes(a, b) ? -1 : 1));

    const board = new MemoryBoard(table, maxBlock, BlockList.fromSorted(table, order, maxBlock));
    for (const [city, { slots }] of splitByCity(table, order)) {
      board.byCity.set(city, BlockList.fromSorted(table, slots, maxBlock));
    }
    return board;
  }

  get size(): number {
    return this.table.size;
  }

  apply(update: RankUpdate): void {
    const { table } = this;
    let slot = table.find(update.member);
    let city = update.city === KEEP_CITY ? NO_CITY : update.city;
    if (slot < 0) {
      slot = table.add(update.member);
    } else {
      if (update.city === KEEP_CITY) city = table.cityOf(slot);
      if (
        table.scoreOf(slot) === update.score &&
        table.seqOf(slot) === update.seq &&
        table.cityOf(slot) === city
      ) {
        return;
      }
      this.unlist(slot);
    }
    table.set(slot, update.score, update.seq, city);
    this.list(slot);
  }

  remove(member: number): void {
    const slot = this.table.find(member);
    if (slot < 0) return;
    this.unlist(slot);
    this.table.delete(slot);
  }

  sizeOf(city?: number): number {
    return this.listFor(city)?.size ?? 0;
  }

  rankOf(member: number, city?: number): RankPosition | null {
    const slot = this.table.find(member);
    const list = this.listFor(city);
    if (slot < 0 || list === undefined) return null;
    if (city !== undefined && this.table.cityOf(slot) !== city) return null;
    return {
      rank: list.indexOf(slot) + 1,
      score: this.table.scoreOf(slot),
      seq: this.table.seqOf(slot),
    };
  }

  range(offset: number, count: number, city?: number): RankEntry[] {
    const entries: RankEntry[] = [];
    this.listFor(city)?.forEachFrom(offset, count, (slot) => {
      entries.push(this.entryAt(slot));
    });
    return entries;
  }

  cities(): number[] {
    return [...this.byCity.keys()].sort((a, b) => a - b);
  }

  entryOf(member: number): RankEntry | null {
    const slot = this.table.find(member);
    return slot < 0 ? null : this.entryAt(slot);
  }

  bytes(): number {
    let total = this.table.bytes() + this.all.bytes();
    for (const list of this.byCity.values()) total += list.bytes();
    return total;
  }

  private entryAt(slot: number): RankEntry {
    const { table } = this;
    return { member: table.memberOf(slot), score: table.scoreOf(slot), seq: table.seqOf(slot) };
  }

  private listFor(city: number | undefined): BlockList | undefined {
    return city === undefined ? this.all : this.byCity.get(city);
  }

  private list(slot: number): void {
    this.all.insert(slot);
    const city = this.table.cityOf(slot);
    if (city === NO_CITY) return;
    let list = this.byCity.get(city);
    if (list === undefined) {
      list = new BlockList(this.table, this.maxBlock);
      this.byCity.set(city, list);
    }
    list.insert(slot);
  }

  private unlist(slot: number): void {
    this.all.delete(slot);
    const city = this.table.cityOf(slot);
    if (city === NO_CITY) return;
    const list = this.byCity.get(city)!;
    list.delete(slot);
    if (list.size === 0) this.byCity.delete(city);
  }
}

/** The slots of each city, in the order given. */
function splitByCity(table: SlotTable, order: Int32Array): Map<number, { slots: Int32Array }> {
  const counts = new Map<number, number>();
  for (const slot of order) {
    const city = table.cityOf(slot);
    if (city !== NO_CITY) counts.set(city, (counts.get(city) ?? 0) + 1);
  }
  const groups = new Map<number, { slots: Int32Array; filled: number }>();
  for (const [city, count] of counts) groups.set(city, { slots: new Int32Array(count), filled: 0 });
  for (const slot of order) {
    const city = table.cityOf(slot);
    if (city === NO_CITY) continue;
    const group = groups.get(city)!;
    group.slots[group.filled++] = slot;
  }
  return groups;
}
