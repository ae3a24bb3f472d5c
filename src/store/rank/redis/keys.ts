/** Version of the key layout; a Redis holding another layout is rebuilt (see guildhall.ts). */
export const REDIS_RANK_LAYOUT = 'v3';

/**
 * Redis keys of one board: the whole-board zset, one zset per city, the set of cities that have
 * members, record buckets (strings of member slots holding seq and city, see codec.ts) and the set
 * of bucket ids in use. The board's length goes into the key so that no board name can produce
 * another board's keys.
 */
export class BoardKeys {
  readonly zset: string;
  readonly cities: string;
  readonly buckets: string;
  /** A city's zset key is this prefix followed by the city id. */
  readonly cityPrefix: string;
  /** A record bucket's key is this prefix followed by the bucket id. */
  readonly bucketPrefix: string;

  /** `scope` separates a board's staging keys (see RedisRankIndex.load) from its live keys. */
  constructor(prefix: string, board: string, scope = '') {
    const base = `${prefix}${REDIS_RANK_LAYOUT}:${board.length}:${board}:${scope}`;
    this.zset = `${base}z`;
    this.cities = `${base}c`;
    this.buckets = `${base}b`;
    this.cityPrefix = `${base}z:`;
    this.bucketPrefix = `${base}r:`;
  }

  city(city: number): string {
    return this.cityPrefix + city;
  }

  bucket(bucket: string): string {
    return this.bucketPrefix + bucket;
  }

  /** KEYS of every script. */
  get fixed(): [string, string, string] {
    return [this.zset, this.cities, this.buckets];
  }

  /** ARGV[1] and ARGV[2] of every script. */
  get prefixes(): [string, string] {
    return [this.cityPrefix, this.bucketPrefix];
  }
}
