import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { TokenRecord } from '../../core/identity/types.js';
import type { Database } from '../schema.js';
import type { TokensTable } from '../tables/identity.js';
import { QueryTemplate } from '../query-template.js';
import { TOKENS_REVOKED } from '../../common/change-topics.js';
import type { ChangeRepo } from './changes.js';

/** Tokens that have not expired at `now`. */
const liveAt = (now: number) => (eb: ExpressionBuilder<Database, 'tokens'>) =>
  eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]);

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
  private readonly byHashQuery = new QueryTemplate((hash: string) =>
    this.db.selectFrom('tokens').selectAll().where('hash', '=', hash),
  );

  private readonly extendQuery = new QueryTemplate(
    (addMs: number, maxAgeMs: number, hash: string) => {
      const later = sql<number>`expires_at + ${addMs}`;
      const cap = sql<number>`created_at + ${maxAgeMs}`;
      return this.db
        .updateTable('tokens')
        .set({ expires_at: sql<number>`CASE WHEN ${later} < ${cap} THEN ${later} ELSE ${cap} END` })
        .where('hash', '=', hash)
        .where('expires_at', 'is not', null);
    },
  );

  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes: ChangeRepo,
  ) {}

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
    const [row] = (await this.db.executeQuery(this.byHashQuery.bind(hash))).rows;
    return row && toToken(row);
  }

  /** Up to `limit` tokens after `afterHash`, in hash order, that have not expired at `now`. */
  async liveAfter(afterHash: string, now: number, limit: number): Promise<TokenRecord[]> {
    const rows = await this.db
      .selectFrom('tokens')
      .selectAll()
      .where('hash', '>', afterHash)
      .where(liveAt(now))
      .orderBy('hash')
      .limit(limit)
      .execute();
    return rows.map(toToken);
  }

  /**
   * Moves each token's expiry `addMs` later, but not past `maxAgeMs` after its creation;
   * relative, so that increments from several processes add up.
   */
  async extendExpiries(
    extensions: readonly { hash: string; addMs: number; maxAgeMs: number }[],
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const { hash, addMs, maxAgeMs } of extensions) {
        await trx.executeQuery(this.extendQuery.bind(addMs, maxAgeMs, hash));
      }
    });
  }

  /** Deletes the token and returns it, if it is one of `kind`: a one-time token is taken once. */
  async take(hash: string, kind: string): Promise<TokenRecord | undefined> {
    const row = await this.db
      .deleteFrom('tokens')
      .where('hash', '=', hash)
      .where('kind', '=', kind)
      .returningAll()
      .executeTakeFirst();
    if (row) await this.changes.publish(TOKENS_REVOKED, row.account_id);
    return row && toToken(row);
  }

  /** Deletes the account's tokens (of `kind`, or the one with `hash`, when given); returns how many. */
  async deleteOfHolder(
    accountId: number,
    which: { kind?: string; hash?: string } = {},
  ): Promise<number> {
    const result = await this.db
      .deleteFrom('tokens')
      .where('account_id', '=', accountId)
      .$if(which.kind !== undefined, (qb) => qb.where('kind', '=', which.kind ?? ''))
      .$if(which.hash !== undefined, (qb) => qb.where('hash', '=', which.hash ?? ''))
      .executeTakeFirst();
    const deleted = Number(result.numDeletedRows);
    if (deleted > 0) await this.changes.publish(TOKENS_REVOKED, accountId);
    return deleted;
  }

  /** The account's tokens that have not expired at `now`, oldest first. */
  async liveOfHolder(accountId: number, now: number): Promise<TokenRecord[]> {
    const rows = await this.db
      .selectFrom('tokens')
      .selectAll()
      .where('account_id', '=', accountId)
      .where(liveAt(now))
      .orderBy('created_at')
      .orderBy('hash')
      .execute();
    return rows.map(toToken);
  }

  async deleteExpired(now: number): Promise<number> {
    const result = await this.db
      .deleteFrom('tokens')
      .where('expires_at', '<', now)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
