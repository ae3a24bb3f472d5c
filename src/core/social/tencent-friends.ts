import { RecentCache } from '../cache.js';
import type { TencentIdentity } from '../../protocols/msdk/identity/tencent-identity.js';
import { fail } from '../errors.js';
import { provinceAndCity } from '../players/areas.js';
import type { PlayerDirectory } from '../players/directory.js';
import type { Account } from '../players/types.js';
import type { TencentPlatform, TencentPlayer } from '../../protocols/msdk/identity/types.js';
import {
  TENCENT_NAMESPACE,
  TENCENT_PLATFORM_BIT,
  tencentOpenid,
} from '../../protocols/msdk/identity/types.js';
import type { Clock, Random } from '../runtime.js';
import type { FriendCard } from '../../store/repos/relation.js';
import type { Store } from '../../store/store.js';

export type { FriendCard } from '../../store/repos/relation.js';

/** A friend playing the app on a platform: their ids in the app. */
export interface PlayingFriendRow {
  player: TencentPlayer;
}

/** A Tencent player of an app with the account behind it. */
export interface TencentProfile {
  player: TencentPlayer;
  account: Account;
}

/** Where an account says it lives: China's ISO code and Chinese names, or all empty. */
export interface Place {
  country: 'CN' | '';
  province: string;
  city: string;
}

export interface UserInfo {
  account: Account;
  place: Place;
  unionid: string;
}

export function placeOf(account: Account): Place {
  const known = account.areaId === null ? undefined : provinceAndCity(account.areaId);
  return known ? { country: 'CN', ...known } : { country: '', province: '', city: '' };
}

function plays(player: TencentPlayer, platform: TencentPlatform): boolean {
  return (player.platforms & TENCENT_PLATFORM_BIT[platform]) !== 0;
}

/**
 * A friend list may be changed by another process: like profiles, a list is trusted this long.
 * Games ask for it at every screen that shows friends; the players behind a hot list change less
 * often than that.
 */
const FRIEND_LIST_TTL_MS = 2_000;
const FRIEND_LIST_CACHE_SIZE = 4_000;

/**
 * Friends "playing the same game" (同玩) on QQ and WeChat: mutual friends who logged in to the
 * app on that platform. Also the close-friend marks players set on friends, and the WeChat
 * unionid, one per account across every app.
 */
export class TencentFriends {
  private readonly lists: RecentCache<string, readonly FriendCard[]>;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly directory: PlayerDirectory,
    private readonly tencent: TencentIdentity,
  ) {
    this.lists = new RecentCache(FRIEND_LIST_CACHE_SIZE, FRIEND_LIST_TTL_MS, clock);
  }

  /** The player's friends who play the app on `platform` (their ids), in account order. */
  async playingIds(player: TencentPlayer, platform: TencentPlatform): Promise<PlayingFriendRow[]> {
    const namespace = TENCENT_NAMESPACE[platform];
    const ids = await this.store.relation.friendsPlaying(player.accountId, player.appId, namespace);
    const players = new Map(
      (await this.tencent.byAccounts(player.appId, ids)).map((p) => [p.accountId, p]),
    );
    return ids.flatMap((id) => {
      const found = players.get(id);
      return found ? [{ player: found }] : [];
    });
  }

  /**
   * The player's friends who play the app on `platform`, in account order, as a friend list
   * shows them: one query, and the list trusted for 2 s.
   */
  async playing(player: TencentPlayer, platform: TencentPlatform): Promise<readonly FriendCard[]> {
    const key = `${player.appId}:${player.accountId}:${platform}`;
    const cached = this.lists.get(key);
    if (cached) return cached;
    const list = await this.store.relation.friendCards(
      player.accountId,
      player.appId,
      TENCENT_NAMESPACE[platform],
    );
    this.lists.set(key, list);
    return list;
  }

  /** The player as their own friend list shows them (QQ's "with myself"). */
  async cardOf(player: TencentPlayer, platform: TencentPlatform): Promise<FriendCard> {
    const account = await this.directory.account(player.accountId);
    const { id: accountId, name, sex } = account;
    return { accountId, openid: tencentOpenid(player, platform), name, sex };
  }

  /** The openids of the player's close friends among those who play the app on `platform`. */
  async closePlaying(player: TencentPlayer, platform: TencentPlatform): Promise<string[]> {
    const [friends, marks] = await Promise.all([
      this.playing(player, platform),
      this.store.relation.closeMarks(player.accountId),
    ]);
    const close = new Set(marks);
    return friends.filter((f) => close.has(f.accountId)).map((f) => f.openid);
  }

  /**
   * The players of the app on `platform` with these openids, in the order asked, each once;
   * openids of nobody there are left out.
   */
  async profiles(
    appId: string,
    platform: TencentPlatform,
    openids: readonly string[],
  ): Promise<TencentProfile[]> {
    const asked = [...new Set(openids)];
    const players = await this.tencent.byOpenids(appId, platform, asked);
    const byOpenid = new Map(
      players.filter((p) => plays(p, platform)).map((p) => [tencentOpenid(p, platform), p]),
    );
    const accounts = await this.accountMap([...byOpenid.values()].map((p) => p.accountId));
    return asked.flatMap((openid) => {
      const player = byOpenid.get(openid);
      const account = player && accounts.get(player.accountId);
      return player && account ? [{ player, account }] : [];
    });
  }

  /** Like `profiles`, but only the viewer and the viewer's friends: strangers are left out. */
  async visibleProfiles(
    viewer: TencentPlayer,
    platform: TencentPlatform,
    openids: readonly string[],
  ): Promise<TencentProfile[]> {
    const [profiles, friendIds] = await Promise.all([
      this.profiles(viewer.appId, platform, openids),
      this.store.friends.friendsOf(viewer.accountId),
    ]);
    const visible = new Set([viewer.accountId, ...friendIds]);
    return profiles.filter((p) => visible.has(p.account.id));
  }

  /** The player's own profile with where they live and their unionid. */
  async userInfo(player: TencentPlayer): Promise<UserInfo> {
    const [account, unionid] = await Promise.all([
      this.directory.account(player.accountId),
      this.unionid(player.accountId),
    ]);
    return { account, place: placeOf(account), unionid };
  }

  /**
   * The account's unionid: random (`o` + 27 URL-safe characters, like WeChat's), made on first
   * use and the same in every app afterwards.
   */
  async unionid(accountId: number): Promise<string> {
    const stored = await this.store.relation.unionidOf(accountId);
    if (stored !== undefined) return stored;
    const fresh = `o${this.random.bytes(20).toString('base64url')}`;
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

  private async accountMap(ids: readonly number[]): Promise<Map<number, Account>> {
    const accounts = await this.directory.accounts(ids);
    return new Map(accounts.map((a) => [a.id, a]));
  }
}
