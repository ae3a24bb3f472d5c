import { randomBytes } from 'node:crypto';
import { resolveConfig, sqliteFileOf } from '../../src/config.js';
import { openGuildhall } from '../../src/guildhall.js';
import type { CliStorage } from './cli.js';
import { postgresStorage, sqliteStorage } from './cli.js';

/**
 * What the coherence tests share: the storages to run on, one server key for every process, and
 * the same storage opened in the test's own process (a third process's writes, as the CLI makes).
 */
export const coherenceStorages: [string, () => Promise<CliStorage>][] = [
  ['sqlite', () => Promise.resolve(sqliteStorage())],
];
if (process.env.DATABASE_URL) {
  const url = process.env.DATABASE_URL;
  coherenceStorages.push(['postgres', () => postgresStorage(url)]);
}

export const COHERENCE_SECRET_KEY = randomBytes(32).toString('hex');

export function openStorageHere(storage: CliStorage) {
  const [flag, value = ''] = storage.flags;
  return openGuildhall({
    ...(flag === '--data-dir'
      ? { sqliteFile: sqliteFileOf(resolveConfig({ dataDir: value })) }
      : { databaseUrl: value }),
    secretKey: Buffer.from(COHERENCE_SECRET_KEY, 'hex'),
    rebuild: 'never',
  });
}

/**
 * SQLite: the next request sees a change (its pragma data_version moves at the writer's commit).
 * PostgreSQL: as soon as the commit's notification reaches the process (under a millisecond on
 * an idle loopback), so a busy machine is given up to two seconds.
 */
export async function eventually<T>(
  backend: string,
  read: () => Promise<T>,
  ok: (value: T) => boolean,
): Promise<T> {
  const deadline = Date.now() + (backend === 'postgres' ? 2_000 : 0);
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() >= deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
