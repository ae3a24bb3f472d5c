import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { GuildhallOptions } from '../../src/guildhall.js';

export interface Backend {
  name: string;
  /** Fresh, isolated storage for one test platform, and how to clean it up afterwards. */
  provision(): Promise<{ options: GuildhallOptions; cleanup: () => Promise<void> }>;
}

/** Deletes the keys a test wrote under its own prefix. */
export async function deleteRedisKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
}

const sqlite: Backend = {
  name: 'sqlite',
  provision: () =>
    Promise.resolve({ options: { sqliteFile: ':memory:' }, cleanup: () => Promise.resolve() }),
};

function postgresRedis(databaseUrl: string, redisUrl: string): Backend {
  return {
    name: 'postgres+redis',
    async provision() {
      const id = randomBytes(6).toString('hex');
      const schema = `gh_test_${id}`;
      const redisKeyPrefix = `ghtest:${id}:`;
      return {
        options: { databaseUrl, databaseSchema: schema, redisUrl, redisKeyPrefix },
        async cleanup() {
          const client = new pg.Client({ connectionString: databaseUrl });
          await client.connect();
          await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
          await client.end();
          await deleteRedisKeys(redisUrl, redisKeyPrefix);
        },
      };
    },
  };
}

/**
 * SQLite always; PostgreSQL + Redis when DATABASE_URL and REDIS_URL are set (CI sets both, and
 * GUILDHALL_REQUIRE_ALL_BACKENDS=1 makes their absence an error rather than a silent skip).
 */
export function testBackends(): Backend[] {
  const { DATABASE_URL, REDIS_URL, GUILDHALL_REQUIRE_ALL_BACKENDS } = process.env;
  if (DATABASE_URL && REDIS_URL) return [sqlite, postgresRedis(DATABASE_URL, REDIS_URL)];
  if (GUILDHALL_REQUIRE_ALL_BACKENDS === '1') {
    throw new Error('GUILDHALL_REQUIRE_ALL_BACKENDS=1 but DATABASE_URL or REDIS_URL is not set');
  }
  return [sqlite];
}
