import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface StoredSecret {
  publicPart: string | null;
  sealed: string;
  updatedAt: number;
}

function columns(secret: StoredSecret) {
  return { public_part: secret.publicPart, sealed: secret.sealed, updated_at: secret.updatedAt };
}

/** Sealed secrets of apps, one per kind. */
export class AppSecretRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async get(appId: string, kind: string): Promise<StoredSecret | undefined> {
    const row = await this.db
      .selectFrom('app_secrets')
      .select(['public_part', 'sealed', 'updated_at'])
      .where('app_id', '=', appId)
      .where('kind', '=', kind)
      .executeTakeFirst();
    return row && { publicPart: row.public_part, sealed: row.sealed, updatedAt: row.updated_at };
  }

  /** Stores the secret, replacing one of the same kind. */
  async put(appId: string, kind: string, secret: StoredSecret): Promise<void> {
    const values = columns(secret);
    await this.db
      .insertInto('app_secrets')
      .values({ app_id: appId, kind, ...values })
      .onConflict((oc) => oc.columns(['app_id', 'kind']).doUpdateSet(values))
      .execute();
  }

  /** Deletes the secret; false when there was none. */
  async remove(appId: string, kind: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('app_secrets')
      .where('app_id', '=', appId)
      .where('kind', '=', kind)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  /** Stores the secret unless one of that kind exists; returns the one stored. */
  async putIfAbsent(appId: string, kind: string, secret: StoredSecret): Promise<StoredSecret> {
    await this.db
      .insertInto('app_secrets')
      .values({ app_id: appId, kind, ...columns(secret) })
      .onConflict((oc) => oc.columns(['app_id', 'kind']).doNothing())
      .execute();
    const stored = await this.get(appId, kind);
    if (!stored) throw new Error(`secret ${kind} of ${appId} vanished`);
    return stored;
  }
}
