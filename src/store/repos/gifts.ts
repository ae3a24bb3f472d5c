import type { Kysely } from 'kysely';
import type { Gift, GiftKind } from '../../core/gifts/service.js';
import type { Database } from '../schema.js';

/** Gifts to players; `item` holds the gift's JSON. */
export class GiftRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(accountId: number, gift: Gift): Promise<void> {
    await this.db
      .insertInto('gifts')
      .values({
        app_id: gift.appId,
        account_id: accountId,
        kind: gift.kind,
        item: JSON.stringify(gift.item),
        created_at: gift.createdAt,
      })
      .execute();
  }

  async ofAccount(accountId: number): Promise<Gift[]> {
    const rows = await this.db
      .selectFrom('gifts')
      .select(['app_id', 'kind', 'item', 'created_at'])
      .where('account_id', '=', accountId)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      appId: r.app_id,
      kind: r.kind as GiftKind,
      item: JSON.parse(r.item) as Gift['item'],
      createdAt: r.created_at,
    }));
  }
}
