/**
 * Redis memory and load time of the rank index: loads N entries (about a third with a city) into a
 * fresh key prefix, prints the used_memory delta per entry and the load time, then deletes its keys.
 *
 *   node --import tsx bench/redis-rank-memory.ts [--entries N]
 *
 * used_memory is server-wide: other clients of the same Redis add noise, so repeat and take medians.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { NO_CITY } from '../src/common/rank-city.js';
import type { RankUpdate } from '../src/core/leaderboards/rank-index.js';
import { RedisRankIndex } from '../src/store/rank/redis-rank-index.js';

const { values } = parseArgs({ options: { entries: { type: 'string', default: '1000000' } } });
const entries = Number(values.entries);
if (!Number.isSafeInteger(entries) || entries <= 0)
  throw new Error('--entries: a positive integer');

const CITIES = 300;
const BOARD = 'bench/score';
const SEQ_BASE = 1_760_000_000_000_000;

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const prefix = `bench:rank-memory:${randomUUID()}:`;
const index = new RedisRankIndex(redis, prefix);

try {
  const updates = dataset(entries);
  const before = await usedMemory();
  const started = performance.now();
  await index.load(BOARD, updates);
  const loadMs = performance.now() - started;
  const after = await usedMemory();
  const withCity = updates.filter((u) => u.city !== NO_CITY).length;
  console.log(
    JSON.stringify({
      entries,
      withCity,
      bytesPerEntry: Math.round(((after - before) / entries) * 10) / 10,
      loadMs: Math.round(loadMs),
    }),
  );
} finally {
  await deleteKeys();
  redis.disconnect();
}

/** Members 1..n (account ids), integer scores with many ties, microsecond seqs, a third in a city. */
function dataset(n: number): RankUpdate[] {
  let state = 12345;
  const random = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  return Array.from({ length: n }, (_, i) => ({
    member: i + 1,
    score: Math.floor(random() * 100_000),
    seq: SEQ_BASE + Math.floor(random() * 1e12),
    city: random() < 1 / 3 ? 110_000 + 100 * Math.floor(random() * CITIES) : NO_CITY,
  }));
}

async function usedMemory(): Promise<number> {
  const info = await redis.info('memory');
  const match = /^used_memory:(\d+)/m.exec(info);
  if (match === null) throw new Error('INFO memory has no used_memory');
  return Number(match[1]);
}

async function deleteKeys(): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}
