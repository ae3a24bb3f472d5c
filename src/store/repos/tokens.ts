import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface TokenRecord {
  hash: string;
  kind: string;
  appId: string;
  accountId: number;
  expiresAt: number | null;
  createdAt: number;
}

export class TokenRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(token: TokenRecord): Promise<void> {
    await this.db
      .insertInto('tokens')
      .values({
        hash: token.hash,
        kind: token.kind,
        app_id: token.appId,
        account_id: token.accountId,
        expires_at: token.expiresAt,
        created_at: token.createdAt,
      })
      .execute();
  }

  async byHash(hash: string): Promise<TokenRecord | undefined> {
    const row = await this.db
      .selectFrom('tokens')
      .selectAll()
      .where('hash', '=', hash)
      .executeTakeFirst();
    return (
      row && {
        hash: row.hash,
        kind: row.kind,
        appId: row.app_id,
        accountId: row.account_id,
        expiresAt: row.expires_at,
        createdAt: row.created_at,
      }
    );
  }

  async deleteExpired(now: number): Promise<number> {
    const result = await this.db
      .deleteFrom('tokens')
      .where('expires_at', '<', now)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
