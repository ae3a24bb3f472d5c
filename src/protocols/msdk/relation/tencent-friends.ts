import type { PlayerDirectory } from '../../../core/players/directory.js';
import type { Account } from '../../../core/players/types.js';
import type { Random } from '../../../core/runtime.js';
import type { FriendCard, Place, PlayingFriends } from '../../../core/social/playing-friends.js';
import { placeOf } from '../../../core/social/playing-friends.js';
import type { TencentIdentity } from '../identity/tencent-identity.js';
import type { TencentPlatform, TencentPlayer } from '../identity/types.js';
import { TENCENT_NAMESPACE, TENCENT_PLATFORM_BIT, tencentOpenid } from '../identity/types.js';

export type { FriendCard } from '../../../core/social/playing-friends.js';

/** A friend playing the app on a platform: their ids in the app. */
export interface PlayingFriendRow {
  player: TencentPlayer;
}

/** A Tencent player of an app with the account behind it. */
export interface TencentProfile {
  player: TencentPlayer;
  account: Account;
}

export interface UserInfo {
  account: Account;
  place: Place;
  unionid: string;
}

function plays(player: TencentPlayer, platform: TencentPlatform): boolean {
  return (player.platforms & TENCENT_PLATFORM_BIT[platform]) !== 0;
}

/** A unionid: `o` + 27 URL-safe characters, like WeChat's. */
const mintUnionid = (random: Random) => `o${random.bytes(20).toString('base64url')}`;

/**
 * Friends "playing the same game" (同玩) on QQ and WeChat: mutual friends who logged in to the
 * app on that platform (core's playing friends under the platform's openid namespace). Also the
 * close friends among them and the WeChat unionid (core's cross-app account id).
 */
export class TencentFriends {
  constructor(
    private readonly friends: PlayingFriends,
    private readonly directory: PlayerDirectory,
    private readonly tencent: TencentIdentity,
  ) {}

  /** The player's friends who play the app on `platform` (their ids), in account order. */
  async playingIds(player: TencentPlayer, platform: TencentPlatform): Promise<PlayingFriendRow[]> {
    const ids = await this.friends.playingIds(
      player.appId,
      player.accountId,
      TENCENT_NAMESPACE[platform],
    );
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
  playing(player: TencentPlayer, platform: TencentPlatform): Promise<readonly FriendCard[]> {
    return this.friends.cards(player.appId, player.accountId, TENCENT_NAMESPACE[platform]);
  }

  /** The player as their own friend list shows them (QQ's "with myself"). */
  async cardOf(player: TencentPlayer, platform: TencentPlatform): Promise<FriendCard> {
    const account = await this.directory.account(player.accountId);
    const { id: accountId, name, sex } = account;
    return { accountId, openid: tencentOpenid(player, platform), name, sex };
  }

  /** The openids of the player's close friends among those who play the app on `platform`. */
  async closePlaying(player: TencentPlayer, platform: TencentPlatform): Promise<string[]> {
    const close = await this.friends.closeCards(
      player.appId,
      player.accountId,
      TENCENT_NAMESPACE[platform],
    );
    return close.map((f) => f.openid);
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
    const accounts = await this.directory.accounts([...byOpenid.values()].map((p) => p.accountId));
    const accountOf = new Map(accounts.map((a) => [a.id, a]));
    return asked.flatMap((openid) => {
      const player = byOpenid.get(openid);
      const account = player && accountOf.get(player.accountId);
      return player && account ? [{ player, account }] : [];
    });
  }

  /** Like `profiles`, but only the viewer and the viewer's friends: strangers are left out. */
  async visibleProfiles(
    viewer: TencentPlayer,
    platform: TencentPlatform,
    openids: readonly string[],
  ): Promise<TencentProfile[]> {
    const profiles = await this.profiles(viewer.appId, platform, openids);
    const visible = await this.friends.visibleTo(
      viewer.accountId,
      profiles.map((p) => p.account.id),
    );
    return profiles.filter((p) => visible.has(p.account.id));
  }

  /** The player's own profile with where they live and their unionid. */
  async userInfo(player: TencentPlayer): Promise<UserInfo> {
    const [account, unionid] = await Promise.all([
      this.directory.account(player.accountId),
      this.friends.crossAppId(player.accountId, mintUnionid),
    ]);
    return { account, place: placeOf(account), unionid };
  }
}
