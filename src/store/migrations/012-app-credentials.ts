import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { MigrationContext } from './helpers.js';

/** The apps table as it stood after 010 (frozen here: migrations never change). */
interface Before012 {
  apps: {
    id: string;
    name: string;
    momo_appid: string;
    momo_app_secret: string;
    msdk_qq_appid: string;
    msdk_wx_appid: string;
    msdk_appkey: string;
    msdk_msdkkey: string;
    settings: string;
    created_at: number;
    updated_at: number;
  };
  app_credentials: { app_id: string; dialect: string; name: string; value: string; sealed: number };
}

type OldApp = Before012['apps'];

/** Where each credential column goes: [column, dialect, name]. */
const CREDENTIALS: [keyof OldApp, string, string][] = [
  ['momo_appid', 'momo', 'appid'],
  ['momo_app_secret', 'momo', 'app_secret'],
  ['msdk_qq_appid', 'msdk', 'qq_appid'],
  ['msdk_wx_appid', 'msdk', 'wx_appid'],
  ['msdk_appkey', 'msdk', 'appkey'],
  ['msdk_msdkkey', 'msdk', 'msdkkey'],
];

/** Where each dialect setting goes: [old settings key, dialect, name]. */
const SETTINGS: [string, string, string][] = [
  ['momoNotifyUrl', 'momo', 'momo_notify_url'],
  ['momoNotifySignType', 'momo', 'momo_notify_sign_type'],
  ['msdkTimestampWindowSec', 'msdk', 'msdk_timestamp_window_sec'],
];

/** The settings JSON with the dialects' settings moved under `dialects`, per dialect. */
function movedSettings(json: string): string {
  const settings = JSON.parse(json) as Record<string, unknown>;
  const dialects: Record<string, Record<string, unknown>> = {};
  for (const [key, dialect, name] of SETTINGS) {
    if (key in settings) {
      (dialects[dialect] ??= {})[name] = settings[key];
      delete settings[key];
    }
  }
  return JSON.stringify({ ...settings, dialects });
}

/**
 * Dialect credentials leave the apps table for app_credentials (one row per app, dialect and
 * name; lookups by value), dialect settings move under `dialects` in the settings JSON. Secrets
 * are copied in the clear (`sealed = 0`): the server seals them with its key when it starts.
 */
export async function up({ db: untyped, kind }: MigrationContext): Promise<void> {
  const db = untyped as Kysely<Before012>;
  const apps = await db.selectFrom('apps').selectAll().execute();

  if (kind === 'postgres') {
    for (const [column] of CREDENTIALS) {
      await sql`ALTER TABLE apps DROP COLUMN ${sql.id(column)}`.execute(db);
    }
  } else {
    await rebuildSqliteApps(db);
  }
  for (const app of apps) {
    await db
      .updateTable('apps')
      .set({ settings: movedSettings(app.settings) })
      .where('id', '=', app.id)
      .execute();
  }

  await db.schema
    .createTable('app_credentials')
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('dialect', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('sealed', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('app_credentials_pk', ['app_id', 'dialect', 'name'])
    .execute();
  await db.schema
    .createIndex('app_credentials_value')
    .on('app_credentials')
    .columns(['dialect', 'name', 'value'])
    .unique()
    .execute();
  for (const app of apps) {
    await db
      .insertInto('app_credentials')
      .values(
        CREDENTIALS.map(([column, dialect, name]) => ({
          app_id: app.id,
          dialect,
          name,
          value: String(app[column]),
          sealed: 0,
        })),
      )
      .execute();
  }
}

/**
 * SQLite cannot drop a UNIQUE column (momo_appid): the table is rebuilt without the credential
 * columns (its indexes go with it), with foreign keys off (most tables refer to apps) and inside
 * one transaction (Kysely runs SQLite migrations outside one).
 */
async function rebuildSqliteApps(db: Kysely<Before012>): Promise<void> {
  await sql`PRAGMA foreign_keys = OFF`.execute(db);
  try {
    await db.transaction().execute(async (trx) => {
      await trx.schema
        .createTable('apps_new')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('settings', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await sql`INSERT INTO apps_new (id, name, settings, created_at, updated_at)
        SELECT id, name, settings, created_at, updated_at FROM apps`.execute(trx);
      await sql`DROP TABLE apps`.execute(trx);
      await sql`ALTER TABLE apps_new RENAME TO apps`.execute(trx);
      const broken = await sql`PRAGMA foreign_key_check`.execute(trx);
      if (broken.rows.length > 0) throw new Error('apps rebuild broke a foreign key');
    });
  } finally {
    await sql`PRAGMA foreign_keys = ON`.execute(db);
  }
}
