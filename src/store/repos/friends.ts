import type { Kysely } from 'kysely';
import { FRIENDS_CHANGED } from '../../common/change-topics.js';
import { QueryTemplate } from '../query-template.js';
import type { Database } from '../schema.js';
import type { ChangeRepo } from './changes.js';

/**
 * A friend request is one directed edge; two players are friends when both edges exist. Each
 * change is published for both players (FRIENDS_CHANGED).
 */
export class FriendRepo {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes: ChangeRepo,
  ) {}

  async addRequest(fromId: number, toId: number, now: number): Promise<void> {
    const added = await this.db
      .insertInto('friend_requests')
      .values({ from_id: fromId, to_id: toId, created_at: now })
      .onConflict((oc) => oc.columns(['from_id', 'to_id']).doNothing())
      .executeTakeFirst();
    if (Number(added.numInsertedOrUpdatedRows ?? 0) > 0) await this.publish(fromId, toId);
  }

  private async publish(...accountIds: number[]): Promise<void> {
    for (const accountId of accountIds) await this.changes.publish(FRIENDS_CHANGED, accountId);
  }

  /** Tells the friends of an account that it plays one more app (their in-app friends grew). */
  async publishJoined(accountId: number): Promise<void> {
    await this.publish(...(await this.friendsOf(accountId)));
  }

  async removeBoth(a: number, b: number): Promise<number> {
    const result = await this.db
      .deleteFrom('friend_requests')
      .where((eb) =>
        eb.or([
          eb.and([eb('from_id', '=', a), eb('to_id', '=', b)]),
          eb.and([eb('from_id', '=', b), eb('to_id', '=', a)]),
        ]),
      )
      .executeTakeFirst();
    const removed = Number(result.numDeletedRows);
    if (removed > 0) await this.publish(a, b);
    return removed;
  }

  private readonly mutual = () =>
    this.db
      .selectFrom('friend_requests as mine')
      .innerJoin('friend_requests as theirs', (join) =>
        join.onRef('theirs.from_id', '=', 'mine.to_id').onRef('theirs.to_id', '=', 'mine.from_id'),
      )
      .select('mine.to_id')
      .orderBy('mine.to_id');

  private readonly friendsQuery = new QueryTemplate((accountId: number) =>
    this.mutual().where('mine.from_id', '=', accountId),
  );

  private readonly friendsInAppQuery = new QueryTemplate((accountId: number, appId: string) =>
    this.mutual()
      .where('mine.from_id', '=', accountId)
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('app_players')
            .select('app_players.account_id')
            .whereRef('app_players.account_id', '=', 'mine.to_id')
            .where('app_players.app_id', '=', appId),
        ),
      ),
  );

  /** Accounts that are mutual friends of `accountId` (and play the app, when one is given). */
  async friendsOf(accountId: number, playingAppId?: string): Promise<number[]> {
    const query =
      playingAppId === undefined
        ? this.friendsQuery.bind(accountId)
        : this.friendsInAppQuery.bind(accountId, playingAppId);
    const { rows } = await this.db.executeQuery(query);
    return rows.map((r) => r.to_id);
  }

  /** Pending requests: sent by `accountId` and not answered, or received and not answered. */
  async pendingOf(accountId: number): Promise<{ outgoing: number[]; incoming: number[] }> {
    const rows = await this.db
      .selectFrom('friend_requests as r')
      .leftJoin('friend_requests as back', (join) =>
        join.onRef('back.from_id', '=', 'r.to_id').onRef('back.to_id', '=', 'r.from_id'),
      )
      .select(['r.from_id', 'r.to_id'])
      .where((eb) => eb.or([eb('r.from_id', '=', accountId), eb('r.to_id', '=', accountId)]))
      .where('back.from_id', 'is', null)
      .execute();
    return {
      outgoing: rows.filter((r) => r.from_id === accountId).map((r) => r.to_id),
      incoming: rows.filter((r) => r.to_id === accountId).map((r) => r.from_id),
    };
  }
}
