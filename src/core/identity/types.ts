import type { Random } from '../runtime.js';

/**
 * A space of per-app public ids that a dialect declares (e.g. a platform's user ids): every
 * account seen by an app gets at most one id in each namespace, and an id names one account.
 */
export interface IdNamespace {
  /** `<dialect>.<what>`, e.g. `acme.userid`; stored with every id. */
  readonly name: string;
  /** The shape of a valid id (checked when ids come from outside). */
  readonly pattern: RegExp;
  /**
   * Whether an id of the namespace identifies a person (an account of a platform that knows who
   * its users are), not merely a device: such a login counts as more than a guest's.
   */
  readonly identifies?: boolean;
  mint(random: Random): string;
  /**
   * The field operators see the id under beside the player id (admin API, CLI), e.g.
   * `<dialect>_userid`; unset: not shown there.
   */
  readonly operatorField?: string;
}

/** How a token kind is renewed each time it is used. */
export interface TokenRenewal {
  /** Each use moves the expiry this much later... */
  readonly stepMs: number;
  /** ...but never past this long after the token was issued. */
  readonly maxAgeMs: number;
}

/** A kind of bearer token a dialect registers (a login code, an access token...). */
export interface TokenKind {
  /** Stored with every token of the kind; never rename one. */
  readonly name: string;
  /** How long a token lives from issue; null: until revoked. */
  readonly ttlMs: number | null;
  readonly renewal?: TokenRenewal;
  /** What the bearer may do with it, in words (shown to operators). */
  readonly authorises: string;
  mint(random: Random): string;
}

/** An account's id in one namespace of one app. */
export interface PublicId {
  appId: string;
  namespace: string;
  id: string;
  accountId: number;
  /** The account logged in under this id (not merely shown to the app, e.g. as a friend). */
  active: boolean;
}

/** A token as stored: only its hash. */
export interface TokenRecord {
  hash: string;
  kind: string;
  appId: string;
  accountId: number;
  expiresAt: number | null;
  createdAt: number;
}
