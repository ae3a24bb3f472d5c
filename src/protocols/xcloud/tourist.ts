import { z } from 'zod';
import { XCLOUD } from './app-config.js';
import { deviceIdOf, recordLoginContext } from './acquisition.js';
import { xcloudEndpoint } from './endpoint.js';
import { integer, required, text } from './fields.js';
import { xcloudIdsOfGrant } from './players.js';
import type { Random } from '../../core/runtime.js';
import { randomHex } from '../../core/runtime.js';

/**
 * The device a tourist plays on, from the `device` JSON: the same device gets the same guest
 * account (and uid). A device JSON that names none (or is not JSON) makes a new guest each call.
 */
export function touristDeviceId(device: string, random: Random): string {
  return deviceIdOf(device) ?? `tourist-${randomHex(random, 16)}`;
}

const touristParams = z.object({
  device: required(260),
  entry_lang: text(50).optional(),
  entry_type: text(50).optional(),
  entry_name: text(50).optional(),
  source: required(50),
  mainsource: text(50).optional(),
  subsource: text(50).optional(),
  gameid: integer(),
  time: integer(),
});

/** /Pt/tourist: a guest account for the device → uid and gidloginid. */
export const touristEndpoints = [
  xcloudEndpoint({
    path: '/Pt/tourist',
    params: touristParams,
    unsigned: ['device'],
    time: true,
    handle: async ({ services, app, params }) => {
      const login = await services.players.loginGuest(
        app.id,
        touristDeviceId(params.device, services.random),
      );
      await recordLoginContext(services, app, login.account.id, params);
      const granted = login.granted[XCLOUD];
      return granted && { ...xcloudIdsOfGrant(granted) };
    },
  }),
];
