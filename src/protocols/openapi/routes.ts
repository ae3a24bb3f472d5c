import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import type { JsonSchema } from './types.js';

export const OPENAPI_URL = '/openapi.json';
export const DOCS_PREFIX = '/docs';

/**
 * Serves the document at /openapi.json and a browsable reference at /docs: Swagger UI, whose
 * files come from node_modules (no CDN; no online validator).
 */
export async function registerApiReference(
  app: FastifyInstance,
  document: JsonSchema,
): Promise<void> {
  const json = JSON.stringify(document);
  await app.register(swagger, {
    mode: 'static',
    specification: { document: document as unknown as swagger.StaticDocumentSpec['document'] },
  });
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX, uiConfig: { validatorUrl: null } });
  app.get(OPENAPI_URL, (_request, reply) =>
    reply.type('application/json; charset=utf-8').send(json),
  );
}
