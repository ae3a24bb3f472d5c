import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.js';
import { cardEndpoints } from './cards.js';
import { giftEndpoints } from './gifts.js';
import { groupEndpoints } from './groups.js';
import { identityEndpoints } from './identity.js';
import { leaderboardEndpoints } from './leaderboards.js';
import { messageEndpoints } from './messages.js';
import { pushEndpoints } from './push.js';
import { registerMomoEndpoints } from './router.js';
import { tradeEndpoints } from './trade.js';

/** Every Momo server endpoint, under /game/2/server/. */
export function registerMomo(app: FastifyInstance, services: Services): void {
  // A scope of its own, so that its error handler answers for Momo paths only.
  void app.register(async (momo) =>
    registerMomoEndpoints(momo, services, [
      ...identityEndpoints,
      ...leaderboardEndpoints,
      ...cardEndpoints,
      ...giftEndpoints,
      ...groupEndpoints,
      ...messageEndpoints,
      ...pushEndpoints,
      ...tradeEndpoints,
    ]),
  );
}
