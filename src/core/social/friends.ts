import { FRIENDS_CHANGED } from '../../common/change-topics.js';
import { RecentMap } from '../cache.js';
import type { ChangeFeed } from '../changes.js';
import { fail } from '../errors.js';
import type { Clock } from '../runtime.js';
import type { StoreSlice } from '../../store/store.js';

/** The key of a player's friends in every app. */
const EVERY_APP = '';

export interface FriendList {
  friends: number[];
  /** Requests this player sent that are not answered yet. */
  outgoing: number[];
  /** Requests this player received and has not answered yet. */
  incoming: number[];
}

/**
 * Friendship is mutual: a request from each side makes two players friends. Leaderboards ask for
 * the same players' friends again and again, so each player's friend lists (all, and per app)
 * are kept in memory until a change to them is heard from any process.
 */
export class FriendService {
  /** By account, then by app (EVERY_APP: all of them). */
  private readonly lists: RecentMap<number, Map<string, readonly number[]>>;

  constructor(
    private readonly store: StoreSlice<'friends' | 'players'>,
    private readonly clock: Clock,
    private readonly changes: ChangeFeed,
    capacity: number,
  ) {
    this.lists = new RecentMap(2 * capacity);
    changes.watch(FRIENDS_CHANGED, (key) =>
      key === undefined ? this.lists.clear() : this.lists.delete(Number(key)),
    );
  }

  /** Sends (or answers) a friend request; returns whether the two are now friends. */
  async request(fromId: number, toId: number): Promise<boolean> {
    if (fromId === toId) fail('friend.self', 'a player cannot befriend themselves');
    if (!(await this.store.players.accountById(toId))) fail('player.not_found', 'no such player');
    await this.store.friends.addRequest(fromId, toId, this.clock.now());
    const friends = await this.store.friends.friendsOf(fromId);
    return friends.includes(toId);
  }

  /** Ends a friendship or withdraws/declines a request; not_found when there was nothing. */
  async remove(accountId: number, otherId: number): Promise<void> {
    const removed = await this.store.friends.removeBoth(accountId, otherId);
    if (removed === 0) fail('not_found', 'no friendship or request between these players');
  }

  async list(accountId: number): Promise<FriendList> {
    const [friends, pending] = await Promise.all([
      this.store.friends.friendsOf(accountId),
      this.store.friends.pendingOf(accountId),
    ]);
    return { friends, ...pending };
  }

  /** Mutual friends of the player. */
  friendIds(accountId: number): Promise<readonly number[]> {
    return this.cachedList(accountId, EVERY_APP);
  }

  /** Friends of the player who play the app. */
  friendsInApp(appId: string, accountId: number): Promise<readonly number[]> {
    return this.cachedList(accountId, appId);
  }

  private async cachedList(accountId: number, appId: string): Promise<readonly number[]> {
    await this.changes.catchUp();
    const cached = this.changes.coherent ? this.lists.get(accountId) : undefined;
    const list = cached?.get(appId);
    if (list) return list;
    const heard = this.changes.heard;
    const read = await this.store.friends.friendsOf(
      accountId,
      appId === EVERY_APP ? undefined : appId,
    );
    // Kept only when nothing was heard meanwhile: the read may predate a change.
    if (this.changes.heard === heard) {
      const lists = cached ?? new Map<string, readonly number[]>();
      lists.set(appId, read);
      if (!cached) this.lists.set(accountId, lists);
    }
    return read;
  }
}
