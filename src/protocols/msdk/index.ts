import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.js';
import { authEndpoints } from './auth.js';
import { freeflowEndpoints } from './freeflow.js';
import { qqGroupEndpoints } from './groups-qq.js';
import { legacyGroupEndpoints } from './groups-qq-legacy.js';
import { wxGroupEndpoints } from './groups-wx.js';
import { membershipEndpoints } from './memberships.js';
import { relationEndpoints } from './relation.js';
import { reportEndpoints } from './reports.js';
import { registerMsdkEndpoints } from './router.js';
import { shareEndpoints } from './share.js';
import { subscriptionEndpoints } from './subscriptions.js';

/** Every MSDK server endpoint, at /<module>/<name> (with or without a trailing slash). */
export function registerMsdk(app: FastifyInstance, services: Services): void {
  // A scope of its own: its body parsing and error handler answer for MSDK paths only.
  void app.register(async (msdk) =>
    registerMsdkEndpoints(msdk, services, [
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
    ]),
  );
}
