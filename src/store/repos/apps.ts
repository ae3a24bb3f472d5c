import type { Kysely, Selectable } from 'kysely';
import type { App, AppSettings, PerDialect } from '../../core/apps/types.js';
import type { Database } from '../schema.js';
import type { AppCredentialsTable, AppsTable } from '../tables/apps.js';
import { APP_CHANGED } from '../../common/change-topics.js';
import type { ChangeRepo } from './changes.js';

/** A credential as stored: sealed or not, the store neither knows nor cares. */
export interface StoredCredential {
  dialect: string;
  name: string;
  value: string;
  sealed: boolean;
}

/**
 * An app as stored: its credentials as rows, secret ones possibly sealed, and the settings it
 * was given (core fills in the defaults of the rest).
 */
export type StoredApp = Omit<App, 'credentials' | 'settings'> & {
  credentials: StoredCredential[];
  settings: Partial<AppSettings>;
};

type AppRecord = Omit<StoredApp, 'credentials'>;

function toRecord(row: Selectable<AppsTable>): AppRecord {
  const { dialects, ...settings } = JSON.parse(row.settings) as Partial<AppSettings> & {
    dialects?: PerDialect<unknown>;
  };
  return {
    id: row.id,
    name: row.name,
    settings,
    dialectSettings: dialects ?? {},
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function settingsJson(app: AppRecord): string {
  return JSON.stringify({ ...app.settings, dialects: app.dialectSettings });
}

function toCredential(row: Selectable<AppCredentialsTable>): StoredCredential {
  return { dialect: row.dialect, name: row.name, value: row.value, sealed: row.sealed === 1 };
}

/** Every change to an app's settings or credentials is published (APP_CHANGED). */
export class AppRepo {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes: ChangeRepo,
  ) {}

  private inTransaction(work: (db: Kysely<Database>) => Promise<void>): Promise<void> {
    return this.db.isTransaction ? work(this.db) : this.db.transaction().execute(work);
  }

  async insert(app: StoredApp): Promise<void> {
    await this.inTransaction(async (db) => {
      await db
        .insertInto('apps')
        .values({
          id: app.id,
          name: app.name,
          settings: settingsJson(app),
          created_at: app.createdAt,
          updated_at: app.updatedAt,
        })
        .execute();
      await putCredentials(db, app.id, app.credentials);
    });
  }

  async byId(id: string): Promise<StoredApp | undefined> {
    const row = await this.db
      .selectFrom('apps')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && this.withCredentials(row);
  }

  /** The app whose credential `dialect`/`name` has this (unsealed) value. */
  async byCredential(dialect: string, name: string, value: string): Promise<StoredApp | undefined> {
    const row = await this.db
      .selectFrom('app_credentials')
      .innerJoin('apps', 'apps.id', 'app_credentials.app_id')
      .selectAll('apps')
      .where('app_credentials.dialect', '=', dialect)
      .where('app_credentials.name', '=', name)
      .where('app_credentials.value', '=', value)
      .executeTakeFirst();
    return row && this.withCredentials(row);
  }

  async list(): Promise<StoredApp[]> {
    const rows = await this.db.selectFrom('apps').selectAll().orderBy('created_at').execute();
    const credentials = await this.db.selectFrom('app_credentials').selectAll().execute();
    const byApp = new Map<string, StoredCredential[]>();
    for (const row of credentials) {
      const list = byApp.get(row.app_id) ?? [];
      list.push(toCredential(row));
      byApp.set(row.app_id, list);
    }
    return rows.map((row) => ({ ...toRecord(row), credentials: byApp.get(row.id) ?? [] }));
  }

  /** Writes the name, settings and time of change (credentials: `putCredentials`). */
  async update(app: AppRecord): Promise<void> {
    await this.db
      .updateTable('apps')
      .set({ name: app.name, settings: settingsJson(app), updated_at: app.updatedAt })
      .where('id', '=', app.id)
      .execute();
    await this.changes.publish(APP_CHANGED, app.id);
  }

  /** Writes these credentials of the app (new ones or new values) and its time of change. */
  async putCredentials(
    appId: string,
    credentials: StoredCredential[],
    updatedAt: number,
  ): Promise<void> {
    await this.inTransaction(async (db) => {
      await putCredentials(db, appId, credentials);
      await db.updateTable('apps').set({ updated_at: updatedAt }).where('id', '=', appId).execute();
    });
    await this.changes.publish(APP_CHANGED, appId);
  }

  /** Every credential still in the clear among these (dialect, name) pairs, of every app. */
  async unsealed(
    fields: readonly { dialect: string; name: string }[],
  ): Promise<(StoredCredential & { appId: string })[]> {
    if (fields.length === 0) return [];
    const rows = await this.db
      .selectFrom('app_credentials')
      .selectAll()
      .where('sealed', '=', 0)
      .where((eb) =>
        eb.or(fields.map((f) => eb.and([eb('dialect', '=', f.dialect), eb('name', '=', f.name)]))),
      )
      .execute();
    return rows.map((row) => ({ ...toCredential(row), appId: row.app_id }));
  }

  /**
   * Replaces a credential's clear value by its sealed one, unless another process did first;
   * true when this call did.
   */
  async seal(
    appId: string,
    credential: { dialect: string; name: string; value: string },
    sealed: string,
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('app_credentials')
      .set({ value: sealed, sealed: 1 })
      .where('app_id', '=', appId)
      .where('dialect', '=', credential.dialect)
      .where('name', '=', credential.name)
      .where('value', '=', credential.value)
      .where('sealed', '=', 0)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  private async withCredentials(row: Selectable<AppsTable>): Promise<StoredApp> {
    const credentials = await this.db
      .selectFrom('app_credentials')
      .selectAll()
      .where('app_id', '=', row.id)
      .execute();
    return { ...toRecord(row), credentials: credentials.map(toCredential) };
  }
}

async function putCredentials(
  db: Kysely<Database>,
  appId: string,
  credentials: StoredCredential[],
): Promise<void> {
  for (const credential of credentials) {
    const values = { value: credential.value, sealed: credential.sealed ? 1 : 0 };
    await db
      .insertInto('app_credentials')
      .values({ app_id: appId, dialect: credential.dialect, name: credential.name, ...values })
      .onConflict((oc) => oc.columns(['app_id', 'dialect', 'name']).doUpdateSet(values))
      .execute();
  }
}
