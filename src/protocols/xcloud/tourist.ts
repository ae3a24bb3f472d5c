import { z } from 'zod';
import { XCLOUD } from './app-config.js';
import { xcloudEndpoint } from './endpoint.js';
import { integer, required, text } from './fields.js';
import { xcloudIdsOfGrant } from './players.js';
import type { Random } from '../../core/runtime.js';
import { randomHex } from '../../core/runtime.js';

/** Keys of the `device` JSON that name the device itself (iOS and Android SDKs send one). */
const DEVICE_ID_KEYS = ['deviceuuid', 'idfv', 'idfa', 'imei', 'android_id', 'mark', 'uuid'];

/**
 * The device a tourist plays on, from the `device` JSON: the same device gets the same guest
 * account (and uid). A device JSON that names none (or is not JSON) makes a new guest each call.
 */
export function touristDeviceId(device: string, random: Random): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(device);
  } catch {
    parsed = undefined;
  }
  if (parsed && typeof parsed === 'object') {
    for (const key of DEVICE_ID_KEYS) {
      const value = (parsed as Record<string, unknown>)[key];
      if (typeof value === 'string' && value.length > 0 && value.length <= 128) return value;
    }
  }
  return `tourist-${randomHex(random, 16)}`;
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
      const granted = login.granted[XCLOUD];
      return granted && { ...xcloudIdsOfGrant(granted) };
    },
  }),
];
