import type { Kysely, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { TencentPlatform, TencentPlayer } from '../../core/players/types.js';
import { QueryTemplate } from '../query-template.js';
import type { Database, TencentPlayersTable } from '../schema.js';

export const OPENID_COLUMN = {
  qq: 'qq_openid',
  wx: 'wx_openid',
  guest: 'guestid',
} as const satisfies Record<TencentPlatform, keyof TencentPlayersTable>;

export function toTencentPlayer(row: Selectable<TencentPlayersTable>): TencentPlayer {
  return {
    appId: row.app_id,
    accountId: row.account_id,
    qqOpenid: row.qq_openid,
    wxOpenid: row.wx_openid,
    guestid: row.guestid,
    platforms: row.platforms,
  };
}

export class TencentPlayerRepo {
  private readonly byAccountQuery = new QueryTemplate((appId: string, accountId: number) =>
    this.db
      .selectFrom('tencent_players')
      .selectAll()
      .where('app_id', '=', appId)
      .where('account_id', '=', accountId),
  );

  constructor(private readonly db: Kysely<Database>) {}

  /** Inserts the player's ids unless they have some already; either way adds `platformBit`. */
  async ensure(player: TencentPlayer, now: number): Promise<TencentPlayer> {
    await this.db
      .insertInto('tencent_players')
      .values({
        app_id: player.appId,
        account_id: player.accountId,
        qq_openid: player.qqOpenid,
        wx_openid: player.wxOpenid,
        guestid: player.guestid,
        platforms: player.platforms,
        created_at: now,
      })
      .onConflict((oc) =>
        oc.columns(['app_id', 'account_id']).doUpdateSet({
          platforms: sql<number>`tencent_players.platforms | CAST(${player.platforms} AS integer)`,
        }),
      )
      .execute();
    const stored = await this.byAccount(player.appId, player.accountId);
    if (!stored) throw new Error('tencent player vanished');
    return stored;
  }

  async byAccount(appId: string, accountId: number): Promise<TencentPlayer | undefined> {
    const [row] = (await this.db.executeQuery(this.byAccountQuery.bind(appId, accountId))).rows;
    return row && toTencentPlayer(row);
  }

  async byAccounts(appId: string, accountIds: readonly number[]): Promise<TencentPlayer[]> {
    if (accountIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('tencent_players')
      .selectAll()
      .where('app_id', '=', appId)
      .where('account_id', 'in', accountIds)
      .execute();
    return rows.map(toTencentPlayer);
  }

  async byOpenids(
    appId: string,
    platform: TencentPlatform,
    openids: readonly string[],
  ): Promise<TencentPlayer[]> {
    if (openids.length === 0) return [];
    const rows = await this.db
      .selectFrom('tencent_players')
      .selectAll()
      .where('app_id', '=', appId)
      .where(OPENID_COLUMN[platform], 'in', openids)
      .execute();
    return rows.map(toTencentPlayer);
  }
}
