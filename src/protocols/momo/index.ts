import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform.js';
import { cardEndpoints } from './cards.js';
import { giftEndpoints } from './gifts.js';
import { groupEndpoints } from './groups.js';
import { identityEndpoints } from './identity.js';
import { leaderboardEndpoints } from './leaderboards.js';
import { registerMomoEndpoints } from './router.js';

/** Every Momo server endpoint, under /game/2/server/. */
export function registerMomo(app: FastifyInstance, platform: Platform): void {
  registerMomoEndpoints(app, platform, [
    ...identityEndpoints,
    ...leaderboardEndpoints,
    ...cardEndpoints,
    ...giftEndpoints,
    ...groupEndpoints,
  ]);
}
