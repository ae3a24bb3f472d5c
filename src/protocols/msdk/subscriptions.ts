import { z } from 'zod';
import type { MsdkEndpoint } from './endpoint.js';
import { msdkEndpoint } from './endpoint.js';
import { int } from './params.js';

const templateId = int(1, Number.MAX_SAFE_INTEGER);

/** WeChat message subscriptions (templates are defined by operators, admin API). */
export const subscriptionEndpoints: MsdkEndpoint[] = [
  msdkEndpoint({
    path: 'profile/subscribe_getlist',
    platforms: ['wx'],
    player: 'token',
    params: z.object({}),
    async handle({ services, app, player }) {
      const list = await services.subscriptions.statusOf(app.id, player.accountId);
      return {
        subscribeList: list.map((s) => ({
          id: s.template.id,
          title: s.template.title,
          status: s.subscribed,
        })),
        // An app has at most 100 templates: the list always holds them all.
        more: false,
      };
    },
  }),
  msdkEndpoint({
    path: 'profile/subscribe_setlist',
    platforms: ['wx'],
    player: 'token',
    params: z.object({
      msgId: z.union([z.array(templateId), templateId.transform((id) => [id])]),
      opType: int(0, 1),
    }),
    async handle({ services, app, player, params }) {
      await services.subscriptions.set(app.id, player.accountId, params.msgId, params.opType === 0);
      return {};
    },
  }),
  msdkEndpoint({
    path: 'profile/subscribe_push',
    platforms: ['wx'],
    player: 'openid',
    params: z.object({ msgId: templateId }),
    async handle({ services, app, params }) {
      await services.subscriptions.push(app, params.msgId);
      return {};
    },
  }),
  msdkEndpoint({
    path: 'profile/subscribe_clear',
    platforms: ['wx'],
    player: 'openid',
    params: z.object({ msgId: templateId }),
    async handle({ services, app, params }) {
      await services.subscriptions.clear(app.id, params.msgId);
      return {};
    },
  }),
];
