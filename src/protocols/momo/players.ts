import type { Grant, Granted } from '../../core/identity/grants.js';
import type { IdNamespace, TokenKind } from '../../core/identity/types.js';
import type { Account } from '../../core/players/types.js';
import { randomHex } from '../../core/runtime.js';
import type { Services } from '../../services.js';

const HOUR_MS = 3_600_000;

/** A player's Momo userid in an app: 16 uppercase hex digits. */
export const MOMO_USERID = 'momo.userid';

export const MOMO_TOKEN = { vtoken: 'momo_vtoken', token: 'momo_token' } as const;

export const momoNamespaces: readonly IdNamespace[] = [
  {
    name: MOMO_USERID,
    pattern: /^[0-9A-F]{16}$/,
    mint: (random) => randomHex(random, 8).toUpperCase(),
    operatorField: 'momo_userid',
  },
];

export const momoTokenKinds: readonly TokenKind[] = [
  {
    name: MOMO_TOKEN.vtoken,
    ttlMs: 24 * HOUR_MS,
    authorises: "a game server's login check (app/check) of the player, for a day",
    mint: (random) => randomHex(random, 16),
  },
  {
    name: MOMO_TOKEN.token,
    ttlMs: null,
    authorises: 'the Momo SDK session of the player (kept until revoked)',
    mint: (random) => randomHex(random, 24),
  },
];

/** Every login to an app gives the player a Momo userid and fresh Momo tokens. */
export const momoLoginGrant: Grant = {
  ids: [{ namespace: MOMO_USERID, active: true }],
  tokenKinds: [MOMO_TOKEN.vtoken, MOMO_TOKEN.token],
};

/** The `momo` block of a native login's answer: the player's userid and fresh tokens. */
export function momoLoginBlock({ ids, tokens }: Granted) {
  return {
    userid: ids[0]?.id ?? '',
    vtoken: tokens[MOMO_TOKEN.vtoken] ?? '',
    token: tokens[MOMO_TOKEN.token] ?? '',
  };
}

/** The account behind a vtoken issued to `userid` in the app (app/check). */
export function checkVtoken(
  services: Services,
  appId: string,
  userid: string,
  vtoken: string,
): Promise<Account> {
  return services.players.checkLogin(appId, MOMO_USERID, userid, vtoken, [MOMO_TOKEN.vtoken]);
}

/** Map of userid → account id, for the userids that play the app. */
export function resolveUserids(
  services: Services,
  appId: string,
  userids: readonly string[],
): Promise<Map<string, number>> {
  return services.publicIds.resolve(appId, MOMO_USERID, userids);
}

export function resolveUserid(services: Services, appId: string, userid: string): Promise<number> {
  return services.publicIds.resolveOne(appId, MOMO_USERID, userid);
}

/** Map of account id → userid, for the accounts that play the app. */
export function useridsOf(
  services: Services,
  appId: string,
  accountIds: readonly number[],
): Promise<Map<number, string>> {
  return services.publicIds.idsOf(appId, MOMO_USERID, accountIds);
}

export function accountByUserid(services: Services, appId: string, userid: string) {
  return services.directory.accountKnownAs(appId, MOMO_USERID, userid);
}
