import type { DomainErrorCode } from '../../core/errors.js';
import { wireCodeOf } from '../dialect-errors.js';
import { momoAppConfig } from './app-config.js';
import type { DialectPlugin } from '../plugin.js';
import { momoAdminEndpoints } from './admin.js';
import { cardEndpoints } from './cards.js';
import { MOMO_DEFAULT_ERRORS } from './errors.js';
import { giftEndpoints } from './gifts.js';
import { groupEndpoints } from './groups.js';
import { identityEndpoints } from './identity.js';
import { leaderboardEndpoints } from './leaderboards.js';
import { messageEndpoints } from './messages.js';
import { describeMomo } from './openapi.js';
import { momoPayNotifyHandler } from './pay-notify.js';
import { momoLoginBlock, momoLoginGrant, momoNamespaces, momoTokenKinds } from './players.js';
import { pushEndpoints } from './push.js';
import { registerMomoEndpoints } from './router.js';
import { tradeEndpoints } from './trade.js';

/** Every Momo server endpoint, under /game/2/server/. */
const momoEndpoints = [
  ...identityEndpoints,
  ...leaderboardEndpoints,
  ...cardEndpoints,
  ...giftEndpoints,
  ...groupEndpoints,
  ...messageEndpoints,
  ...pushEndpoints,
  ...tradeEndpoints,
];

/** The domain errors Momo's endpoints can meet, by the core services they call. */
const MOMO_MEETS: readonly DomainErrorCode[] = [
  'invalid_argument',
  'app.not_found',
  'app.bad_secret',
  'auth.bad_token',
  'auth.token_expired',
  'player.not_found',
  'player.no_location',
  'leaderboard.too_many',
  'gift.not_configured',
  'group.exists',
  'group.not_found',
  'group.guest_owner',
  'group.not_owner',
  'group.not_member',
  'group.already_member',
  'group.owner_cannot_leave',
  'group.full',
  'payment.bills_disabled',
  'push.bad_certificate',
];

/** The Momo game platform's server API (v1.5.2): userids, vtokens, pay notifications. */
export const momoPlugin: DialectPlugin = {
  name: 'momo',
  appConfig: momoAppConfig,
  namespaces: momoNamespaces,
  tokenKinds: momoTokenKinds,
  loginGrant: momoLoginGrant,
  errors: { meets: MOMO_MEETS, wireCode: wireCodeOf(MOMO_DEFAULT_ERRORS, momoEndpoints) },
  start: (services) => ({
    // A scope of its own, so that its error handler answers for Momo paths only.
    register: (http) =>
      void http.register(async (scope) => registerMomoEndpoints(scope, services, momoEndpoints)),
    login: {
      parse: () => undefined,
      answer: async ({ granted }) => granted && momoLoginBlock(granted),
    },
    adminEndpoints: momoAdminEndpoints,
    outboxHandlers: [momoPayNotifyHandler(services)],
    describe: () => describeMomo(momoEndpoints),
  }),
};
