import { z } from 'zod';
import type { Membership, PlayerAttributes } from '../../core/memberships/types.js';
import { msdkEndpoint } from './endpoint.js';
import { bit, callerAttributes, planOf } from './memberships-fields.js';
import { int } from './params.js';

interface VipFields {
  isvip: 0 | 1;
  year: 0 | 1;
  level: number;
  luxury: 0 | 1;
  ispay: 0 | 1;
}

function membership(m: Membership, paying = false): VipFields {
  return {
    isvip: bit(m.active),
    year: bit(m.yearly),
    level: m.level,
    luxury: bit(m.luxury),
    ispay: bit(paying && m.active),
  };
}

/** A flag that carries only a level (QQ level, Xinyue tier): on when the level is. */
function levelOnly(level: number): VipFields {
  return { isvip: bit(level > 0), year: 0, level, luxury: 0, ispay: 0 };
}

/**
 * The `vip` bits of load_vip (001) and query_vip (002), in ascending order, and what each
 * shows. Both endpoints take every bit either document lists.
 */
const VIP_FLAGS: readonly [flag: number, fields: (a: PlayerAttributes) => VipFields][] = [
  [0x001, (a) => membership(planOf(a, 'qq'))],
  [0x002, (a) => levelOnly(a.accountLevel)],
  [0x004, (a) => membership(planOf(a, 'blueDiamond'))],
  [0x008, (a) => membership(planOf(a, 'redDiamond'))],
  [0x010, (a) => membership(planOf(a, 'qqSuper'))],
  [0x020, (a) => membership(planOf(a, 'game'), true)],
  [0x040, (a) => membership(planOf(a, 'xinyue'))],
  [0x080, (a) => membership(planOf(a, 'yellowDiamond'))],
  [0x100, (a) => membership(planOf(a, 'animation'))],
  [0x200, (a) => levelOnly(a.xinyueTier)],
];

const KNOWN_BITS = VIP_FLAGS.reduce((mask, [flag]) => mask | flag, 0);

/** `vip`: a bit set naming at least one known flag (unknown bits are ignored). */
const vipBits = int(1, 2 ** 31 - 1).refine((vip) => (vip & KNOWN_BITS) !== 0, {
  message: `must name at least one of the flags ${VIP_FLAGS.map(([flag]) => flag).join(', ')}`,
});

function asked(vip: number, attributes: PlayerAttributes) {
  return VIP_FLAGS.filter(([flag]) => (vip & flag) !== 0).map(([flag, fields]) => ({
    flag,
    ...fields(attributes),
  }));
}

/** The caller's memberships per requested flag. The examples answer msg "": so does Guildhall. */
export const vipFlagEndpoints = [
  msdkEndpoint({
    path: 'profile/load_vip',
    platforms: ['qq'],
    player: 'token',
    // login (2) and uin (0) are fixed values of the openid account system.
    params: z.object({
      vip: vipBits,
      login: int(0, 2 ** 31 - 1).optional(),
      uin: int(0, 2 ** 53 - 1).optional(),
    }),
    okMessage: '',
    async handle(context) {
      const attributes = await callerAttributes(context);
      return {
        lists: asked(context.params.vip, attributes).map((entry) => ({
          ...entry,
          // The QQ level (crowns, suns, ...) rides on the membership's entry only.
          qqLevel: entry.flag === 0x001 ? attributes.accountLevel : 0,
        })),
      };
    },
  }),
  msdkEndpoint({
    path: 'profile/query_vip',
    platforms: ['qq'],
    player: 'token',
    params: z.object({ vip: vipBits }),
    okMessage: '',
    async handle(context) {
      const attributes = await callerAttributes(context);
      return {
        lists: asked(context.params.vip, attributes).map(
          ({ flag, year, level, luxury, isvip }) => ({
            flag,
            year,
            level,
            luxury,
            isvip,
          }),
        ),
      };
    },
  }),
];
