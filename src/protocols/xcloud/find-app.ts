import type { App } from '../../core/apps/types.js';
import type { Services } from '../../services.js';
import { XCLOUD, xcloudCredentials } from './app-config.js';
import { XcloudFailure } from './failure.js';
import { XCLOUD_GIDLOGINID, XCLOUD_UID } from './players.js';
import { signMatches } from './sign.js';
import { XCLOUD_STATUS } from './status.js';

type Fields = Readonly<Record<string, string>>;

/** The ids a call may name its app by, in the order they are tried, and the status when unknown. */
const APP_IDS: readonly { field: string; credential: string; unknown: number }[] = [
  { field: 'gameid', credential: 'gid', unknown: XCLOUD_STATUS.badKey },
  { field: 'gid', credential: 'gid', unknown: XCLOUD_STATUS.badKey },
  { field: 'app_id', credential: 'app_id', unknown: XCLOUD_STATUS.badAppId },
];
const PLAYER_IDS: readonly { field: string; namespace: string }[] = [
  { field: 'uid', namespace: XCLOUD_UID },
  { field: 'gidloginid', namespace: XCLOUD_GIDLOGINID },
];

/**
 * The app named by the call's first game id (`gameid`, `gid`, `app_id`); undefined when it
 * names none; 108 (unknown game) or 110 (unknown app_id) when no app has it.
 */
export async function appOfGameIds(services: Services, fields: Fields): Promise<App | undefined> {
  for (const { field, credential, unknown } of APP_IDS) {
    const value = fields[field];
    if (!value) continue;
    const app = await services.apps.findByCredential(XCLOUD, credential, value);
    if (!app) throw new XcloudFailure(unknown, `no app with ${field} ${value}`);
    return app;
  }
  return undefined;
}

/** The apps the call names by its first id (undefined: it names none), else why none. */
async function namedApps(services: Services, fields: Fields): Promise<App[] | undefined> {
  const app = await appOfGameIds(services, fields);
  if (app) return [app];
  for (const { field, namespace } of PLAYER_IDS) {
    const value = fields[field];
    if (!value) continue;
    const holders = await services.publicIds.inEveryApp(namespace, value);
    if (holders.length === 0)
      throw new XcloudFailure(XCLOUD_STATUS.noSuchUser, `no ${field} ${value}`);
    const appIds = [...new Set(holders.map((holder) => holder.appId))];
    return Promise.all(appIds.map((id) => services.apps.get(id)));
  }
  return undefined;
}

/**
 * The app a call belongs to: among the apps its ids name (`gameid`/`gid`, `app_id`, `uid`,
 * `gidloginid`, in that order), the one whose key verifies its sign. A call that names none is
 * tried against every app's key. No such app: the id's status (108 unknown game, 110 unknown
 * app_id, 116 unknown player); an id that names apps whose keys all fail: 105; no app's key
 * verifies a call without ids: 108.
 */
export async function findApp(services: Services, fields: Fields, signed: Fields): Promise<App> {
  const sign = fields.sign ?? '';
  const named = await namedApps(services, fields);
  const apps = named ?? (await services.apps.list());
  const app = apps.find((a) => signMatches(signed, xcloudCredentials(a).key, sign));
  if (app) return app;
  throw new XcloudFailure(named ? XCLOUD_STATUS.badSign : XCLOUD_STATUS.badKey);
}
