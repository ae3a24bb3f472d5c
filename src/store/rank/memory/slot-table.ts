const EMPTY = -1;
const MIN_SLOTS = 4;
const MIN_BUCKETS = 8;
/** Past this many slots, grow by a quarter instead of doubling to stay within 64 bytes/entry. */
const DOUBLING_LIMIT = 1 << 16;
/** `keys` holds score, seq and member of each slot side by side: one cache line per lookup. */
const STRIDE = 3;
const SEQ = 1;
const MEMBER = 2;

/**
 * The members of one board: per-slot keys (score, seq, member) and city in typed arrays, and an
 * open-addressing hash table (linear probing, backward-shift deletion) from member to slot.
 * Freed slots are reused; their `cities` cell links the free list.
 */
export class SlotTable {
  /** Live members. */
  size = 0;
  private keys: Float64Array;
  private cities: Int32Array;
  /** Slots handed out so far (live or free); slots at and above this index were never used. */
  private used = 0;
  private freeHead = EMPTY;
  private buckets: Int32Array;

  constructor(capacity = 0) {
    const slots = Math.max(MIN_SLOTS, capacity);
    this.keys = new Float64Array(slots * STRIDE);
    this.cities = new Int32Array(slots);
    this.buckets = new Int32Array(bucketCountFor(capacity)).fill(EMPTY);
  }

  /** The member's slot, or -1. */
  find(member: number): number {
    const { buckets, keys } = this;
    const mask = buckets.length - 1;
    for (let i = hashMember(member) & mask; ; i = (i + 1) & mask) {
      const slot = buckets[i]!;
      if (slot === EMPTY || keys[slot * STRIDE + MEMBER] === member) return slot;
    }
  }

  /** Allocates a slot for a member that is not in the table yet; its key is then set(). */
  add(member: number): number {
    if ((this.size + 1) * 4 > this.buckets.length * 3) this.rehash(this.buckets.length * 2);
    let slot = this.freeHead;
    if (slot !== EMPTY) {
      this.freeHead = this.cities[slot]!;
    } else {
      if (this.used === this.cities.length) this.growSlots();
      slot = this.used++;
    }
    this.keys[slot * STRIDE + MEMBER] = member;
    this.placeInBuckets(slot);
    this.size++;
    return slot;
  }

  set(slot: number, score: number, seq: number, city: number): void {
    this.keys[slot * STRIDE] = score;
    this.keys[slot * STRIDE + SEQ] = seq;
    this.cities[slot] = city;
  }

  delete(slot: number): void {
    const { buckets } = this;
    const mask = buckets.length - 1;
    let hole = hashMember(this.memberOf(slot)) & mask;
    while (buckets[hole] !== slot) hole = (hole + 1) & mask;
    // Backward shift: pull later entries of the probe run into the hole unless that would move
    // them before their home bucket.
    for (let i = (hole + 1) & mask; buckets[i] !== EMPTY; i = (i + 1) & mask) {
      const home = hashMember(this.memberOf(buckets[i]!)) & mask;
      const stays = hole <= i ? hole < home && home <= i : hole < home || home <= i;
      if (!stays) {
        buckets[hole] = buckets[i]!;
        hole = i;
      }
    }
    buckets[hole] = EMPTY;
    this.cities[slot] = this.freeHead;
    this.freeHead = slot;
    this.size--;
  }

  scoreOf(slot: number): number {
    return this.keys[slot * STRIDE]!;
  }

  seqOf(slot: number): number {
    return this.keys[slot * STRIDE + SEQ]!;
  }

  memberOf(slot: number): number {
    return this.keys[slot * STRIDE + MEMBER]!;
  }

  cityOf(slot: number): number {
    return this.cities[slot]!;
  }

  /** Whether slot `a` ranks before slot `b`: higher score, then lower seq, then lower member. */
  precedes(a: number, b: number): boolean {
    const { keys } = this;
    const ka = a * STRIDE;
    const kb = b * STRIDE;
    if (keys[ka] !== keys[kb]) return keys[ka]! > keys[kb]!;
    if (keys[ka + SEQ] !== keys[kb + SEQ]) return keys[ka + SEQ]! < keys[kb + SEQ]!;
    return keys[ka + MEMBER]! < keys[kb + MEMBER]!;
  }

  bytes(): number {
    return this.keys.byteLength + this.cities.byteLength + this.buckets.byteLength;
  }

  private placeInBuckets(slot: number): void {
    const { buckets } = this;
    const mask = buckets.length - 1;
    let i = hashMember(this.memberOf(slot)) & mask;
    while (buckets[i] !== EMPTY) i = (i + 1) & mask;
    buckets[i] = slot;
  }

  private rehash(bucketCount: number): void {
    const old = this.buckets;
    this.buckets = new Int32Array(bucketCount).fill(EMPTY);
    for (const slot of old) if (slot !== EMPTY) this.placeInBuckets(slot);
  }

  private growSlots(): void {
    const capacity = this.cities.length;
    const grown = capacity < DOUBLING_LIMIT ? capacity * 2 : capacity + (capacity >> 2);
    const keys = new Float64Array(grown * STRIDE);
    keys.set(this.keys);
    this.keys = keys;
    const cities = new Int32Array(grown);
    cities.set(this.cities);
    this.cities = cities;
  }
}

/** The smallest power of two that keeps `count` members at a load factor of at most 3/4. */
function bucketCountFor(count: number): number {
  let buckets = MIN_BUCKETS;
  while (count * 4 > buckets * 3) buckets *= 2;
  return buckets;
}

/** Hashes a non-negative integer up to 2^53 (both 32-bit halves, murmur3 finalizer). */
function hashMember(member: number): number {
  let h = (member >>> 0) ^ Math.imul((member / 4294967296) >>> 0, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}
