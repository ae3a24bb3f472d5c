import { RecentCache } from '../cache.js';
import { fail } from '../errors.js';
import { provinceAndCity } from '../players/areas.js';
import type { Account } from '../players/types.js';
import type { Clock, Random } from '../runtime.js';
import type { FriendCard } from '../../store/repos/relation.js';
import type { Store } from '../../store/store.js';

export type { FriendCard } from '../../store/repos/relation.js';

/** Where an account says it lives: China's ISO code and Chinese names, or all empty. */
export interface Place {
  country: 'CN' | '';
  province: string;
  city: string;
}

export function placeOf(account: Account): Place {
  const known = account.areaId === null ? undefined : provinceAndCity(account.areaId);
  return known ? { country: 'CN', ...known } : { country: '', province: '', city: '' };
}

/**
 * A friend list may be changed by another process: like profiles, a list is trusted this long.
 * Games ask for it at every screen that shows friends; the players behind a hot list change less
 * often than that.
 */
const FRIEND_LIST_TTL_MS = 2_000;
const FRIEND_LIST_CACHE_SIZE = 4_000;

/**
 * Friends "playing the same game" (同玩): mutual friends who logged in to the app under an id of
 * a namespace (a platform's players there). Also the close-friend marks players set on friends,
 * and the cross-app account id, one per account across every app.
 */
export class PlayingFriends {
  private readonly lists: RecentCache<string, readonly FriendCard[]>;

  constructor(
    private readonly store: Pick<Store, 'relation' | 'friends'>,
    private readonly clock: Clock,
    private readonly random: Random,
  ) {
    this.lists = new RecentCache(FRIEND_LIST_CACHE_SIZE, FRIEND_LIST_TTL_MS, clock);
  }

  /** The account's friends active in the app under an id of `namespace`, in account order. */
  playingIds(appId: string, accountId: number, namespace: string): Promise<number[]> {
    return this.store.relation.friendsPlaying(accountId, appId, namespace);
  }

  /**
   * The account's friends active in the app under an id of `namespace`, in account order, as a
   * friend list shows them (with that id): one query, and the list trusted for 2 s.
   */
  async cards(appId: string, accountId: number, namespace: string): Promise<readonly FriendCard[]> {
    const key = `${appId}:${accountId}:${namespace}`;
    const cached = this.lists.get(key);
    if (cached) return cached;
    const list = await this.store.relation.friendCards(accountId, appId, namespace);
    this.lists.set(key, list);
    return list;
  }

  /** The account's close friends among `cards(appId, accountId, namespace)`. */
  async closeCards(appId: string, accountId: number, namespace: string): Promise<FriendCard[]> {
    const [friends, marks] = await Promise.all([
      this.cards(appId, accountId, namespace),
      this.store.relation.closeMarks(accountId),
    ]);
    const close = new Set(marks);
    return friends.filter((f) => close.has(f.accountId));
  }

  /** Those of `accountIds` the viewer may see: the viewer and the viewer's friends. */
  async visibleTo(viewerId: number, accountIds: readonly number[]): Promise<Set<number>> {
    const friendIds = await this.store.friends.friendsOf(viewerId);
    const visible = new Set([viewerId, ...friendIds]);
    return new Set(accountIds.filter((id) => visible.has(id)));
  }

  /**
   * The account's cross-app id: minted by `mint` on first use and the same in every app
   * afterwards (whatever mints it later).
   */
  async crossAppId(accountId: number, mint: (random: Random) => string): Promise<string> {
    const stored = await this.store.relation.unionidOf(accountId);
    if (stored !== undefined) return stored;
    const fresh = mint(this.random);
    await this.store.relation.insertUnionid(accountId, fresh, this.clock.now());
    // Another request may have made one first: its value is the one kept.
    return (await this.store.relation.unionidOf(accountId)) ?? fresh;
  }

  /** Marks a friend close; the two must be friends. */
  async markClose(accountId: number, friendId: number): Promise<void> {
    if (accountId === friendId) fail('friend.self', 'a player cannot be their own close friend');
    const friends = await this.store.friends.friendsOf(accountId);
    if (!friends.includes(friendId)) fail('not_found', 'the two players are not friends');
    await this.store.relation.markClose(accountId, friendId, this.clock.now());
  }

  /** Removes a close-friend mark; not_found when there was none. */
  async unmarkClose(accountId: number, friendId: number): Promise<void> {
    const removed = await this.store.relation.unmarkClose(accountId, friendId);
    if (removed === 0) fail('not_found', 'this friend is not marked close');
  }
}
