import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import Fastify, { LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { registerConsole } from './console/index.js';
import type { Guildhall } from './guildhall.js';
import { registerMetrics } from './protocols/http/metrics.js';
import { sendError } from './protocols/native/errors.js';
import { registerNative } from './protocols/native/index.js';
import { registerApiReference } from './protocols/openapi/routes.js';
import { serverDocument } from './protocols/openapi/server-document.js';

export interface ServerOptions {
  logger?: FastifyBaseLogger;
  /** Hash of the admin bearer token; admin API answers 401 to everything without it. */
  adminTokenHash: string;
}

/** The HTTP face of the platform: every dialect, the native API, its reference, health and metrics. */
export async function buildServer(
  guildhall: Guildhall,
  options: ServerOptions,
): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger,
    // Per-request log lines cost more than the requests themselves; /metrics covers traffic.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 2 * 1024 * 1024,
    return503OnClosing: true,
  });
  await app.register(formbody);
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: 1024 * 1024, files: 4 },
  });
  app.setErrorHandler((error, _request, reply) => sendError(reply, error));
  registerMetrics(app);
  app.get('/healthz', async (_request, reply) => {
    try {
      await guildhall.healthCheck();
      return { status: 'ok' };
    } catch (error) {
      reply.log.warn({ err: error }, 'health check failed');
      return reply.code(503).send({ status: 'unavailable' });
    }
  });
  for (const dialect of guildhall.dialects.values()) dialect.register(app);
  await registerNative(app, guildhall, { adminTokenHash: options.adminTokenHash });
  await registerApiReference(app, serverDocument(guildhall.dialects));
  await registerConsole(app, guildhall);
  return app;
}
