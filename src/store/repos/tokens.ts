import type { Kysely, Selectable } from 'kysely';
import type { Database, TokensTable } from '../schema.js';

export interface TokenRecord {
  hash: string;
  kind: string;
  appId: string;
  accountId: number;
  expiresAt: number | null;
  createdAt: number;
}

function toToken(row: Selectable<TokensTable>): TokenRecord {
  return {
    hash: row.hash,
    kind: row.kind,
    appId: row.app_id,
    accountId: row.account_id,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
  };
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
    return row && toToken(row);
  }

  /** A token with the account it was issued to and that account's Momo userid in the token's app. */
  async withHolder(
    hash: string,
  ): Promise<{ token: TokenRecord; momoUserid: string; accountId: number } | undefined> {
    const row = await this.db
      .selectFrom('tokens')
      .innerJoin('app_players', (join) =>
        join
          .onRef('app_players.app_id', '=', 'tokens.app_id')
          .onRef('app_players.account_id', '=', 'tokens.account_id'),
      )
      .selectAll('tokens')
      .select('app_players.momo_userid')
      .where('tokens.hash', '=', hash)
      .executeTakeFirst();
    return row && { token: toToken(row), momoUserid: row.momo_userid, accountId: row.account_id };
  }

  async deleteExpired(now: number): Promise<number> {
    const result = await this.db
      .deleteFrom('tokens')
      .where('expires_at', '<', now)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
