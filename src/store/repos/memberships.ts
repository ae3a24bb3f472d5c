import type { Kysely } from 'kysely';
import type { AttributeChanges, GiftPack } from '../../core/memberships/types.js';
import type { DatabaseKind } from '../database.js';
import type { Database } from '../schema.js';

/**
 * Attributes as stored: the account level under its first name, `qqLevel` (rows written before
 * the rename keep it, and new rows use it too).
 */
const STORED_LEVEL = 'qqLevel';

function fromStored(data: string): AttributeChanges {
  const { [STORED_LEVEL]: level, ...rest } = JSON.parse(data) as Record<string, unknown>;
  return (level === undefined ? rest : { ...rest, accountLevel: level }) as AttributeChanges;
}

function toStored(changes: AttributeChanges): string {
  const { accountLevel, ...rest } = changes;
  return JSON.stringify(
    accountLevel === undefined ? rest : { ...rest, [STORED_LEVEL]: accountLevel },
  );
}

/** Stored platform attributes of players (as set, perhaps missing newer keys) and gift packs. */
export class MembershipRepo {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly kind: DatabaseKind,
  ) {}

  /** The stored attributes of those of the accounts that have any. */
  async attributes(
    appId: string,
    accountIds: readonly number[],
  ): Promise<Map<number, AttributeChanges>> {
    if (accountIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('player_attributes')
      .select(['account_id', 'data'])
      .where('app_id', '=', appId)
      .where('account_id', 'in', accountIds)
      .execute();
    return new Map(rows.map((r) => [r.account_id, fromStored(r.data)]));
  }

  /**
   * The player's stored attributes, locked until the transaction ends (a row is made first, so
   * that two first updates wait for each other too). Call inside a transaction.
   */
  async lockAttributes(appId: string, accountId: number, now: number): Promise<AttributeChanges> {
    await this.db
      .insertInto('player_attributes')
      .values({ app_id: appId, account_id: accountId, data: '{}', updated_at: now })
      .onConflict((oc) => oc.columns(['app_id', 'account_id']).doNothing())
      .execute();
    const row = await this.db
      .selectFrom('player_attributes')
      .select('data')
      .where('app_id', '=', appId)
      .where('account_id', '=', accountId)
      .$if(this.kind === 'postgres', (qb) => qb.forUpdate())
      .executeTakeFirstOrThrow();
    return fromStored(row.data);
  }

  async saveAttributes(
    appId: string,
    accountId: number,
    data: AttributeChanges,
    now: number,
  ): Promise<void> {
    await this.db
      .updateTable('player_attributes')
      .set({ data: toStored(data), updated_at: now })
      .where('app_id', '=', appId)
      .where('account_id', '=', accountId)
      .execute();
  }

  async addGiftPack(appId: string, accountId: number, pack: GiftPack): Promise<void> {
    await this.db
      .insertInto('gift_packs')
      .values({
        app_id: appId,
        account_id: accountId,
        gift_id: pack.giftId,
        count: pack.count,
        created_at: pack.grantedAt,
      })
      .execute();
  }

  /** The player's packs not yet collected, oldest first. */
  async giftPacks(appId: string, accountId: number): Promise<GiftPack[]> {
    const rows = await this.db
      .selectFrom('gift_packs')
      .select(['id', 'gift_id', 'count', 'created_at'])
      .where('app_id', '=', appId)
      .where('account_id', '=', accountId)
      .orderBy('id')
      .execute();
    return rows.map(toGiftPack);
  }

  /**
   * Deletes the player's packs and returns them, oldest first, in one statement: of two
   * concurrent calls only one gets each pack.
   */
  async takeGiftPacks(appId: string, accountId: number): Promise<GiftPack[]> {
    const rows = await this.db
      .deleteFrom('gift_packs')
      .where('app_id', '=', appId)
      .where('account_id', '=', accountId)
      .returning(['id', 'gift_id', 'count', 'created_at'])
      .execute();
    return rows.sort((a, b) => a.id - b.id).map(toGiftPack);
  }
}

function toGiftPack(row: { gift_id: string; count: number; created_at: number }): GiftPack {
  return { giftId: row.gift_id, count: row.count, grantedAt: row.created_at };
}
