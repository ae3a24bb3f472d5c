import type {
  AttributeCatalog,
  Membership,
  PlayerAttributes,
} from '../../core/memberships/types.js';
import { defaultMembership } from '../../core/memberships/types.js';
import type { MsdkContext } from './endpoint.js';

/** The membership plans of Tencent's platforms, as stored (never rename one). */
export const MSDK_PLANS = [
  'qq',
  'qqSuper',
  'blueDiamond',
  'redDiamond',
  'yellowDiamond',
  'game',
  'xinyue',
  'animation',
  'video',
  'wechat',
] as const;

export type MsdkPlan = (typeof MSDK_PLANS)[number];

/** What the dialect declares: its plans, their levels, its elite flags (WeChat, gamer). */
export const MSDK_ATTRIBUTES: AttributeCatalog = {
  plans: MSDK_PLANS,
  // Xinyue club levels are VIP1 to VIP3.
  maxLevels: { xinyue: 3 },
  elite: ['wechat', 'game'],
};

/** The player's membership of the plan (the defaults when none). */
export function planOf(attributes: PlayerAttributes, plan: MsdkPlan): Membership {
  return attributes.memberships[plan] ?? defaultMembership();
}

/** The documents' int flags: 1 for yes, 0 for no. */
export function bit(value: boolean): 0 | 1 {
  return value ? 1 : 0;
}

/** The platform attributes of the calling player. */
export function callerAttributes(context: MsdkContext<unknown>): Promise<PlayerAttributes> {
  return context.services.memberships.attributes(context.app.id, context.player.accountId);
}
