/**
 * What Tencent's platforms know about a player beyond the login: paid memberships, levels and
 * flags. In Guildhall operators set them per player per app; a player nobody touched has the
 * defaults (nothing on, every number 0).
 */

/** The memberships a player may hold. */
export const MEMBERSHIP_KINDS = [
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

export type MembershipKind = (typeof MEMBERSHIP_KINDS)[number];

/** One membership. Fields a kind does not use stay at their defaults. */
export interface Membership {
  active: boolean;
  level: number;
  /** Growth points (Tencent Video, WeChat privileges). */
  score: number;
  /** Paid by the year. */
  yearly: boolean;
  /** The luxury edition. */
  luxury: boolean;
  /** Unix seconds of the last payment and of the end of the term; 0 when unknown. */
  since: number;
  until: number;
  /** The same for the yearly term. */
  yearlySince: number;
  yearlyUntil: number;
  /** The plan's name (Tencent Video's service type); '' when none. */
  plan: string;
}

/** Super-R tiers of the Xinyue club: none, super R, top R. */
export const XINYUE_TIERS = [0, 10, 11] as const;
export type XinyueTier = (typeof XINYUE_TIERS)[number];

/** What the platform knows of the player's real-name registration. */
export interface RealName {
  verified: boolean;
  phoneBound: boolean;
  /** The game should show its first-login notice after registration. */
  prompt: boolean;
}

export interface Elite {
  /** An elite WeChat user. */
  wechat: boolean;
  /** An elite gamer. */
  game: boolean;
}

export interface PlayerAttributes {
  memberships: Record<MembershipKind, Membership>;
  /** The QQ account's level (its crowns, suns, moons and stars). */
  qqLevel: number;
  xinyueTier: XinyueTier;
  /** Qualified for the portable wifi offer. */
  wifi: boolean;
  realName: RealName;
  elite: Elite;
}

/** A partial update: what it names replaces what is stored, the rest stays. */
export interface AttributeChanges {
  memberships?: Partial<Record<MembershipKind, Partial<Membership>>>;
  qqLevel?: number;
  xinyueTier?: XinyueTier;
  wifi?: boolean;
  realName?: Partial<RealName>;
  elite?: Partial<Elite>;
}

/** Bounds of the numbers an operator may set. */
export const ATTRIBUTE_LIMITS = {
  level: 100,
  /** Xinyue club levels are VIP1 to VIP3. */
  xinyueLevel: 3,
  score: 1_000_000_000,
  qqLevel: 255,
  /** Unix seconds: up to 2100-01-01. */
  time: 4_102_444_800,
  plan: 64,
} as const;

/** A gift pack an operator granted, waiting for the game to collect it. */
export interface GiftPack {
  giftId: string;
  count: number;
  /** Unix ms. */
  grantedAt: number;
}

/** What one collection hands over: the packs of one gift id, counted together. */
export interface CollectedGift {
  giftId: string;
  count: number;
}

export const GIFT_LIMITS = { giftId: 64, count: 1_000_000 } as const;

/** Tencent Video channels are numbered by Tencent; a channel's secret signs its links. */
export const VIDEO_CHANNEL_MAX = 2_147_483_647;

function defaultMembership(): Membership {
  return {
    active: false,
    level: 0,
    score: 0,
    yearly: false,
    luxury: false,
    since: 0,
    until: 0,
    yearlySince: 0,
    yearlyUntil: 0,
    plan: '',
  };
}

export function defaultAttributes(): PlayerAttributes {
  return {
    memberships: Object.fromEntries(
      MEMBERSHIP_KINDS.map((kind) => [kind, defaultMembership()]),
    ) as Record<MembershipKind, Membership>,
    qqLevel: 0,
    xinyueTier: 0,
    wifi: false,
    realName: { verified: false, phoneBound: false, prompt: false },
    elite: { wechat: false, game: false },
  };
}

/** `base` with `changes` laid over it, one level of nesting deep (memberships two). */
export function applyChanges(base: PlayerAttributes, changes: AttributeChanges): PlayerAttributes {
  const memberships = { ...base.memberships };
  for (const kind of MEMBERSHIP_KINDS) {
    const change = changes.memberships?.[kind];
    if (change) memberships[kind] = { ...memberships[kind], ...defined(change) };
  }
  return {
    memberships,
    qqLevel: changes.qqLevel ?? base.qqLevel,
    xinyueTier: changes.xinyueTier ?? base.xinyueTier,
    wifi: changes.wifi ?? base.wifi,
    realName: { ...base.realName, ...defined(changes.realName) },
    elite: { ...base.elite, ...defined(changes.elite) },
  };
}

/** The object without its undefined values (so that they do not overwrite). */
function defined<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(
    Object.entries(value ?? {}).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}
