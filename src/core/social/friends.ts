import { fail } from '../errors.js';
import type { Clock } from '../runtime.js';
import type { StoreSlice } from '../../store/store.js';

export interface FriendList {
  friends: number[];
  /** Requests this player sent that are not answered yet. */
  outgoing: number[];
  /** Requests this player received and has not answered yet. */
  incoming: number[];
}

/** Friendship is mutual: a request from each side makes two players friends. */
export class FriendService {
  constructor(
    private readonly store: StoreSlice<'friends' | 'players'>,
    private readonly clock: Clock,
  ) {}

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
  friendIds(accountId: number): Promise<number[]> {
    return this.store.friends.friendsOf(accountId);
  }

  /** Friends of the player who play the app. */
  friendsInApp(appId: string, accountId: number): Promise<number[]> {
    return this.store.friends.friendsOf(accountId, appId);
  }
}
