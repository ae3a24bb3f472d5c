import type { Clock } from './runtime.js';

/**
 * A bounded map that forgets its oldest entries. It keeps two generations of at most
 * `maxEntries / 2` each: when the young one fills up it becomes the old one and the old one is
 * dropped whole, which costs O(1) per operation where per-entry eviction from a Map does not.
 * Values are held as they are (no wrapper per entry): the player caches hold millions.
 */
export class RecentMap<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();
  private readonly generationSize: number;

  constructor(maxEntries: number) {
    this.generationSize = Math.max(1, Math.floor(maxEntries / 2));
  }

  get(key: K): V | undefined {
    const value = this.young.get(key);
    if (value !== undefined) return value;
    const aged = this.old.get(key);
    if (aged !== undefined) this.set(key, aged);
    return aged;
  }

  set(key: K, value: V): void {
    if (this.young.size >= this.generationSize && !this.young.has(key)) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }

  delete(key: K): void {
    this.young.delete(key);
    this.old.delete(key);
  }

  clear(): void {
    this.young = new Map();
    this.old = new Map();
  }
}

interface Entry<V> {
  value: V;
  at: number;
}

/** A RecentMap whose entries also expire `ttlMs` after they were set. */
export class RecentCache<K, V> {
  private readonly entries: RecentMap<K, Entry<V>>;

  constructor(
    maxEntries: number,
    private readonly ttlMs: number,
    private readonly clock: Clock,
  ) {
    this.entries = new RecentMap(maxEntries);
  }

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.clock.now() - entry.at >= this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: K, value: V): void {
    this.entries.set(key, { value, at: this.clock.now() });
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
