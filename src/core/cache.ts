import type { Clock } from './runtime.js';

interface Entry<V> {
  value: V;
  at: number;
}

/**
 * A bounded cache that forgets old entries and, with a finite `ttlMs`, entries older than that.
 * Values that never change (id mappings) use an infinite ttl. It keeps two generations of at most
 * `maxEntries / 2` each: when the young one fills up it becomes the old one and the old one is
 * dropped whole, which costs O(1) per operation where per-entry eviction from a Map does not.
 */
export class RecentCache<K, V> {
  private young = new Map<K, Entry<V>>();
  private old = new Map<K, Entry<V>>();
  private readonly generationSize: number;

  constructor(
    maxEntries: number,
    private readonly ttlMs: number,
    private readonly clock: Clock,
  ) {
    this.generationSize = Math.max(1, Math.floor(maxEntries / 2));
  }

  get(key: K): V | undefined {
    let entry = this.young.get(key);
    if (!entry) {
      entry = this.old.get(key);
      if (!entry) return undefined;
      this.remember(key, entry);
    }
    if (this.ttlMs !== Infinity && this.clock.now() - entry.at >= this.ttlMs) {
      this.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: K, value: V): void {
    this.remember(key, { value, at: this.clock.now() });
  }

  delete(key: K): void {
    this.young.delete(key);
    this.old.delete(key);
  }

  clear(): void {
    this.young = new Map();
    this.old = new Map();
  }

  private remember(key: K, entry: Entry<V>): void {
    if (this.young.size >= this.generationSize && !this.young.has(key)) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, entry);
  }
}
