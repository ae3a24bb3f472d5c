import { z } from 'zod';
import { momoEndpoint } from './endpoint.js';
import { text } from './params.js';
import { momoProfile } from './profile.js';

export const identityEndpoints = [
  momoEndpoint({
    path: 'app/check',
    params: z.object({ vtoken: text(), userid: text(64) }),
    errors: { 'player.not_found': 30016 },
    async handle({ platform, app, params }) {
      const { account, player } = await platform.players.checkMomoLogin(
        app.id,
        params.userid,
        params.vtoken,
      );
      return momoProfile(account, player.momoUserid, platform.clock.now());
    },
  }),
];
