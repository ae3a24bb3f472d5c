import type { Kysely, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Account, TencentPlayer } from '../../core/players/types.js';
import type { Database, TokensTable } from '../schema.js';
import { QueryTemplate } from '../query-template.js';
import { toAccount } from './players.js';

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
  private readonly holderQuery = new QueryTemplate((hash: string) =>
    this.db
      .selectFrom('tokens')
      .innerJoin('app_players', (join) =>
        join
          .onRef('app_players.app_id', '=', 'tokens.app_id')
          .onRef('app_players.account_id', '=', 'tokens.account_id'),
      )
      .innerJoin('accounts', 'accounts.id', 'tokens.account_id')
      .selectAll('accounts')
      .select([
        'tokens.kind as token_kind',
        'tokens.app_id as token_app_id',
        'tokens.expires_at as token_expires_at',
        'tokens.created_at as token_created_at',
        'app_players.momo_userid',
      ])
      .where('tokens.hash', '=', hash),
  );

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

  private readonly tencentHolderQuery = new QueryTemplate((hash: string) =>
    this.db
      .selectFrom('tokens')
      .leftJoin('tencent_players', (join) =>
        join
          .onRef('tencent_players.app_id', '=', 'tokens.app_id')
          .onRef('tencent_players.account_id', '=', 'tokens.account_id'),
      )
      .selectAll('tokens')
      .select([
        'tencent_players.qq_openid',
        'tencent_players.wx_openid',
        'tencent_players.guestid',
        'tencent_players.platforms',
      ])
      .where('tokens.hash', '=', hash),
  );

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

  /** A token with the Tencent ids of its holder in the token's app (one query). */
  async withTencentHolder(
    hash: string,
  ): Promise<{ token: TokenRecord; player: TencentPlayer | undefined } | undefined> {
    const [row] = (await this.db.executeQuery(this.tencentHolderQuery.bind(hash))).rows;
    if (!row) return undefined;
    const token = toToken(row);
    const player =
      row.qq_openid === null || row.wx_openid === null || row.guestid === null
        ? undefined
        : {
            appId: token.appId,
            accountId: token.accountId,
            qqOpenid: row.qq_openid,
            wxOpenid: row.wx_openid,
            guestid: row.guestid,
            platforms: row.platforms ?? 0,
          };
    return { token, player };
  }

  async byHash(hash: string): Promise<TokenRecord | undefined> {
    const [row] = (await this.db.executeQuery(this.byHashQuery.bind(hash))).rows;
    return row && toToken(row);
  }

  /** The account a token was issued to, with its Momo userid in the token's app. */
  async withHolder(
    hash: string,
  ): Promise<{ token: TokenRecord; momoUserid: string; account: Account } | undefined> {
    const [row] = (await this.db.executeQuery(this.holderQuery.bind(hash))).rows;
    if (!row) return undefined;
    const token: TokenRecord = {
      hash,
      kind: row.token_kind,
      appId: row.token_app_id,
      accountId: row.id,
      expiresAt: row.token_expires_at,
      createdAt: row.token_created_at,
    };
    return { token, momoUserid: row.momo_userid, account: toAccount(row) };
  }

  /**
   * Moves each token's expiry `count` × `stepMs` later, but not past `maxAgeMs` after its
   * creation; relative, so that increments from several processes add up.
   */
  async extendExpiries(
    counts: ReadonlyMap<string, number>,
    stepMs: number,
    maxAgeMs: number,
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const [hash, count] of counts) {
        await trx.executeQuery(this.extendQuery.bind(count * stepMs, maxAgeMs, hash));
      }
    });
  }

  async deleteExpired(now: number): Promise<number> {
    const result = await this.db
      .deleteFrom('tokens')
      .where('expires_at', '<', now)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
