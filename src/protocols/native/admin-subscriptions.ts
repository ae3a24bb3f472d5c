import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { MessageTemplate } from '../../core/subscriptions/types.js';
import type { Guildhall } from '../../guildhall.js';
import { appParams } from './admin.js';
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

/** Message templates players subscribe to (MSDK's subscribe_*): create, list, delete. */
export function registerAdminSubscriptions(admin: FastifyInstance, services: Guildhall): void {
  const appOf = (request: FastifyRequest) =>
    services.apps.get(parse(appParams, request.params).app_id);

  admin.get('/v1/admin/apps/:app_id/subscriptions', async (request) => {
    const app = await appOf(request);
    const templates = await services.subscriptions.templates(app.id);
    return { templates: templates.map((t) => templateView(t.template, t.subscribers)) };
  });

  admin.post('/v1/admin/apps/:app_id/subscriptions', async (request, reply) => {
    const app = await appOf(request);
    const body = parse(templateBody, request.body);
    const template = await services.subscriptions.create(app.id, body.title, body.content);
    reply.code(201);
    return templateView(template, 0);
  });

  admin.delete('/v1/admin/apps/:app_id/subscriptions/:template_id', async (request, reply) => {
    const { app_id, template_id } = parse(templateParams, request.params);
    await services.apps.get(app_id);
    await services.subscriptions.remove(app_id, template_id);
    return reply.code(204).send();
  });
}
