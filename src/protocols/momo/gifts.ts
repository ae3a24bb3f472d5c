import { z } from 'zod';
import { momoEndpoint } from './endpoint.js';
import { text } from './params.js';
import { resolveUserid } from './players.js';

export const giftEndpoints = [
  momoEndpoint({
    path: 'emotion/present',
    params: z.object({ userid: text(64) }),
    async handle({ services, app, params }) {
      const accountId = await resolveUserid(services, app.id, params.userid);
      await services.gifts.presentEmotion(app, accountId);
      return [];
    },
  }),
];
