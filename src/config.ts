import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { OutboxWorkerOptions } from './jobs/outbox-worker.js';

/** Where the platform keeps its data and how it is reached; flags win over the environment. */
export interface Config {
  dataDir: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  /** GUILDHALL_REDIS_PREFIX: the start of every key, so that deployments can share a Redis. */
  redisKeyPrefix: string | undefined;
  port: number;
  host: string;
  logLevel: string;
  outbox: OutboxWorkerOptions;
  databasePoolSize: number | undefined;
  /** GUILDHALL_CACHE_PLAYERS: players each in-memory player cache keeps (and loads at start). */
  cachePlayers: number | undefined;
  /** GUILDHALL_APNS_ORIGIN, GUILDHALL_FCM_ENDPOINT: replace Apple's and Google's push services. */
  providers: { apnsOrigin?: string; fcmEndpoint?: string };
  /**
   * GUILDHALL_GOOGLE_PLAY_ENDPOINT replaces Google's purchase verification API;
   * GUILDHALL_APPLE_ENDPOINT (App Store Server API), GUILDHALL_APPLE_RECEIPT_ENDPOINT and
   * GUILDHALL_APPLE_RECEIPT_SANDBOX_ENDPOINT (verifyReceipt) replace Apple's.
   */
  stores: {
    googlePlayEndpoint?: string;
    appStore: { apiEndpoint?: string; receiptEndpoint?: string; receiptSandboxEndpoint?: string };
  };
  /** SMTP_URL and MAIL_FROM: the mail server password-reset mails go through, and their sender. */
  mail: { smtpUrl?: string; from?: string };
  /** PUBLIC_URL: the address players reach the server at, for links in mail. */
  publicUrl: string | undefined;
}

export interface ConfigFlags {
  dataDir?: string;
  databaseUrl?: string;
  redisUrl?: string;
  port?: string;
  host?: string;
  smtpUrl?: string;
  mailFrom?: string;
  publicUrl?: string;
}

function urlOf(name: string, text: string | undefined, protocols: readonly string[]) {
  if (!text) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`${name} is not a URL: ${text}`);
  }
  if (!protocols.includes(url.protocol))
    throw new Error(`${name} must be a ${protocols.join(' or ')} URL`);
  return text;
}

const HTTP = ['http:', 'https:'];

function positiveNumber(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const text = env[name]?.trim();
  if (!text) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}

export function resolveConfig(flags: ConfigFlags, env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(flags.port ?? env.GUILDHALL_PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`bad port: ${flags.port ?? env.GUILDHALL_PORT}`);
  return {
    dataDir: resolve(flags.dataDir ?? (env.GUILDHALL_DATA_DIR || 'data')),
    databaseUrl: flags.databaseUrl ?? (env.DATABASE_URL || undefined),
    redisUrl: flags.redisUrl ?? (env.REDIS_URL || undefined),
    redisKeyPrefix: env.GUILDHALL_REDIS_PREFIX || undefined,
    port,
    host: flags.host ?? env.GUILDHALL_HOST ?? '0.0.0.0',
    logLevel: env.GUILDHALL_LOG_LEVEL ?? 'info',
    databasePoolSize: positiveNumber(env, 'GUILDHALL_DATABASE_POOL_SIZE'),
    cachePlayers: positiveNumber(env, 'GUILDHALL_CACHE_PLAYERS'),
    outbox: {
      concurrency: positiveNumber(env, 'GUILDHALL_OUTBOX_CONCURRENCY'),
      leaseMs: positiveNumber(env, 'GUILDHALL_OUTBOX_LEASE_MS'),
      timeScale: positiveNumber(env, 'GUILDHALL_OUTBOX_TIME_SCALE'),
    },
    mail: {
      smtpUrl: urlOf('SMTP_URL', flags.smtpUrl ?? (env.SMTP_URL || undefined), ['smtp:', 'smtps:']),
      from: flags.mailFrom ?? (env.MAIL_FROM || undefined),
    },
    publicUrl: urlOf('PUBLIC_URL', flags.publicUrl ?? (env.PUBLIC_URL || undefined), [
      'http:',
      'https:',
    ])?.replace(/\/+$/, ''),
    providers: {
      ...(env.GUILDHALL_APNS_ORIGIN && { apnsOrigin: env.GUILDHALL_APNS_ORIGIN }),
      ...(env.GUILDHALL_FCM_ENDPOINT && { fcmEndpoint: env.GUILDHALL_FCM_ENDPOINT }),
    },
    stores: {
      ...(env.GUILDHALL_GOOGLE_PLAY_ENDPOINT && {
        googlePlayEndpoint: urlOf(
          'GUILDHALL_GOOGLE_PLAY_ENDPOINT',
          env.GUILDHALL_GOOGLE_PLAY_ENDPOINT,
          ['http:', 'https:'],
        ),
      }),
      appStore: {
        apiEndpoint: urlOf('GUILDHALL_APPLE_ENDPOINT', env.GUILDHALL_APPLE_ENDPOINT, HTTP),
        receiptEndpoint: urlOf(
          'GUILDHALL_APPLE_RECEIPT_ENDPOINT',
          env.GUILDHALL_APPLE_RECEIPT_ENDPOINT,
          HTTP,
        ),
        receiptSandboxEndpoint: urlOf(
          'GUILDHALL_APPLE_RECEIPT_SANDBOX_ENDPOINT',
          env.GUILDHALL_APPLE_RECEIPT_SANDBOX_ENDPOINT,
          HTTP,
        ),
      },
    },
  };
}

export function sqliteFileOf(config: Config): string {
  return join(config.dataDir, 'guildhall.sqlite');
}

/**
 * The server key that seals secrets in the database: GUILDHALL_SECRET_KEY (64 hex digits), else
 * `secret.key` in the data directory, made on first use. Processes sharing one database must
 * share the key, so with DATABASE_URL set GUILDHALL_SECRET_KEY on each of them.
 */
export function serverKeyOf(config: Config, env: NodeJS.ProcessEnv = process.env): Buffer {
  const given = env.GUILDHALL_SECRET_KEY?.trim();
  if (given) {
    if (!/^[0-9a-fA-F]{64}$/.test(given)) {
      throw new Error('GUILDHALL_SECRET_KEY must be 64 hex digits (32 bytes)');
    }
    return Buffer.from(given, 'hex');
  }
  const file = join(config.dataDir, 'secret.key');
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
    chmodSync(file, 0o600);
  }
  const text = readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-fA-F]{64}$/.test(text)) throw new Error(`${file} does not hold 64 hex digits`);
  return Buffer.from(text, 'hex');
}
