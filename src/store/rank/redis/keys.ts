/**
 * Redis keys of one board: the whole-board zset, one zset per city, a hash member → "code@city"
 * and the set of cities that have members. The board's length goes into the key so that no board
 * name can produce another board's keys.
 */
export class BoardKeys {
  readonly zset: string;
  readonly hash: string;
  readonly cities: string;
  /** A city's zset key is this prefix followed by the city id. */
  readonly cityPrefix: string;

  /** `scope` separates a board's staging keys (see RedisRankIndex.load) from its live keys. */
  constructor(prefix: string, board: string, scope = '') {
    const base = `${prefix}${board.length}:${board}:${scope}`;
    this.zset = `${base}z`;
    this.hash = `${base}h`;
    this.cities = `${base}c`;
    this.cityPrefix = `${base}z:`;
  }

  city(city: number): string {
    return this.cityPrefix + city;
  }

  /** zset, hash and cities: the KEYS of every script. */
  get fixed(): [string, string, string] {
    return [this.zset, this.hash, this.cities];
  }
}
