import type { DomainErrorCode } from '../../core/errors.js';
import { wireCodeOf } from '../dialect-errors.js';
import type { DialectPlugin } from '../plugin.js';
import { XCLOUD, xcloudAppConfig } from './app-config.js';
import { xcloudEndpoints } from './endpoints.js';
import { XCLOUD_DEFAULT_ERRORS } from './errors.js';
import { xcloudIdsOfGrant, xcloudLoginGrant, xcloudNamespaces } from './players.js';
import { registerXcloudEndpoints } from './router.js';

/** The domain errors xcloud's endpoints can meet, by the core services they call. */
const XCLOUD_MEETS: readonly DomainErrorCode[] = [
  'invalid_argument',
  'app.not_found',
  'player.not_found',
  'role.bad_server',
  'identity.taken',
  'identity.already_bound',
  'identity.bad_proof',
  'identity.provider_unavailable',
  'not_found',
  'cdk.claimed_today',
  'cdk.out_of_stock',
];

/** The xcloud user center (Tecnofut): uid and gidloginid, md5-signed form calls. */
export const xcloudPlugin: DialectPlugin = {
  name: XCLOUD,
  appConfig: xcloudAppConfig,
  namespaces: xcloudNamespaces,
  tokenKinds: [],
  loginGrant: xcloudLoginGrant,
  errors: { meets: XCLOUD_MEETS, wireCode: wireCodeOf(XCLOUD_DEFAULT_ERRORS, xcloudEndpoints) },
  start: (services) => ({
    // A scope of its own, so that its error handler answers for xcloud paths only.
    register: (http) =>
      void http.register(async (scope) =>
        registerXcloudEndpoints(scope, services, xcloudEndpoints),
      ),
    login: {
      parse: () => undefined,
      answer: async ({ granted }) => granted && xcloudIdsOfGrant(granted),
    },
  }),
};
