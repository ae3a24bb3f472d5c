import { z } from 'zod';
import type { TencentPlatform } from './identity/types.js';
import { tencentOpenid } from './identity/types.js';
import { msdkEndpoint } from './endpoint.js';
import { MSDK_RET, MsdkFailure } from './errors.js';
import { bit, callerAttributes, planOf } from './memberships-fields.js';
import { int, str } from './params.js';

/** get_xinyue_super's access_type: 1 mobile QQ, 2 WeChat. */
const ACCESS_TYPES: Record<number, TencentPlatform> = { 1: 'qq', 2: 'wx' };

/** WeChat privileges and elite flags, and the Xinyue club's levels (QQ and WeChat). */
export const wxMembershipEndpoints = [
  msdkEndpoint({
    path: 'profile/wxget_vip',
    platforms: ['wx'],
    player: 'token',
    // optype 1 (the caller and the friends playing the game) is the only one there is.
    params: z.object({ json: z.object({ optype: int(1, 1) }) }),
    async handle({ services, app, player }) {
      const friends = await services.tencentFriends.playingIds(player, 'wx');
      const players = [player, ...friends.map((f) => f.player)];
      const attributes = await services.memberships.attributesOf(
        app.id,
        players.map((p) => p.accountId),
      );
      return {
        data: {
          vipinfo: players.map((p) => {
            const wechat = attributes.get(p.accountId)?.memberships['wechat'];
            const level = wechat?.level ?? 0;
            // The document says the logo URLs are unused; Guildhall has no VIP logos to show.
            return {
              openid: p.wxOpenid,
              level,
              score: wechat?.score ?? 0,
              nick: `VIP${level}`,
              logo_url: '',
              logo_faceurl: '',
            };
          }),
        },
      };
    },
  }),
  msdkEndpoint({
    path: 'profile/wxget_eliteinfo',
    platforms: ['wx'],
    player: 'token',
    params: z.object({}),
    async handle(context) {
      const { elite } = await callerAttributes(context);
      return {
        data: { wx_elite: bit(elite['wechat'] === true), game_elite: bit(elite['game'] === true) },
      };
    },
  }),
  msdkEndpoint({
    path: 'profile/get_xinyue_super',
    platforms: ['qq', 'wx'],
    player: 'token',
    params: z.object({ access_type: int(1, 2), trace_id: str(256).optional() }),
    async handle(context) {
      const { appPlatform, params, player } = context;
      if (ACCESS_TYPES[params.access_type] !== appPlatform) {
        throw new MsdkFailure(
          MSDK_RET.parameterError,
          `access_type ${params.access_type} does not match the appid`,
        );
      }
      const { xinyueTier } = await callerAttributes(context);
      return {
        openid: tencentOpenid(player, appPlatform),
        ilevel: xinyueTier,
        trace_id: params.trace_id ?? '',
      };
    },
  }),
  msdkEndpoint({
    path: 'profile/get_wx_xinyue_vip',
    platforms: ['wx'],
    player: 'token',
    params: z.object({ serial: str(256).optional() }),
    // As the document's example answers.
    okMessage: 'success.',
    async handle(context) {
      const xinyue = planOf(await callerAttributes(context), 'xinyue');
      return { ilevel: xinyue.active ? xinyue.level : 0, serial: context.params.serial ?? '' };
    },
  }),
];
