import type { DomainErrorCode } from '../../core/errors.js';
import { wireCodeOf } from '../dialect-errors.js';
import { msdkAppConfig } from './app-config.js';
import type { DialectPlugin } from '../plugin.js';
import { adminFreeflowEndpoints } from './admin-freeflow.js';
import { authEndpoints } from './auth.js';
import { registerAvatars } from './avatar-route.js';
import { MSDK_DEFAULT_ERRORS } from './errors.js';
import { freeflowEndpoints } from './freeflow.js';
import { qqGroupEndpoints } from './groups-qq.js';
import { legacyGroupEndpoints } from './groups-qq-legacy.js';
import { wxGroupEndpoints } from './groups-wx.js';
import { TENCENT_NAMESPACE, tencentNamespaces, tencentTokenKinds } from './identity/types.js';
import { msdkLogin, registerWxRefresh } from './login.js';
import { MSDK_ATTRIBUTES } from './memberships-fields.js';
import { membershipEndpoints } from './memberships.js';
import { relationEndpoints } from './relation.js';
import { reportEndpoints } from './reports.js';
import { describeMsdk } from './openapi.js';
import { msdkServices } from './services.js';
import { registerMsdkEndpoints } from './router.js';
import { shareEndpoints } from './share.js';
import { subscriptionEndpoints } from './subscriptions.js';

/** Every MSDK server endpoint, at /<module>/<name> (with or without a trailing slash). */
const msdkEndpoints = [
  ...authEndpoints,
  ...relationEndpoints,
  ...legacyGroupEndpoints,
  ...qqGroupEndpoints,
  ...wxGroupEndpoints,
  ...membershipEndpoints,
  ...reportEndpoints,
  ...subscriptionEndpoints,
  ...shareEndpoints,
  ...freeflowEndpoints,
];

/** The domain errors MSDK's endpoints can meet, by the core services they call. */
const MSDK_MEETS: readonly DomainErrorCode[] = [
  'invalid_argument',
  'not_found',
  'not_permitted',
  'limit.exceeded',
  'app.not_found',
  'app.bad_secret',
  'auth.bad_token',
  'auth.token_expired',
  'player.not_found',
  'friend.self',
  'group.exists',
  'group.not_found',
  'group.not_owner',
  'group.not_member',
  'group.already_member',
  'group.full',
  'group.dissolved',
  'group.not_bound',
  'group.bound',
  'group.other_app',
  'group.other_guild',
  'guild.not_found',
  'guild.not_member',
  'guild.no_leader',
];

/** Achievements are reported, and same-game friends counted, on QQ; scores feed `qq_friends`. */
const MSDK_ACHIEVEMENTS = { namespace: TENCENT_NAMESPACE.qq, board: 'qq_friends' } as const;

/** Tencent MSDK's server API (QQ, WeChat, guest): openids, openkeys, relations, guild groups. */
export const msdkPlugin: DialectPlugin = {
  name: 'msdk',
  appConfig: msdkAppConfig,
  namespaces: tencentNamespaces,
  tokenKinds: tencentTokenKinds,
  featureNamespaces: tencentNamespaces.map((namespace) => namespace.name),
  attributes: MSDK_ATTRIBUTES,
  achievements: MSDK_ACHIEVEMENTS,
  errors: { meets: MSDK_MEETS, wireCode: wireCodeOf(MSDK_DEFAULT_ERRORS, msdkEndpoints) },
  start: (core) => {
    const services = msdkServices(core);
    return {
      register(http) {
        // A scope of its own: its body parsing and error handler answer for MSDK paths only.
        void http.register(async (scope) => registerMsdkEndpoints(scope, services, msdkEndpoints));
        registerAvatars(http, services);
        registerWxRefresh(http, services);
      },
      login: msdkLogin(services.tencent),
      adminEndpoints: adminFreeflowEndpoints,
      describe: () => describeMsdk(msdkEndpoints),
    };
  },
};
