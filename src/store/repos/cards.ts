import type { Kysely } from 'kysely';
import type { CardWrite, PlayerCard } from '../../core/cards/service.js';
import type { Database } from '../schema.js';

export class CardRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Replaces each player's card for its server. Each (account, server) must appear once. */
  async upsert(appId: string, cards: readonly CardWrite[], now: number): Promise<void> {
    if (cards.length === 0) return;
    await this.db
      .insertInto('player_cards')
      .values(
        cards.map((c) => ({
          app_id: appId,
          account_id: c.accountId,
          server_id: c.serverId,
          data: JSON.stringify(c.card),
          updated_at: now,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['app_id', 'account_id', 'server_id']).doUpdateSet((eb) => ({
          data: eb.ref('excluded.data'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }

  async ofPlayer(appId: string, accountId: number): Promise<PlayerCard[]> {
    const rows = await this.db
      .selectFrom('player_cards')
      .select(['server_id', 'data', 'updated_at'])
      .where('app_id', '=', appId)
      .where('account_id', '=', accountId)
      .orderBy('server_id')
      .execute();
    return rows.map((r) => ({
      serverId: r.server_id,
      card: JSON.parse(r.data) as Record<string, unknown>,
      updatedAt: r.updated_at,
    }));
  }
}
