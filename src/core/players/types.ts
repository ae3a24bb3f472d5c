/** How the account was first made: a device, an email and password, a third-party identity. */
export type AccountKind = 'guest' | 'password' | 'external';

export type Sex = 'M' | 'F' | '';

/** Registration states: 1 one-tap login, 2 one-tap with a bound phone, 3 fully registered. */
export const REGSTATE_GUEST = 1;
export const REGSTATE_REGISTERED = 3;

export interface Location {
  lat: number;
  lng: number;
  /** Unix ms of the last location report. */
  at: number;
}

export interface Account {
  id: number;
  publicId: string;
  kind: AccountKind;
  name: string;
  sex: Sex;
  birthday: string | null;
  photos: string[];
  sign: string;
  areaId: number | null;
  location: Location | null;
  regstate: number;
  vip: number;
  isSpam: boolean;
  profileVersion: number;
  createdAt: number;
  /** The operator's latest ban, lifted or not (see banInForce); null: never banned or unbanned. */
  ban: Ban | null;
}

/** An operator's ban: while in force, the account cannot log in and has no tokens. */
export interface Ban {
  /** Unix ms. */
  at: number;
  /** Unix ms the ban ends by itself; null: until an operator lifts it. */
  until: number | null;
  reason: string;
}

/** Whether the ban keeps the account out at `now`. */
export function banInForce(ban: Ban | null, now: number): boolean {
  return ban !== null && (ban.until === null || ban.until > now);
}

/** An account that plays an app. */
export interface AppPlayer {
  appId: string;
  accountId: number;
}

export interface ProfileChanges {
  name?: string;
  sex?: Sex;
  birthday?: string | null;
  photos?: string[];
  sign?: string;
  areaId?: number | null;
  location?: { lat: number; lng: number } | null;
}

export interface PlatformAttributes {
  vip?: number;
  regstate?: number;
  isSpam?: boolean;
}
