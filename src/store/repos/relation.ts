import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Sex, TencentPlatform, TencentPlayer } from '../../core/players/types.js';
import { TENCENT_PLATFORM_BIT } from '../../core/players/types.js';
import { QueryTemplate } from '../query-template.js';
import type { Database } from '../schema.js';
import { OPENID_COLUMN, toTencentPlayer } from './tencent-players.js';

/** A friend playing the app on a platform: their ids in the app. */
export interface PlayingFriendRow {
  player: TencentPlayer;
}

/** What a friend list shows of a friend playing the app: their openid there, name and sex. */
export interface FriendCard {
  accountId: number;
  openid: string;
  name: string;
  sex: Sex;
}

function perPlatform<T>(make: (platform: TencentPlatform) => T): Record<TencentPlatform, T> {
  return { qq: make('qq'), wx: make('wx'), guest: make('guest') };
}

/** Same-game friends on Tencent platforms, close-friend marks and WeChat unionids. */
export class RelationRepo {
  /** Mutual friends of an account who logged in to an app on a platform, in account order. */
  private friendsOn(platform: TencentPlatform, accountId: number, appId: string) {
    return this.db
      .selectFrom('friend_requests as mine')
      .innerJoin('friend_requests as theirs', (join) =>
        join.onRef('theirs.from_id', '=', 'mine.to_id').onRef('theirs.to_id', '=', 'mine.from_id'),
      )
      .innerJoin('tencent_players', 'tencent_players.account_id', 'mine.to_id')
      .where('mine.from_id', '=', accountId)
      .where('tencent_players.app_id', '=', appId)
      .where(
        sql<boolean>`(tencent_players.platforms & ${sql.lit(TENCENT_PLATFORM_BIT[platform])}) <> 0`,
      )
      .orderBy('mine.to_id');
  }

  private readonly friendsPlayingQueries = perPlatform(
    (platform) =>
      new QueryTemplate((accountId: number, appId: string) =>
        this.friendsOn(platform, accountId, appId).selectAll('tencent_players'),
      ),
  );

  private readonly friendCardsQueries = perPlatform(
    (platform) =>
      new QueryTemplate((accountId: number, appId: string) =>
        this.friendsOn(platform, accountId, appId)
          .innerJoin('accounts', 'accounts.id', 'mine.to_id')
          .select([
            'mine.to_id',
            `tencent_players.${OPENID_COLUMN[platform]} as openid`,
            'accounts.name',
            'accounts.sex',
          ]),
      ),
  );

  private readonly closeQuery = new QueryTemplate((accountId: number) =>
    this.db.selectFrom('close_friends').select('friend_id').where('account_id', '=', accountId),
  );

  constructor(private readonly db: Kysely<Database>) {}

  /**
   * The mutual friends of `accountId` who are Tencent players of the app on `platform` (logged
   * in there), in account order, in one query.
   */
  async friendsPlaying(
    accountId: number,
    appId: string,
    platform: TencentPlatform,
  ): Promise<PlayingFriendRow[]> {
    const query = this.friendsPlayingQueries[platform].bind(accountId, appId);
    const { rows } = await this.db.executeQuery(query);
    return rows.map((row) => ({ player: toTencentPlayer(row) }));
  }

  /** The same friends as `friendsPlaying`, as a friend list shows them, in one query. */
  async friendCards(
    accountId: number,
    appId: string,
    platform: TencentPlatform,
  ): Promise<FriendCard[]> {
    const query = this.friendCardsQueries[platform].bind(accountId, appId);
    const { rows } = await this.db.executeQuery(query);
    return rows.map((row) => ({
      accountId: row.to_id,
      openid: row.openid,
      name: row.name,
      sex: row.sex as Sex,
    }));
  }

  /** The accounts `accountId` marked close (friends or not any more). */
  async closeMarks(accountId: number): Promise<number[]> {
    const { rows } = await this.db.executeQuery(this.closeQuery.bind(accountId));
    return rows.map((row) => row.friend_id);
  }

  async markClose(accountId: number, friendId: number, now: number): Promise<void> {
    await this.db
      .insertInto('close_friends')
      .values({ account_id: accountId, friend_id: friendId, created_at: now })
      .onConflict((oc) => oc.columns(['account_id', 'friend_id']).doNothing())
      .execute();
  }

  /** Returns how many marks were removed (0 or 1). */
  async unmarkClose(accountId: number, friendId: number): Promise<number> {
    const result = await this.db
      .deleteFrom('close_friends')
      .where('account_id', '=', accountId)
      .where('friend_id', '=', friendId)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async unionidOf(accountId: number): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('wechat_unionids')
      .select('unionid')
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return row?.unionid;
  }

  /** Stores the account's unionid unless it has one already (a concurrent first use). */
  async insertUnionid(accountId: number, unionid: string, now: number): Promise<void> {
    await this.db
      .insertInto('wechat_unionids')
      .values({ account_id: accountId, unionid, created_at: now })
      .onConflict((oc) => oc.column('account_id').doNothing())
      .execute();
  }
}
