import { z } from 'zod';
import { avatarUrl } from './avatars.js';
import { msdkEndpoint } from './endpoint.js';
import { bit, callerAttributes, planOf } from './memberships-fields.js';
import { openid } from './params.js';
import { msdkCredentials } from './app-config.js';

/** 001 takes up to 50 fopenids, 002 up to 49: both are taken. */
const MAX_FOPENIDS = 50;

const VIP_SERVICES = ['qq_vip', 'qq_svip'] as const;

/** qqfriends_vip's flags: services joined by ',', none meaning all. */
const vipServices = z
  .string()
  .optional()
  .transform((flags) =>
    (flags ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.enum(VIP_SERVICES)))
  .transform((asked) => new Set(asked.length === 0 ? VIP_SERVICES : asked));

/** A term's start and end as get_vip_rich_info shows them: unix seconds in strings. */
function term(prefix: string, since: number, until: number) {
  return { [`${prefix}_start`]: String(since), [`${prefix}_end`]: String(until) };
}

/** Hands the blue-diamond gift packs an operator granted over, once. */
function giftEndpoint(path: string) {
  return msdkEndpoint({
    path,
    platforms: ['qq'],
    player: 'openid',
    params: z.object({}),
    async handle({ services, app, player }) {
      const gifts = await services.memberships.collectGiftPacks(app.id, player.accountId);
      return {
        GiftPackList: gifts.map((g) => ({ giftId: g.giftId, giftCount: String(g.count) })),
      };
    },
  });
}

/** QQ profile, memberships, gift packs and the wifi offer (relation/... and profile/...). */
export const qqMembershipEndpoints = [
  msdkEndpoint({
    path: 'relation/qqprofile',
    platforms: ['qq'],
    player: 'token',
    params: z.object({}),
    async handle(context) {
      const { services, player, app, urlBase } = context;
      const [account, attributes] = await Promise.all([
        services.directory.account(player.accountId),
        callerAttributes(context),
      ]);
      const yellow = planOf(attributes, 'yellowDiamond');
      const picture = (size: number) =>
        avatarUrl(urlBase, 'qq', msdkCredentials(app).qqAppid, player.qqOpenid, size);
      return {
        nickName: account.name,
        // The real service answers in Chinese, "男" when it does not know.
        gender: account.sex === 'F' ? '女' : '男',
        picture40: picture(40),
        picture100: picture(100),
        yellow_vip: bit(yellow.active),
        yellow_vip_level: yellow.level,
        yellow_year_vip: bit(yellow.yearly),
        is_lost: '0',
      };
    },
  }),
  msdkEndpoint({
    path: 'relation/qqfriends_vip',
    platforms: ['qq'],
    player: 'token',
    params: z.object({
      fopenids: z.array(openid).min(1).max(MAX_FOPENIDS),
      flags: vipServices,
    }),
    async handle({ services, app, params }) {
      // Friends or not: 002 says any player of the app may be asked about.
      const players = (await services.tencentFriends.profiles(app.id, 'qq', params.fopenids)).map(
        (p) => p.player,
      );
      const attributes = await services.memberships.attributesOf(
        app.id,
        players.map((p) => p.accountId),
      );
      const lists = players.flatMap((player) => {
        const found = attributes.get(player.accountId);
        if (!found) return [];
        const [qq, qqSuper] = [planOf(found, 'qq'), planOf(found, 'qqSuper')];
        return [
          {
            openid: player.qqOpenid,
            ...(params.flags.has('qq_vip') && {
              is_qq_vip: bit(qq.active),
              ...(qq.active && { qq_vip_level: qq.level }),
              is_qq_year_vip: bit(qq.yearly),
            }),
            ...(params.flags.has('qq_svip') && { is_qq_svip: bit(qqSuper.active) }),
          },
        ];
      });
      return { lists, is_lost: '0' };
    },
  }),
  msdkEndpoint({
    path: 'relation/get_vip_rich_info',
    platforms: ['qq'],
    player: 'token',
    params: z.object({}),
    async handle(context) {
      const attributes = await callerAttributes(context);
      const [qq, qqSuper] = [planOf(attributes, 'qq'), planOf(attributes, 'qqSuper')];
      return {
        is_qq_vip: String(bit(qq.active)),
        ...term('qq_vip', qq.since, qq.until),
        ...term('qq_year_vip', qq.yearlySince, qq.yearlyUntil),
        ...term('qq_svip', qqSuper.since, qqSuper.until),
        is_qq_year_vip: String(bit(qq.yearly)),
        is_svip: String(bit(qqSuper.active)),
        is_lost: '0',
      };
    },
  }),
  giftEndpoint('profile/get_gift'),
  // 001's table gives this URL (its example the one above): both are served.
  giftEndpoint('relation/get_gift'),
  msdkEndpoint({
    path: 'profile/get_wifi',
    platforms: ['qq'],
    player: 'openid',
    params: z.object({}),
    async handle(context) {
      return { wifiVip: bit((await callerAttributes(context)).wifi) };
    },
  }),
];
