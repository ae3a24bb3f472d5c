import type { Clock } from './runtime.js';

/**
 * A bounded map that forgets its least recently used entries and, with a finite `ttlMs`, entries
 * older than that. Values that never change (id mappings) use an infinite ttl.
 */
export class RecentCache<K, V> {
  private readonly entries = new Map<K, { value: V; at: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
    private readonly clock: Clock,
  ) {}

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (this.clock.now() - entry.at >= this.ttlMs) return undefined;
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value as K);
    }
    this.entries.set(key, { value, at: this.clock.now() });
  }

  delete(key: K): void {
    this.entries.delete(key);
  }
}
