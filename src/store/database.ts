import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { startCheckpointer } from './checkpointer.js';
import type { Database } from './schema.js';
import type { ChangeLog } from './changes/change-log.js';
import { PostgresChangeLog } from './changes/postgres-change-log.js';
import { SqliteChangeLog } from './changes/sqlite-change-log.js';

export type DatabaseKind = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** How changes are published and heard; start it once the schema is migrated. */
  changes: ChangeLog;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://... ; when absent, SQLite at `sqliteFile`. */
  url?: string;
  sqliteFile?: string;
  /** PostgreSQL schema to work in (tests isolate themselves this way). */
  schema?: string;
  poolSize?: number;
}

const PG_INT8 = 20;
/** SQLite page cache per connection; the default (2 MiB) thrashes on a million-player board. */
const SQLITE_CACHE_KIB = 256 * 1024;
const CHECKPOINT_INTERVAL_MS = 500;
/** Reads through a memory map skip a system call per page: most of a point query's cost. */
const SQLITE_MMAP_BYTES = 8 * 1024 ** 3;

/** bigint columns hold ids, milliseconds and microsecond sequences: all below 2^53. */
const pgTypes = {
  getTypeParser(oid: number, format?: string): (value: string) => unknown {
    if (oid === PG_INT8) return Number;
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

export function openDatabase(options: DatabaseOptions): DatabaseHandle {
  if (options.url) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 20,
      types: pgTypes,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const changes = new PostgresChangeLog(options.url, options.schema);
    return {
      db,
      kind: 'postgres',
      changes,
      close: async () => {
        await changes.close();
        await db.destroy();
      },
    };
  }
  const file = options.sqliteFile ?? ':memory:';
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new BetterSqlite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
  sqlite.pragma(`mmap_size = ${SQLITE_MMAP_BYTES}`);
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
  });
  // Prepared once: pragma() would prepare it again on every read that checks for changes.
  const dataVersion = sqlite.prepare('PRAGMA data_version').pluck();
  const changes = new SqliteChangeLog(db, () => dataVersion.get() as number);
  if (file === ':memory:') return { db, kind: 'sqlite', changes, close: () => db.destroy() };
  sqlite.pragma('wal_autocheckpoint = 0');
  const checkpointer = startCheckpointer(file, CHECKPOINT_INTERVAL_MS, (message) =>
    process.emitWarning(`SQLite checkpoint failed: ${message}`),
  );
  return {
    db,
    kind: 'sqlite',
    changes,
    close: async () => {
      await changes.close();
      await db.destroy();
      await checkpointer.stop();
    },
  };
}

const STATEMENT_CACHE_SIZE = 256;

/**
 * Kysely prepares every statement anew; better-sqlite3 statements are reusable, and preparing
 * costs as much as running a point query. Keep the most recent ones, keyed by their SQL.
 */
function withStatementCache(sqlite: SqliteDatabase): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string): SqliteStatement {
      const cached = statements.get(sql);
      if (cached) statements.delete(sql);
      else if (statements.size >= STATEMENT_CACHE_SIZE) {
        statements.delete(statements.keys().next().value as string);
      }
      const statement = cached ?? sqlite.prepare(sql);
      statements.set(sql, statement);
      return statement;
    },
  };
}
