import { z } from 'zod';
import type { Device, DevicePlatform } from '../../core/messaging/types.js';
import { appParams } from './admin.js';
import type { NativeEndpoint } from './endpoint.js';
import { parse } from './validation.js';

const devicesQuery = z.object({ player_id: z.string().min(1).max(64) }).strict();

const TOKEN_KINDS: Record<DevicePlatform, string> = { ios: 'apns', android: 'fcm' };

/** Enough of a push token to tell devices apart; the whole token stays with the server. */
function truncatedToken(token: string): string {
  return token.length > 16 ? `${token.slice(0, 8)}…${token.slice(-4)}` : `${token.slice(0, 4)}…`;
}

function deviceView(device: Device) {
  return {
    id: device.id,
    platform: device.platform,
    token_kind: TOKEN_KINDS[device.platform],
    token: truncatedToken(device.token),
    tags: device.tags,
    alias: device.alias,
    registered_at: device.createdAt,
    last_seen_at: device.updatedAt,
  };
}

/** A player's push devices in an app, for operators. Bearer admin token. */
export const adminDeviceEndpoints: NativeEndpoint[] = [
  {
    method: 'GET',
    url: '/v1/admin/apps/:app_id/devices',
    access: 'admin',
    params: appParams,
    query: devicesQuery,
    async handle({ services, request }) {
      const appRecord = await services.apps.get(parse(appParams, request.params).app_id);
      const { player_id } = parse(devicesQuery, request.query);
      const account = await services.directory.accountByPublicId(player_id);
      const devices = await services.messaging.devices.ofPlayer(appRecord.id, account.id);
      return { devices: devices.map(deviceView) };
    },
  },
];
