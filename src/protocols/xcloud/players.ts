import type { App } from '../../core/apps/types.js';
import type { Grant, Granted } from '../../core/identity/grants.js';
import type { IdNamespace } from '../../core/identity/types.js';
import type { Random } from '../../core/runtime.js';
import type { Services } from '../../services.js';
import { XcloudFailure } from './failure.js';
import { XCLOUD_STATUS } from './status.js';

/** A player's user id in an app: the `uid` of every call. */
export const XCLOUD_UID = 'xcloud.uid';
/** The id of the player's login record in an app (`gidloginid`), named beside the uid. */
export const XCLOUD_GIDLOGINID = 'xcloud.gidloginid';

/** A decimal number of `digits` digits, not starting with 0. */
function decimal(random: Random, digits: number): string {
  let id = String(random.int(1, 10));
  for (let i = 1; i < digits; i += 1) id += String(random.int(0, 10));
  return id;
}

export const xcloudNamespaces: readonly IdNamespace[] = [
  {
    name: XCLOUD_UID,
    pattern: /^[1-9][0-9]{9}$/,
    mint: (random) => decimal(random, 10),
    operatorField: 'xcloud_uid',
  },
  {
    name: XCLOUD_GIDLOGINID,
    pattern: /^[1-9][0-9]{11}$/,
    mint: (random) => decimal(random, 12),
  },
];

/** Every login to an app gives the player a uid and a gidloginid (no token: the document has none). */
export const xcloudLoginGrant: Grant = {
  ids: [
    { namespace: XCLOUD_UID, active: true },
    { namespace: XCLOUD_GIDLOGINID, active: true },
  ],
  tokenKinds: [],
};

export interface XcloudIds {
  uid: string;
  gidloginid: string;
}

/** The `xcloud` block of a login's answer. */
export function xcloudIdsOfGrant({ ids }: Granted): XcloudIds {
  return {
    uid: ids.find((id) => id.namespace === XCLOUD_UID)?.id ?? '',
    gidloginid: ids.find((id) => id.namespace === XCLOUD_GIDLOGINID)?.id ?? '',
  };
}

/** The player's uid and gidloginid in the app, given the first time. */
export async function xcloudIdsOf(
  services: Services,
  appId: string,
  accountId: number,
): Promise<XcloudIds> {
  return xcloudIdsOfGrant(await services.grants.grant(appId, accountId, xcloudLoginGrant));
}

async function accountKnownAs(
  services: Services,
  app: App,
  namespace: string,
  id: string,
): Promise<number> {
  const found = await services.publicIds.resolve(app.id, namespace, [id]);
  return found.get(id) ?? failUnknown(namespace);
}

function failUnknown(namespace: string): never {
  throw new XcloudFailure(XCLOUD_STATUS.noSuchUser, `no such ${namespace.split('.')[1] ?? ''}`);
}

/** The account behind a uid of the app; 116 when the app has no such uid. */
export function accountOfUid(services: Services, app: App, uid: string): Promise<number> {
  return accountKnownAs(services, app, XCLOUD_UID, uid);
}

/** The account behind uid and gidloginid, which must name the same player (else 116). */
export async function accountOfUidAndLogin(
  services: Services,
  app: App,
  uid: string,
  gidloginid: string,
): Promise<number> {
  const [byUid, byLogin] = await Promise.all([
    accountKnownAs(services, app, XCLOUD_UID, uid),
    accountKnownAs(services, app, XCLOUD_GIDLOGINID, gidloginid),
  ]);
  if (byUid !== byLogin)
    throw new XcloudFailure(XCLOUD_STATUS.noSuchUser, "gidloginid is not this uid's");
  return byUid;
}
