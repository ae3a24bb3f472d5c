import cookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.js';
import type { Dialect } from '../plugin.js';
import { adminEndpoints } from './admin.js';
import { adminAppStoreEndpoints } from './admin-app-store.js';
import { adminConsoleEndpoints } from './admin-console.js';
import { adminDeviceEndpoints } from './admin-devices.js';
import { adminBoardEndpoints } from './admin-boards.js';
import { adminDashboardEndpoints } from './admin-dashboard.js';
import { adminMembershipEndpoints } from './admin-memberships.js';
import { adminOrderEndpoints } from './admin-orders.js';
import { adminPlayerAccessEndpoints } from './admin-player-access.js';
import { adminPlayerOverviewEndpoints } from './admin-player-overview.js';
import { adminGooglePlayEndpoints } from './admin-google-play.js';
import { storeNotificationEndpoints } from './store-notifications.js';
import { adminPushEndpoints } from './admin-push.js';
import { adminPrivacyEndpoints } from './admin-privacy.js';
import { adminReportEndpoints } from './admin-reports.js';
import { adminStatsEndpoints } from './admin-stats.js';
import { adminSubscriptionEndpoints } from './admin-subscriptions.js';
import { adminSharingEndpoints } from './admin-sharing.js';
import { clientEndpoints } from './client.js';
import { identityEndpoints } from './identities.js';
import { clientFriendEndpoints } from './client-friends.js';
import { clientLeaderboardEndpoints } from './client-leaderboards.js';
import { clientMessagingEndpoints } from './client-messaging.js';
import { clientOrderEndpoints } from './client-orders.js';
import type { NativeEndpoint } from './endpoint.js';
import { adminGroupEndpoints, clientGroupEndpoints } from './groups.js';
import { adminGuildEndpoints } from './guilds.js';
import { adminRoleEndpoints, clientRoleEndpoints } from './roles.js';
import { shareMediaEndpoints } from './share-media.js';
import { operatorAuth, runAdminEndpoint } from './operators.js';
import { clientSession } from './validation.js';

/** Every native REST endpoint: the client API, share media and the admin API. */
export const nativeEndpoints: readonly NativeEndpoint[] = [
  ...clientEndpoints,
  ...identityEndpoints,
  ...clientFriendEndpoints,
  ...clientOrderEndpoints,
  ...clientMessagingEndpoints,
  ...clientLeaderboardEndpoints,
  ...clientGroupEndpoints,
  ...clientRoleEndpoints,
  ...shareMediaEndpoints,
  ...adminEndpoints,
  ...adminBoardEndpoints,
  ...adminOrderEndpoints,
  ...adminDeviceEndpoints,
  ...adminPushEndpoints,
  ...adminGooglePlayEndpoints,
  ...storeNotificationEndpoints,
  ...adminAppStoreEndpoints,
  ...adminGroupEndpoints,
  ...adminGuildEndpoints,
  ...adminReportEndpoints,
  ...adminSubscriptionEndpoints,
  ...adminMembershipEndpoints,
  ...adminRoleEndpoints,
  ...adminSharingEndpoints,
  ...adminStatsEndpoints,
  ...adminConsoleEndpoints,
  ...adminDashboardEndpoints,
  ...adminPlayerAccessEndpoints,
  ...adminPlayerOverviewEndpoints,
  ...adminPrivacyEndpoints,
];

/** The public and client routes. */
export function clientRoutes(): NativeEndpoint[] {
  return nativeEndpoints.filter((e) => e.access !== 'admin');
}

/** The routes behind the admin token: the native admin table and the dialects' operator routes. */
export function adminRoutes(dialects: ReadonlyMap<string, Dialect>): NativeEndpoint[] {
  return [
    ...nativeEndpoints.filter((e) => e.access === 'admin'),
    ...[...dialects.values()].flatMap((dialect) => dialect.adminEndpoints ?? []),
  ];
}

export interface NativeOptions {
  /**
   * Hash of the admin bearer token; admin routes answer 401 to everything without it or a
   * console session.
   */
  adminTokenHash: string;
}

/** Registers endpoints as routes; a client endpoint first authenticates the session. */
function registerEndpoints(
  app: FastifyInstance,
  services: Services,
  endpoints: readonly NativeEndpoint[],
): void {
  for (const endpoint of endpoints) {
    app.route({
      method: endpoint.method,
      url: endpoint.url,
      handler: async (request, reply) => {
        if (endpoint.access === 'client') {
          const session = await clientSession(services, request);
          return endpoint.handle({ services, request, reply, session });
        }
        if (endpoint.access === 'admin')
          return runAdminEndpoint(endpoint, { services, request, reply });
        return endpoint.handle({ services, request, reply });
      },
    });
  }
}

/**
 * The native REST API. Public and client routes go on `app`; admin routes go in a scope of
 * their own whose onRequest hook checks the admin token.
 */
export async function registerNative(
  app: FastifyInstance,
  services: Services,
  options: NativeOptions,
): Promise<void> {
  registerEndpoints(app, services, clientRoutes());
  await app.register(async (admin) => {
    // Cookies are parsed in the operators' scope only: the game-facing routes never pay for it.
    await admin.register(cookie);
    admin.addHook('onRequest', operatorAuth(services, options.adminTokenHash));
    registerEndpoints(admin, services, adminRoutes(services.dialects));
  });
}
