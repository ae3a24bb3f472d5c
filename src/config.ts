import { join, resolve } from 'node:path';

/** Where the platform keeps its data and how it is reached; flags win over the environment. */
export interface Config {
  dataDir: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  port: number;
  host: string;
  logLevel: string;
}

export interface ConfigFlags {
  dataDir?: string;
  databaseUrl?: string;
  redisUrl?: string;
  port?: string;
  host?: string;
}

export function resolveConfig(flags: ConfigFlags, env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(flags.port ?? env.GUILDHALL_PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`bad port: ${flags.port ?? env.GUILDHALL_PORT}`);
  return {
    dataDir: resolve(flags.dataDir ?? env.GUILDHALL_DATA_DIR ?? 'data'),
    databaseUrl: flags.databaseUrl ?? (env.DATABASE_URL || undefined),
    redisUrl: flags.redisUrl ?? (env.REDIS_URL || undefined),
    port,
    host: flags.host ?? env.GUILDHALL_HOST ?? '0.0.0.0',
    logLevel: env.GUILDHALL_LOG_LEVEL ?? 'info',
  };
}

export function sqliteFileOf(config: Config): string {
  return join(config.dataDir, 'guildhall.sqlite');
}
