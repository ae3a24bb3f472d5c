import { z } from 'zod';
import { momoEndpoint } from './endpoint.js';
import { text } from './params.js';

export const giftEndpoints = [
  momoEndpoint({
    path: 'emotion/present',
    params: z.object({ userid: text(64) }),
    async handle({ platform, app, params }) {
      const accountId = await platform.directory.resolveMomoUserid(app.id, params.userid);
      await platform.gifts.presentEmotion(app, accountId);
      return [];
    },
  }),
];
