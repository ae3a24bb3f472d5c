/**
 * What a platform knows about a player beyond the login: paid memberships, levels and flags. In
 * Guildhall operators set them per player per app; a player nobody touched has the defaults
 * (nothing on, every number 0). The dialects declare the names (their catalogue).
 */

/** The membership plans and flags dialects declare (stored by name: never rename one). */
export interface AttributeCatalog {
  /** The membership plans a player may hold. */
  readonly plans: readonly string[];
  /** A plan's highest level where it is not ATTRIBUTE_LIMITS.level. */
  readonly maxLevels?: Readonly<Record<string, number>>;
  /** The elite flags a player may carry. */
  readonly elite: readonly string[];
}

/** The catalogues of several dialects as one. */
export function mergeCatalogs(catalogs: readonly AttributeCatalog[]): AttributeCatalog {
  return {
    plans: catalogs.flatMap((c) => c.plans),
    maxLevels: Object.assign({}, ...catalogs.map((c) => c.maxLevels ?? {})) as Record<
      string,
      number
    >,
    elite: catalogs.flatMap((c) => c.elite),
  };
}

/** The highest level of the plan. */
export function maxLevel(catalog: AttributeCatalog, plan: string): number {
  return catalog.maxLevels?.[plan] ?? ATTRIBUTE_LIMITS.level;
}

/** One membership. Fields a kind does not use stay at their defaults. */
export interface Membership {
  active: boolean;
  level: number;
  /** Growth points (of plans that have them). */
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
  /** The plan's service type, for plans that have several; '' when none. */
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

export interface PlayerAttributes {
  /** By plan name (every plan of the catalogue). */
  memberships: Record<string, Membership>;
  /** The level of the player's platform account. */
  accountLevel: number;
  xinyueTier: XinyueTier;
  /** Qualified for the portable wifi offer. */
  wifi: boolean;
  realName: RealName;
  /** By flag name (every flag of the catalogue). */
  elite: Record<string, boolean>;
}

/** A partial update: what it names replaces what is stored, the rest stays. */
export interface AttributeChanges {
  memberships?: Record<string, Partial<Membership> | undefined>;
  accountLevel?: number;
  xinyueTier?: XinyueTier;
  wifi?: boolean;
  realName?: Partial<RealName>;
  elite?: Record<string, boolean | undefined>;
}

/** Bounds of the numbers an operator may set. */
export const ATTRIBUTE_LIMITS = {
  level: 100,
  score: 1_000_000_000,
  accountLevel: 255,
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

/** Video channels are numbered by the platform; a channel's secret signs its links. */
export const VIDEO_CHANNEL_MAX = 2_147_483_647;

export function defaultMembership(): Membership {
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

export function defaultAttributes(catalog: AttributeCatalog): PlayerAttributes {
  return {
    memberships: Object.fromEntries(catalog.plans.map((plan) => [plan, defaultMembership()])),
    accountLevel: 0,
    xinyueTier: 0,
    wifi: false,
    realName: { verified: false, phoneBound: false, prompt: false },
    elite: Object.fromEntries(catalog.elite.map((flag) => [flag, false])),
  };
}

/**
 * `base` with `changes` laid over it, one level of nesting deep (memberships two); names the
 * catalogue does not declare are left out.
 */
export function applyChanges(
  base: PlayerAttributes,
  changes: AttributeChanges,
  catalog: AttributeCatalog,
): PlayerAttributes {
  const memberships = { ...base.memberships };
  for (const plan of catalog.plans) {
    const change = changes.memberships?.[plan];
    if (change)
      memberships[plan] = { ...(memberships[plan] ?? defaultMembership()), ...defined(change) };
  }
  const elite = { ...base.elite };
  for (const flag of catalog.elite) {
    const change = changes.elite?.[flag];
    if (change !== undefined) elite[flag] = change;
  }
  return {
    memberships,
    accountLevel: changes.accountLevel ?? base.accountLevel,
    xinyueTier: changes.xinyueTier ?? base.xinyueTier,
    wifi: changes.wifi ?? base.wifi,
    realName: { ...base.realName, ...defined(changes.realName) },
    elite,
  };
}

/** The object without its undefined values (so that they do not overwrite). */
function defined<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(
    Object.entries(value ?? {}).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}
