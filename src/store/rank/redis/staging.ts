import type { ChainableCommander } from 'ioredis';
import { NO_CITY } from '../../../common/rank-city.js';
import type { RankUpdate } from '../../../core/leaderboards/rank-index.js';
import { BUCKET_BYTES, BUCKET_SIZE, bucketOf, encodeCode, writeRecord } from './codec.js';
import type { BoardKeys } from './keys.js';

/** Entries per pipeline batch, and per ZADD command within it. */
const BATCH = 10_000;
const COMMAND = 1000;
/** Staged keys of a load that died half-way expire after this many seconds. */
export const STAGING_TTL = 3600;

/** Queues one batch of a load's commands on a pipeline. */
export type StagingBatch = (pipeline: ChainableCommander) => void;

/**
 * The commands that write `entries` (one per member) under the staged keys. Zset members go in
 * ascending zset order, so each insert lands at the tail of the skiplist where Redis's walk stays
 * in cache; records go bucket by bucket, one SET per bucket.
 */
export function stagingBatches(staged: BoardKeys, entries: readonly RankUpdate[]): StagingBatch[] {
  const ordered = [...entries].sort(
    (a, b) => a.score - b.score || b.seq - a.seq || b.member - a.member,
  );
  const byBucket = new Map<string, Buffer>();
  for (const { member, seq, city } of entries) {
    const bucket = bucketOf(member);
    let records = byBucket.get(bucket);
    if (records === undefined) byBucket.set(bucket, (records = Buffer.alloc(BUCKET_BYTES)));
    writeRecord(records, member, seq, city);
  }
  const cities = new Set<number>();
  const batches: StagingBatch[] = [];
  for (const batch of chunks(ordered, BATCH)) {
    batches.push((pipeline) => stageZsets(pipeline, staged, batch, cities));
  }
  for (const buckets of chunks([...byBucket], Math.floor(BATCH / BUCKET_SIZE))) {
    batches.push((pipeline) => {
      for (const [bucket, records] of buckets) {
        pipeline.set(staged.bucket(bucket), records, 'EX', STAGING_TTL);
      }
    });
  }
  batches.push((pipeline) => {
    if (cities.size > 0) pipeline.sadd(staged.cities, ...[...cities].map(String));
    if (byBucket.size > 0) pipeline.sadd(staged.buckets, ...byBucket.keys());
    for (const key of staged.fixed) pipeline.expire(key, STAGING_TTL);
  });
  return batches;
}

function stageZsets(
  pipeline: ChainableCommander,
  staged: BoardKeys,
  entries: readonly RankUpdate[],
  cities: Set<number>,
): void {
  const byCity = new Map<number, (string | Buffer)[]>();
  for (const chunk of chunks(entries, COMMAND)) {
    const scored: (string | Buffer)[] = [];
    for (const { member, score, seq, city } of chunk) {
      const code = encodeCode(member, seq);
      const scoreText = String(score);
      scored.push(scoreText, code);
      if (city !== NO_CITY) listOf(byCity, city).push(scoreText, code);
    }
    pipeline.zadd(staged.zset, ...scored);
  }
  for (const [city, scored] of byCity) {
    for (const part of chunks(scored, 2 * COMMAND)) pipeline.zadd(staged.city(city), ...part);
    if (!cities.has(city)) pipeline.expire(staged.city(city), STAGING_TTL);
    cities.add(city);
  }
}

function listOf<K, V>(lists: Map<K, V[]>, key: K): V[] {
  let list = lists.get(key);
  if (list === undefined) lists.set(key, (list = []));
  return list;
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    result.push(items.slice(start, start + size));
  }
  return result;
}
