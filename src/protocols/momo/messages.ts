import { z } from 'zod';
import { codePoints } from '../../core/messaging/inbox.js';
import { MESSAGING_LIMITS } from '../../core/messaging/types.js';
import { momoEndpoint } from './endpoint.js';
import { text } from './params.js';
import { resolveUserid } from './players.js';

/** 1-300 characters (Unicode code points), kept as sent. */
const content = z
  .string()
  .refine((value) => value.trim() !== '', 'is empty')
  .refine(
    (value) => codePoints(value) <= MESSAGING_LIMITS.contentLength,
    `is over ${MESSAGING_LIMITS.contentLength} characters`,
  );

/** msg/one and msg/all: into the inbox, and out as an Android push when FCM is configured. */
export const messageEndpoints = [
  momoEndpoint({
    path: 'msg/one',
    params: z.object({ userid: text(64), content }),
    async handle({ services, app, params }) {
      const accountId = await resolveUserid(services, app.id, params.userid);
      await services.messaging.inbox.toPlayer(app, accountId, params.content);
      return [];
    },
  }),
  momoEndpoint({
    path: 'msg/all',
    params: z.object({ content }),
    async handle({ services, app, params }) {
      await services.messaging.inbox.toEveryone(app, params.content);
      return [];
    },
  }),
];
