import { z } from 'zod';
import { momoEndpoint } from './endpoint.js';
import { text } from './params.js';
import { checkVtoken } from './players.js';
import { momoProfile } from './profile.js';

export const identityEndpoints = [
  momoEndpoint({
    path: 'app/check',
    params: z.object({ vtoken: text(), userid: text(64) }),
    errors: { 'player.not_found': 30016 },
    async handle({ services, app, params }) {
      const account = await checkVtoken(services, app.id, params.userid, params.vtoken);
      return momoProfile(account, params.userid, services.clock.now());
    },
  }),
];
