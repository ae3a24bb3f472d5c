import { z } from 'zod';
import type { Sex } from '../../core/players/types.js';
import type { FriendCard } from '../../core/social/playing-friends.js';
import { avatarUrl } from './avatars.js';
import { msdkEndpoint } from './endpoint.js';
import { openid } from './params.js';
import { RawJson } from './raw-json.js';
import { msdkCredentials } from './app-config.js';

/** Most openids a qqstrange_profile call may ask about. */
export const STRANGE_PROFILE_MAX = 100;

/** A flag the documents treat as "this value means yes, anything else means the default". */
const flagIs = (value: string) =>
  z
    .unknown()
    .optional()
    .transform((v) => String(v).trim() === value);

/** QQ answers gender in Chinese, 男 when the player has not said (the documents' default). */
function genderText(sex: Sex): string {
  return sex === 'F' ? '女' : '男';
}

/** qqstrange_profile's gender: "2" female, "1" male and by default. */
function genderDigit(sex: Sex): string {
  return sex === 'F' ? '2' : '1';
}

/**
 * The serialized `lists` of each friend list core hands out: core keeps answering the same list
 * object while it trusts it (2 s), and a hot list is serialized once for all those answers.
 */
const serializedLists = new WeakMap<readonly FriendCard[], Map<string, RawJson>>();

async function serializedOnce(
  friends: readonly FriendCard[],
  variant: string,
  build: () => Promise<unknown>,
): Promise<RawJson> {
  let variants = serializedLists.get(friends);
  if (!variants) {
    variants = new Map();
    serializedLists.set(friends, variants);
  }
  let raw = variants.get(variant);
  if (!raw) {
    raw = RawJson.of(await build());
    variants.set(variant, raw);
  }
  return raw;
}

/** QQ's "playing the same game" relation endpoints. */
export const qqRelationEndpoints = [
  msdkEndpoint({
    path: 'relation/qqfriends_detail',
    platforms: ['qq'],
    player: 'token',
    // flag 2 adds the caller; any other value is the default (without).
    params: z.object({ flag: flagIs('2'), closefriends_flag: flagIs('1') }),
    async handle({ services, app, urlBase, player, params }) {
      const friends = await services.tencentFriends.playing(player, 'qq');
      const lists = await serializedOnce(friends, `${urlBase} ${params.flag}`, async () => {
        const listed = params.flag
          ? [await services.tencentFriends.cardOf(player, 'qq'), ...friends]
          : friends;
        return listed.map((friend) => ({
          openid: friend.openid,
          nickName: friend.name,
          gender: genderText(friend.sex),
          // The documents' URL ends in '/': clients append 40 or 100.
          figureurl_qq: `${avatarUrl(urlBase, 'qq', msdkCredentials(app).qqAppid, friend.openid)}/`,
        }));
      });
      if (!params.closefriends_flag) return { lists, is_lost: '0' };
      const closefriend_lists = await services.tencentFriends.closePlaying(player, 'qq');
      return { lists, extinfo: { closefriend_lists }, is_lost: '0' };
    },
  }),
  msdkEndpoint({
    path: 'relation/qqstrange_profile',
    platforms: ['qq'],
    player: 'token',
    params: z.object({ vcopenid: z.array(openid).min(1).max(STRANGE_PROFILE_MAX) }),
    async handle({ services, app, urlBase, params }) {
      const appid = msdkCredentials(app).qqAppid;
      const profiles = await services.tencentFriends.profiles(app.id, 'qq', params.vcopenid);
      const lists = profiles.map(({ player: { qqOpenid }, account }) => ({
        openid: qqOpenid,
        gender: genderDigit(account.sex),
        nickName: account.name,
        qzonepicture50: avatarUrl(urlBase, 'qzone', appid, qqOpenid, 50),
        qqpicture40: avatarUrl(urlBase, 'qq', appid, qqOpenid, 40),
        qqpicture100: avatarUrl(urlBase, 'qq', appid, qqOpenid, 100),
        qqpicture: avatarUrl(urlBase, 'qq', appid, qqOpenid),
      }));
      return { lists, is_lost: '0' };
    },
  }),
];
