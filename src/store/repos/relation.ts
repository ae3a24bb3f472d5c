import type { Kysely } from 'kysely';
import type { Sex } from '../../core/players/types.js';
import { QueryTemplate } from '../query-template.js';
import type { Database } from '../schema.js';

/** What a friend list shows of a friend playing the app: their id there, name and sex. */
export interface FriendCard {
  accountId: number;
  openid: string;
  name: string;
  sex: Sex;
}

/** Same-game friends, close-friend marks and WeChat unionids. */
export class RelationRepo {
  /**
   * Mutual friends of an account who logged in to an app under an id of `namespace`, in account
   * order.
   */
  private friendsActive(accountId: number, appId: string, namespace: string) {
    return this.db
      .selectFrom('friend_requests as mine')
      .innerJoin('friend_requests as theirs', (join) =>
        join.onRef('theirs.from_id', '=', 'mine.to_id').onRef('theirs.to_id', '=', 'mine.from_id'),
      )
      .innerJoin('player_ids', 'player_ids.account_id', 'mine.to_id')
      .where('mine.from_id', '=', accountId)
      .where('player_ids.app_id', '=', appId)
      .where('player_ids.namespace', '=', namespace)
      .where('player_ids.active', '=', 1)
      .orderBy('mine.to_id');
  }

  private readonly friendsPlayingQuery = new QueryTemplate(
    (accountId: number, appId: string, namespace: string) =>
      this.friendsActive(accountId, appId, namespace).select('mine.to_id'),
  );

  private readonly friendCardsQuery = new QueryTemplate(
    (accountId: number, appId: string, namespace: string) =>
      this.friendsActive(accountId, appId, namespace)
        .innerJoin('accounts', 'accounts.id', 'mine.to_id')
        .select(['mine.to_id', 'player_ids.public_id as openid', 'accounts.name', 'accounts.sex']),
  );

  private readonly closeQuery = new QueryTemplate((accountId: number) =>
    this.db.selectFrom('close_friends').select('friend_id').where('account_id', '=', accountId),
  );

  constructor(private readonly db: Kysely<Database>) {}

  /** The mutual friends of `accountId` who logged in to the app under an id of `namespace`. */
  async friendsPlaying(accountId: number, appId: string, namespace: string): Promise<number[]> {
    const query = this.friendsPlayingQuery.bind(accountId, appId, namespace);
    return (await this.db.executeQuery(query)).rows.map((row) => row.to_id);
  }

  /** The same friends as `friendsPlaying`, as a friend list shows them, in one query. */
  async friendCards(accountId: number, appId: string, namespace: string): Promise<FriendCard[]> {
    const query = this.friendCardsQuery.bind(accountId, appId, namespace);
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
