import { z } from 'zod';
import type { Device, InboxMessage } from '../../core/messaging/types.js';
import { LABEL_PATTERN, MESSAGING_LIMITS, TOKEN_PATTERN } from '../../core/messaging/types.js';
import type { NativeEndpoint } from './endpoint.js';
import { parse } from './validation.js';

const label = (max: number) =>
  z.string().min(1).max(max).regex(LABEL_PATTERN, 'no commas, no spaces at either end');

const deviceBody = z
  .object({
    platform: z.enum(['ios', 'android']),
    token: z
      .string()
      .min(1)
      .max(MESSAGING_LIMITS.tokenLength)
      .regex(TOKEN_PATTERN, 'no spaces or commas'),
    tags: z.array(label(MESSAGING_LIMITS.tagLength)).max(MESSAGING_LIMITS.tags).default([]),
    alias: label(MESSAGING_LIMITS.aliasLength).nullable().default(null),
  })
  .strict();

const inboxQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export function deviceView(device: Device) {
  return {
    id: device.id,
    platform: device.platform,
    token: device.token,
    tags: device.tags,
    alias: device.alias,
    created_at: device.createdAt,
    updated_at: device.updatedAt,
  };
}

export function messageView(message: InboxMessage) {
  return {
    id: message.id,
    content: message.content,
    created_at: message.createdAt,
    kind: message.kind,
  };
}

/** Devices (for push) and the inbox, as the game client sees them. Bearer session token. */
export const clientMessagingEndpoints: NativeEndpoint[] = [
  {
    method: 'POST',
    url: '/v1/client/devices',
    access: 'client',
    body: deviceBody,
    async handle({ services, request, session }) {
      const { appId, account } = session;
      const body = parse(deviceBody, request.body);
      return deviceView(await services.messaging.devices.register(appId, account.id, body));
    },
  },

  {
    method: 'GET',
    url: '/v1/client/devices',
    access: 'client',
    async handle({ services, session }) {
      const { appId, account } = session;
      const devices = await services.messaging.devices.ofPlayer(appId, account.id);
      return { devices: devices.map(deviceView) };
    },
  },

  // Oldest first; pass `next_after` back as `after` to read on (or to poll for new messages).
  {
    method: 'GET',
    url: '/v1/client/inbox',
    access: 'client',
    query: inboxQuery,
    async handle({ services, request, session }) {
      const { appId, account } = session;
      const { after, limit } = parse(inboxQuery, request.query);
      const messages = await services.messaging.inbox.list(appId, account.id, after, limit);
      return {
        messages: messages.map(messageView),
        next_after: messages[messages.length - 1]?.id ?? after,
      };
    },
  },
];
