import { Redis } from 'ioredis';
import type { GuildhallOptions } from '../src/guildhall.js';
import { openGuildhall } from '../src/guildhall.js';
import type { DatasetParams } from './dataset.js';
import { BENCH_APP, BENCH_SECRET_KEY, BOARD } from './dataset.js';
import type { SeedTarget } from './seed.js';

export type BackendName = 'sqlite' | 'postgres';

export interface Backend {
  name: BackendName;
  title: string;
  seedTarget: SeedTarget;
  /** Storage options for openPlatform (in this process and in the server process). */
  platform: GuildhallOptions;
  /** The server process rebuilds the memory index; a Redis index was loaded by measureRebuild. */
  serverRebuild: 'always' | 'never';
  redisUrl?: string;
}

export const REDIS_KEY_PREFIX = 'ghbench:';

export function sqliteBackend(dataDir: string, sizeLabel: string): Backend {
  const file = `${dataDir}/guildhall-${sizeLabel}.sqlite`;
  return {
    name: 'sqlite',
    title: 'SQLite + memory',
    seedTarget: { kind: 'sqlite', file },
    platform: { sqliteFile: file, secretKey: BENCH_SECRET_KEY },
    serverRebuild: 'always',
  };
}

export function postgresBackend(databaseUrl: string, redisUrl: string, sizeLabel: string): Backend {
  const schema = sizeLabel === '1m' ? 'bench' : `bench_${sizeLabel}`;
  return {
    name: 'postgres',
    title: 'PostgreSQL + Redis',
    seedTarget: { kind: 'postgres', url: databaseUrl, schema },
    platform: {
      databaseUrl,
      databaseSchema: schema,
      redisUrl,
      redisKeyPrefix: REDIS_KEY_PREFIX,
      secretKey: BENCH_SECRET_KEY,
    },
    serverRebuild: 'never',
    redisUrl,
  };
}

/** Arguments of bench/server-process.ts for this backend. */
export function serverArgs(backend: Backend): string[] {
  const { platform } = backend;
  const pairs: [string, string | undefined][] = [
    ['--sqlite-file', platform.sqliteFile],
    ['--database-url', platform.databaseUrl],
    ['--database-schema', platform.databaseSchema],
    ['--redis-url', platform.redisUrl],
    ['--redis-key-prefix', platform.redisKeyPrefix],
    ['--rebuild', backend.serverRebuild],
  ];
  return pairs.flatMap(([flag, value]) => (value === undefined ? [] : [flag, value]));
}

export interface RebuildFigures {
  entries: number;
  seconds: number;
  bytesUsed: number;
  /** Redis only: growth of INFO used_memory over the rebuild, a cross-check of bytesUsed. */
  redisUsedMemoryDelta?: number;
}

/**
 * Opens the platform without rebuilding (a fresh, empty rank index), then times just the rebuild
 * from the database, and asks the index how many bytes the board holds.
 */
export async function measureRebuild(
  backend: Backend,
  params: DatasetParams,
): Promise<RebuildFigures> {
  const redis = backend.redisUrl ? new Redis(backend.redisUrl) : undefined;
  try {
    if (redis) await deleteKeys(redis, `${REDIS_KEY_PREFIX}*`);
    const usedBefore = redis ? await usedMemory(redis) : 0;
    const guildhall = await openGuildhall({ ...backend.platform, rebuild: 'never' });
    try {
      const started = performance.now();
      const { entries } = await guildhall.leaderboards.rebuild();
      const seconds = (performance.now() - started) / 1000;
      if (entries !== params.players) {
        throw new Error(`rebuild loaded ${entries} scores, expected ${params.players}`);
      }
      const bytesUsed = await guildhall.rankIndex.bytesUsed(`${BENCH_APP.id}/${BOARD}`);
      const figures: RebuildFigures = { entries, seconds, bytesUsed };
      if (redis) figures.redisUsedMemoryDelta = (await usedMemory(redis)) - usedBefore;
      return figures;
    } finally {
      await guildhall.close();
    }
  } finally {
    redis?.disconnect();
  }
}

/** Frees the Redis index once measured: a 1M board holds some 350 MB of a shared Redis. */
export async function releaseRankIndex(backend: Backend): Promise<void> {
  if (!backend.redisUrl) return;
  const redis = new Redis(backend.redisUrl);
  try {
    await deleteKeys(redis, `${REDIS_KEY_PREFIX}*`);
  } finally {
    redis.disconnect();
  }
}

async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/^used_memory:(\d+)/m.exec(info)?.[1] ?? 0);
}
