import type { Command } from 'commander';
import pino from 'pino';
import type { Logger } from 'pino';
import type { Config, ConfigFlags } from '../config.js';
import { resolveConfig, serverKeyOf, sqliteFileOf } from '../config.js';
import type { Guildhall, GuildhallOptions } from '../guildhall.js';
import { openGuildhall } from '../guildhall.js';

/** Adds the storage flags every command takes. */
export function withStorageFlags(command: Command): Command {
  return command
    .option(
      '--data-dir <dir>',
      'data directory for the SQLite file (GUILDHALL_DATA_DIR, default ./data)',
    )
    .option('--database-url <url>', 'PostgreSQL URL instead of SQLite (DATABASE_URL)')
    .option('--redis-url <url>', 'Redis URL for shared rank indexes (REDIS_URL)');
}

export function createLogger(config: Config): Logger {
  return pino({ level: config.logLevel, base: { service: 'guildhall' } });
}

/** Opens the platform the command line points at, runs `work`, and closes it again. */
export async function withGuildhall<T>(
  flags: ConfigFlags,
  work: (guildhall: Guildhall, config: Config) => Promise<T>,
  options: Partial<GuildhallOptions> = {},
): Promise<T> {
  const config = resolveConfig(flags);
  const guildhall = await openGuildhall({
    databaseUrl: config.databaseUrl,
    sqliteFile: sqliteFileOf(config),
    redisUrl: config.redisUrl,
    redisKeyPrefix: config.redisKeyPrefix,
    databasePoolSize: config.databasePoolSize,
    secretKey: serverKeyOf(config),
    providers: config.providers,
    stores: config.stores,
    rebuild: 'never',
    ...options,
  });
  try {
    return await work(guildhall, config);
  } finally {
    await guildhall.close();
  }
}
