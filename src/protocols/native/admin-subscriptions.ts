import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { MessageTemplate } from '../../core/subscriptions/types.js';
import type { Services } from '../../services.js';
import { appParams } from './admin.js';
import type { NativeEndpoint } from './endpoint.js';
import { parse } from './validation.js';

const templateParams = appParams.extend({ template_id: z.coerce.number().int().min(1) });

const templateBody = z.object({ title: z.string(), content: z.string() }).strict();

function templateView(template: MessageTemplate, subscribers: number) {
  return {
    id: template.id,
    title: template.title,
    content: template.content,
    subscribers,
    created_at: template.createdAt,
  };
}

/** The app the path names. */
const appOf = (services: Services, request: FastifyRequest) =>
  services.apps.get(parse(appParams, request.params).app_id);

/** Message templates players subscribe to (MSDK's subscribe_*): create, list, delete. */
export const adminSubscriptionEndpoints: NativeEndpoint[] = [
  {
    method: 'GET',
    url: '/v1/admin/apps/:app_id/subscriptions',
    access: 'admin',
    async handle({ services, request }) {
      const app = await appOf(services, request);
      const templates = await services.subscriptions.templates(app.id);
      return { templates: templates.map((t) => templateView(t.template, t.subscribers)) };
    },
  },

  {
    method: 'POST',
    url: '/v1/admin/apps/:app_id/subscriptions',
    access: 'admin',
    body: templateBody,
    async handle({ services, request, reply }) {
      const app = await appOf(services, request);
      const body = parse(templateBody, request.body);
      const template = await services.subscriptions.create(app.id, body.title, body.content);
      reply.code(201);
      return templateView(template, 0);
    },
  },

  {
    method: 'DELETE',
    url: '/v1/admin/apps/:app_id/subscriptions/:template_id',
    access: 'admin',
    params: templateParams,
    async handle({ services, request, reply }) {
      const { app_id, template_id } = parse(templateParams, request.params);
      await services.apps.get(app_id);
      await services.subscriptions.remove(app_id, template_id);
      return reply.code(204).send();
    },
  },
];
