const EMPTY = -1;
const MIN_SLOTS = 4;
const MIN_BUCKETS = 8;
/** Past this many slots, grow by a quarter instead of doubling to stay within 64 bytes/entry. */
const DOUBLING_LIMIT = 1 << 16;

/**
 * The members of one board: per-slot typed arrays (member, score, seq, city) and an
 * open-addressing hash table (linear probing, backward-shift deletion) from member to slot.
 * Freed slots are reused; their `cities` cell links the free list.
 */
export class SlotTable {
  members: Float64Array;
  scores: Float64Array;
  seqs: Float64Array;
  cities: Int32Array;
  /** Live members. */
  size = 0;
  /** Slots handed out so far (live or free); slots at and above this index were never used. */
  private used = 0;
  private freeHead = EMPTY;
  private buckets: Int32Array;

  constructor(capacity = 0) {
    const slots = Math.max(MIN_SLOTS, capacity);
    this.members = new Float64Array(slots);
    this.scores = new Float64Array(slots);
    this.seqs = new Float64Array(slots);
    this.cities = new Int32Array(slots);
    this.buckets = new Int32Array(bucketCountFor(capacity)).fill(EMPTY);
  }

  /** The member's slot, or -1. */
  find(member: number): number {
    const { buckets, members } = this;
    const mask = buckets.length - 1;
    for (let i = hashMember(member) & mask; ; i = (i + 1) & mask) {
      const slot = buckets[i]!;
      if (slot === EMPTY || members[slot] === member) return slot;
    }
  }

  /** Allocates a slot for a member that is not in the table yet. */
  add(member: number): number {
    if ((this.size + 1) * 4 > this.buckets.length * 3) this.rehash(this.buckets.length * 2);
    let slot = this.freeHead;
    if (slot !== EMPTY) {
      this.freeHead = this.cities[slot]!;
    } else {
      if (this.used === this.members.length) this.growSlots();
      slot = this.used++;
    }
    this.members[slot] = member;
    this.placeInBuckets(slot);
    this.size++;
    return slot;
  }

  delete(slot: number): void {
    const { buckets, members } = this;
    const mask = buckets.length - 1;
    let hole = hashMember(members[slot]!) & mask;
    while (buckets[hole] !== slot) hole = (hole + 1) & mask;
    // Backward shift: pull later entries of the probe run into the hole unless that would move
    // them before their home bucket.
    for (let i = (hole + 1) & mask; buckets[i] !== EMPTY; i = (i + 1) & mask) {
      const home = hashMember(members[buckets[i]!]!) & mask;
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

  /** Whether slot `a` ranks before slot `b`: higher score, then lower seq, then lower member. */
  precedes(a: number, b: number): boolean {
    const scoreA = this.scores[a]!;
    const scoreB = this.scores[b]!;
    if (scoreA !== scoreB) return scoreA > scoreB;
    const seqA = this.seqs[a]!;
    const seqB = this.seqs[b]!;
    if (seqA !== seqB) return seqA < seqB;
    return this.members[a]! < this.members[b]!;
  }

  bytes(): number {
    return (
      this.members.byteLength +
      this.scores.byteLength +
      this.seqs.byteLength +
      this.cities.byteLength +
      this.buckets.byteLength
    );
  }

  private placeInBuckets(slot: number): void {
    const { buckets } = this;
    const mask = buckets.length - 1;
    let i = hashMember(this.members[slot]!) & mask;
    while (buckets[i] !== EMPTY) i = (i + 1) & mask;
    buckets[i] = slot;
  }

  private rehash(bucketCount: number): void {
    const old = this.buckets;
    this.buckets = new Int32Array(bucketCount).fill(EMPTY);
    for (const slot of old) if (slot !== EMPTY) this.placeInBuckets(slot);
  }

  private growSlots(): void {
    const capacity = this.members.length;
    const grown = capacity < DOUBLING_LIMIT ? capacity * 2 : capacity + (capacity >> 2);
    this.members = resized(this.members, grown);
    this.scores = resized(this.scores, grown);
    this.seqs = resized(this.seqs, grown);
    this.cities = resized(this.cities, grown);
  }
}

/** The smallest power of two that keeps `count` members at a load factor of at most 3/4. */
function bucketCountFor(count: number): number {
  let buckets = MIN_BUCKETS;
  while (count * 4 > buckets * 3) buckets *= 2;
  return buckets;
}

/** Hashes a non-negative integer below 2^53 (both 32-bit halves, murmur3 finalizer). */
function hashMember(member: number): number {
  let h = (member >>> 0) ^ Math.imul((member / 4294967296) >>> 0, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function resized<T extends Float64Array | Int32Array>(array: T, length: number): T {
  const grown = new (array.constructor as new (length: number) => T)(length);
  grown.set(array);
  return grown;
}
