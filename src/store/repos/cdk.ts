import type { Kysely } from 'kysely';
import type { CdkStock } from '../../core/sharing/types.js';
import type { DatabaseKind } from '../database.js';
import type { Database } from '../schema.js';

/** CDK code stock and who claimed which code on which day. */
export class CdkRepo {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly kind: DatabaseKind,
  ) {}

  /** Stores the codes the app does not have yet; returns how many it stored. */
  async insert(appId: string, type: string, codes: readonly string[], at: number): Promise<number> {
    if (codes.length === 0) return 0;
    const result = await this.db
      .insertInto('cdk_codes')
      .values(codes.map((code) => ({ app_id: appId, cdk_type: type, code, loaded_at: at })))
      .onConflict((oc) => oc.columns(['app_id', 'code']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n);
  }

  async stock(appId: string): Promise<CdkStock[]> {
    const rows = await this.db
      .selectFrom('cdk_codes')
      .select((eb) => [
        'cdk_type',
        eb.fn.countAll<number | string>().as('total'),
        eb.fn.count<number | string>('claimed_at').as('claimed'),
      ])
      .where('app_id', '=', appId)
      .groupBy('cdk_type')
      .orderBy('cdk_type')
      .execute();
    return rows.map((row) => {
      const total = Number(row.total);
      const claimed = Number(row.claimed);
      return { type: row.cdk_type, total, available: total - claimed, claimed };
    });
  }

  async claimedOn(appId: string, accountId: number, type: string, day: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('cdk_claims')
      .select('code_id')
      .where('app_id', '=', appId)
      .where('account_id', '=', accountId)
      .where('cdk_type', '=', type)
      .where('day', '=', day)
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * Marks the oldest unclaimed code of the type claimed by the account and returns it; undefined
   * when none is left. On PostgreSQL concurrent takers skip the rows others hold locked, so each
   * takes a different code; SQLite runs one writer at a time. Call in a transaction.
   */
  async take(
    appId: string,
    type: string,
    accountId: number,
    at: number,
  ): Promise<{ id: number; code: string } | undefined> {
    const oldest = this.db
      .selectFrom('cdk_codes')
      .select('id')
      .where('app_id', '=', appId)
      .where('cdk_type', '=', type)
      .where('claimed_at', 'is', null)
      .orderBy('id')
      .limit(1)
      .$if(this.kind === 'postgres', (qb) => qb.forUpdate().skipLocked());
    const row = await this.db
      .updateTable('cdk_codes')
      .set({ claimed_by: accountId, claimed_at: at })
      .where('id', '=', oldest)
      .where('claimed_at', 'is', null)
      .returning(['id', 'code'])
      .executeTakeFirst();
    return row && { id: Number(row.id), code: row.code };
  }

  /** Records the day's claim; false when the account claimed this type that day already. */
  async recordClaim(claim: {
    appId: string;
    accountId: number;
    type: string;
    day: string;
    codeId: number;
    at: number;
  }): Promise<boolean> {
    const result = await this.db
      .insertInto('cdk_claims')
      .values({
        app_id: claim.appId,
        account_id: claim.accountId,
        cdk_type: claim.type,
        day: claim.day,
        code_id: claim.codeId,
        claimed_at: claim.at,
      })
      .onConflict((oc) => oc.columns(['app_id', 'account_id', 'cdk_type', 'day']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }
}
