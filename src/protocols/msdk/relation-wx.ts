import { z } from 'zod';
import type { Sex } from '../../core/players/types.js';
import { placeOf } from '../../core/social/playing-friends.js';
import { avatarUrl } from './avatars.js';
import { msdkEndpoint } from './endpoint.js';
import { openid } from './params.js';
import { msdkCredentials } from './app-config.js';

/** Most openids a wxprofile call may ask about. */
export const WX_PROFILE_MAX = 100;

/** Guildhall's players read Chinese: place names are Chinese, as WeChat's are for zh_CN. */
const LANGUAGE = 'zh_CN';

/** WeChat's sex: 1 male, 2 female, 0 not said. */
function sexCode(sex: Sex): number {
  return sex === 'M' ? 1 : sex === 'F' ? 2 : 0;
}

/** WeChat's "playing the same game" relation endpoints and the caller's own info. */
export const wxRelationEndpoints = [
  msdkEndpoint({
    path: 'relation/wxfriends',
    platforms: ['wx'],
    player: 'token',
    params: z.object({}),
    async handle({ services, player }) {
      const friends = await services.tencentFriends.playing(player, 'wx');
      return { openids: friends.map((f) => f.openid) };
    },
  }),
  msdkEndpoint({
    path: 'relation/wxprofile',
    platforms: ['wx'],
    player: 'token',
    params: z.object({ openids: z.array(openid).min(1).max(WX_PROFILE_MAX) }),
    async handle({ services, app, urlBase, player, params }) {
      const [profiles, caller] = await Promise.all([
        services.tencentFriends.visibleProfiles(player, 'wx', params.openids),
        services.directory.account(player.accountId),
      ]);
      const lists = profiles.map(({ player: friend, account }) => {
        const place = placeOf(account);
        return {
          nickName: account.name,
          sex: sexCode(account.sex),
          picture: avatarUrl(urlBase, 'wx', msdkCredentials(app).wxAppid, friend.wxOpenid),
          // "provice" (sic): the document's spelling, which clients read.
          provice: place.province,
          city: place.city,
          openid: friend.wxOpenid,
        };
      });
      return { country: placeOf(caller).country, language: LANGUAGE, lists, privilege: [] };
    },
  }),
  msdkEndpoint({
    path: 'relation/wxuserinfo',
    platforms: ['wx'],
    player: 'token',
    params: z.object({}),
    async handle({ services, app, urlBase, player }) {
      const info = await services.tencentFriends.userInfo(player);
      return {
        nickname: info.account.name,
        picture: avatarUrl(urlBase, 'wx', msdkCredentials(app).wxAppid, player.wxOpenid),
        province: info.place.province,
        city: info.place.city,
        country: info.place.country,
        sex: String(sexCode(info.account.sex)),
        unionid: info.unionid,
        privilege: [],
        language: LANGUAGE,
        gpsCity: info.place.city,
        openid: player.wxOpenid,
      };
    },
  }),
];
