import type { DomainErrorCode } from '../../core/errors.js';
import { wireCodeOf } from '../dialect-errors.js';
import type { DialectPlugin } from '../plugin.js';
import { XCLOUD, xcloudAppConfig } from './app-config.js';
import { xcloudEndpoints } from './endpoints.js';
import { XCLOUD_DEFAULT_ERRORS } from './errors.js';
import { LANDING_ERRORS } from './landing/calls.js';
import { registerLanding } from './landing/routes.js';
import { describeXcloud } from './openapi.js';
import { xcloudIdsOfGrant, xcloudLoginGrant, xcloudNamespaces } from './players.js';
import { xcloudRefundHandler, xcloudRewardHandler } from './reward.js';
import { registerXcloudEndpoints } from './router.js';

/** The domain errors xcloud's endpoints can meet, by the core services they call. */
const XCLOUD_MEETS: readonly DomainErrorCode[] = [
  'invalid_argument',
  'app.not_found',
  'player.not_found',
  'player.banned',
  'role.bad_server',
  'identity.taken',
  'identity.already_bound',
  'identity.bad_proof',
  'identity.provider_unavailable',
  'not_found',
  'cdk.claimed_today',
  'cdk.out_of_stock',
  'auth.bad_credentials',
  'player.exists',
  'auth.bad_token',
  'mail.not_configured',
  'mail.send_failed',
  'order.duplicate',
  'order.not_found',
  'order.already_paid',
  'order.duplicate_transaction',
  'purchase.invalid',
  'purchase.store_unavailable',
  'purchase.not_configured',
];

const endpointWireCode = wireCodeOf(XCLOUD_DEFAULT_ERRORS, xcloudEndpoints);

/** The xcloud user center (Tecnofut): uid and gidloginid, md5-signed form calls. */
export const xcloudPlugin: DialectPlugin = {
  name: XCLOUD,
  appConfig: xcloudAppConfig,
  namespaces: xcloudNamespaces,
  tokenKinds: [],
  loginGrant: xcloudLoginGrant,
  errors: {
    meets: XCLOUD_MEETS,
    wireCode: (code) => endpointWireCode(code) ?? LANDING_ERRORS[code],
  },
  start: (services) => ({
    // A scope of its own, so that its error handler answers for xcloud paths only.
    register: (http) => {
      void http.register(async (scope) =>
        registerXcloudEndpoints(scope, services, xcloudEndpoints),
      );
      void http.register(async (scope) => registerLanding(scope, services));
    },
    login: {
      parse: () => undefined,
      answer: async ({ granted }) => granted && xcloudIdsOfGrant(granted),
    },
    outboxHandlers: [xcloudRewardHandler(services), xcloudRefundHandler(services)],
    describe: () => describeXcloud(xcloudEndpoints),
  }),
};
