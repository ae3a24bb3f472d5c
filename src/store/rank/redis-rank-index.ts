import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { assertValidRange, assertValidUpdates } from './validate.js';
import { NO_CITY } from '../../common/rank-city.js';
import type {
  RankEntry,
  RankIndex,
  RankPosition,
  RankUpdate,
} from '../../core/leaderboards/rank-index.js';
import { bucketOf, decodeEntry, slotOf } from './redis/codec.js';
import { BoardKeys } from './redis/keys.js';

export { REDIS_RANK_LAYOUT } from './redis/keys.js';
import { APPLY, DROP, ENTRIES, RANK, REMOVE, SWAP } from './redis/scripts.js';
import { chunks, stagingBatches } from './redis/staging.js';

/** Updates or members per script call: bounds how long one call blocks Redis. */
const SCRIPT_BATCH = 1000;
/** Pipelines in flight while loading, so that Redis works while the next batch is encoded. */
const LOAD_PIPELINES = 4;

/**
 * Rank index in Redis sorted sets, shared by every server process. Each call is one atomic script
 * (or one read command). The Redis client belongs to the caller: close() leaves it open.
 */
export class RedisRankIndex implements RankIndex {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {
    // ioredis would prefix declared keys but not the city keys the scripts compute.
    if (redis.options.keyPrefix) throw new Error('RedisRankIndex needs a client without keyPrefix');
  }

  async apply(board: string, updates: readonly RankUpdate[]): Promise<void> {
    assertValidUpdates(updates, true);
    const keys = this.keys(board);
    await Promise.all(
      chunks(updates, SCRIPT_BATCH).map((chunk) => {
        const args: string[] = keys.prefixes;
        for (const { member, score, seq, city } of chunk) {
          args.push(...memberArgs(member), String(score), String(seq), String(city));
        }
        return APPLY.run(this.redis, keys.fixed, args);
      }),
    );
  }

  async remove(board: string, members: readonly number[]): Promise<void> {
    const keys = this.keys(board);
    await Promise.all(
      chunks(members, SCRIPT_BATCH).map((chunk) =>
        REMOVE.run(this.redis, keys.fixed, [...keys.prefixes, ...chunk.flatMap(memberArgs)]),
      ),
    );
  }

  async drop(board: string): Promise<void> {
    const keys = this.keys(board);
    await DROP.run(this.redis, keys.fixed, keys.prefixes);
  }

  async size(board: string, city?: number): Promise<number> {
    if (city === NO_CITY) return 0;
    return this.redis.zcard(this.zsetOf(board, city));
  }

  async rankOf(board: string, member: number, city?: number): Promise<RankPosition | null> {
    if (city === NO_CITY) return null;
    const keys = this.keys(board);
    const args = [...keys.prefixes, ...memberArgs(member), city === undefined ? '' : String(city)];
    const reply = (await RANK.run(this.redis, keys.fixed, args)) as [number, string, number] | null;
    if (reply === null) return null;
    const [rank, score, seq] = reply;
    return { rank: rank + 1, score: Number(score), seq };
  }

  async range(board: string, offset: number, count: number, city?: number): Promise<RankEntry[]> {
    assertValidRange(offset, count);
    if (count === 0 || city === NO_CITY) return [];
    // Redis parses the stop as a 64-bit integer; beyond 2^32 entries is "to the end" anyway.
    const stop = offset + Math.min(count, 2 ** 32) - 1;
    const key = this.zsetOf(board, city);
    const flat = await this.redis.zrevrangeBuffer(key, offset, stop, 'WITHSCORES');
    const entries: RankEntry[] = [];
    for (let i = 0; i < flat.length; i += 2) {
      entries.push(decodeEntry(flat[i]!, flat[i + 1]!.toString()));
    }
    return entries;
  }

  async cities(board: string): Promise<number[]> {
    const cities = await this.redis.smembers(this.keys(board).cities);
    return cities.map(Number).sort((a, b) => a - b);
  }

  async entriesOf(board: string, members: readonly number[]): Promise<(RankEntry | null)[]> {
    const keys = this.keys(board);
    const replies = await Promise.all(
      chunks(members, SCRIPT_BATCH).map(
        (chunk) =>
          ENTRIES.run(this.redis, keys.fixed, [
            ...keys.prefixes,
            ...chunk.flatMap(memberArgs),
          ]) as Promise<([number, string] | null)[]>,
      ),
    );
    return replies
      .flat()
      .map((reply, i) =>
        reply === null ? null : { member: members[i]!, score: Number(reply[1]), seq: reply[0] },
      );
  }

  /**
   * Stages the new content under separate keys (pipelined, in batches), then swaps it in with one
   * script, so readers see either the old board or the new one.
   */
  async load(board: string, entries: readonly RankUpdate[]): Promise<void> {
    assertValidUpdates(entries, false);
    const keys = this.keys(board);
    const staged = new BoardKeys(this.keyPrefix, board, `load:${randomUUID()}:`);
    // Repeated members: the last entry wins, as with apply().
    const latest = new Map<number, RankUpdate>();
    for (const entry of entries) latest.set(entry.member, entry);
    const batches = stagingBatches(staged, [...latest.values()]);
    let next = 0;
    const stageRest = async (): Promise<void> => {
      while (next < batches.length) {
        const pipeline = this.redis.pipeline();
        batches[next++]!(pipeline);
        await execOrThrow(pipeline);
      }
    };
    const stagers = Array.from({ length: LOAD_PIPELINES }, stageRest);
    try {
      await Promise.all(stagers);
      await SWAP.run(
        this.redis,
        [...keys.fixed, ...staged.fixed],
        [...keys.prefixes, ...staged.prefixes],
      );
    } catch (error) {
      next = batches.length;
      await Promise.allSettled(stagers);
      // Best effort: staged keys expire on their own.
      await DROP.run(this.redis, staged.fixed, staged.prefixes).catch(() => undefined);
      throw error;
    }
  }

  async bytesUsed(board: string): Promise<number> {
    const keys = this.keys(board);
    const [cities, buckets] = await Promise.all([
      this.redis.smembers(keys.cities),
      this.redis.smembers(keys.buckets),
    ]);
    const pipeline = this.redis.pipeline();
    const owned = [
      ...keys.fixed,
      ...cities.map((city) => keys.cityPrefix + city),
      ...buckets.map((bucket) => keys.bucket(bucket)),
    ];
    for (const key of owned) {
      pipeline.memory('USAGE', key);
    }
    const replies = await execOrThrow(pipeline);
    return replies.reduce(
      (total: number, bytes) => total + (typeof bytes === 'number' ? bytes : 0),
      0,
    );
  }

  async close(): Promise<void> {}

  private keys(board: string): BoardKeys {
    return new BoardKeys(this.keyPrefix, board);
  }

  private zsetOf(board: string, city: number | undefined): string {
    const keys = this.keys(board);
    return city === undefined ? keys.zset : keys.city(city);
  }
}

/** A member as the scripts take it: member, record bucket, slot offset in the bucket. */
function memberArgs(member: number): [string, string, string] {
  return [String(member), bucketOf(member), String(slotOf(member))];
}

async function execOrThrow(pipeline: ReturnType<Redis['pipeline']>): Promise<unknown[]> {
  const replies = (await pipeline.exec()) ?? [];
  return replies.map(([error, reply]) => {
    if (error) throw error;
    return reply;
  });
}
