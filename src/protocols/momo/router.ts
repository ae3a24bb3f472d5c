import type { FastifyInstance, FastifyReply } from 'fastify';
import { DomainError } from '../../core/errors.js';
import type { Services } from '../../services.js';
import type { MomoEndpoint } from './endpoint.js';
import {
  MOMO_BAD_SECRET,
  MOMO_DEFAULT_ERRORS,
  MOMO_MESSAGES,
  MOMO_PARAMETER_ERROR,
  MOMO_SERVER_ERROR,
} from './errors.js';
import { authenticateMomo } from './app-config.js';
import { fileParams, mergedParams } from '../http/form-fields.js';

export const MOMO_PREFIX = '/game/2/server/';

class MomoFailure extends Error {
  constructor(
    readonly ec: number,
    readonly detail?: string,
  ) {
    super(detail ?? MOMO_MESSAGES[ec]);
  }
}

/** Response data already serialized (large lists assembled from cached pieces). */
export class RawJson {
  constructor(readonly json: string) {}
}

function envelope(reply: FastifyReply, services: Services, ec: number, em: string, data: unknown) {
  const timesec = Math.floor(services.clock.now() / 1000);
  const body =
    data instanceof RawJson
      ? `{"ec":${ec},"em":${JSON.stringify(em)},"timesec":${timesec},"data":${data.json}}`
      : JSON.stringify({ ec, em, timesec, data });
  return reply.type('application/json; charset=utf-8').send(body);
}

/**
 * Failures before an endpoint runs (a body too large or malformed) answer in the Momo envelope
 * too: 30101 for what the caller sent wrong, 30500 otherwise.
 */
function registerEnvelopeErrors(app: FastifyInstance, services: Services): void {
  app.setErrorHandler((error: { statusCode?: number; message?: string }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) request.log.error({ err: error }, 'momo request failed');
    const ec = status >= 400 && status < 500 ? MOMO_PARAMETER_ERROR : MOMO_SERVER_ERROR;
    const em = ec === MOMO_PARAMETER_ERROR ? `参数错误: ${error.message ?? ''}` : MOMO_MESSAGES[ec];
    return envelope(reply, services, ec, em ?? '', []);
  });
}

export function registerMomoEndpoints(
  app: FastifyInstance,
  services: Services,
  endpoints: readonly MomoEndpoint[],
): void {
  registerEnvelopeErrors(app, services);
  for (const endpoint of endpoints) {
    app.route({
      method: ['GET', 'POST'],
      url: MOMO_PREFIX + endpoint.path,
      handler: async (request, reply) => {
        try {
          if (endpoint.postOnly && request.method !== 'POST') throw new MomoFailure(30022);
          const raw = mergedParams(request);
          if (!raw.appid || !raw.app_secret) {
            throw new MomoFailure(MOMO_PARAMETER_ERROR, 'appid and app_secret are required');
          }
          const appRecord = await authenticateMomo(services.apps, raw.appid, raw.app_secret);
          const parsed = endpoint.params.safeParse(
            endpoint.files ? { ...raw, ...fileParams(request, endpoint.files) } : raw,
          );
          if (!parsed.success) {
            const issue = parsed.error.issues[0];
            const field = issue?.path.join('.') || 'parameters';
            throw new MomoFailure(
              MOMO_PARAMETER_ERROR,
              `参数错误: ${field} ${issue?.message ?? ''}`.trim(),
            );
          }
          const data = await endpoint.handle({
            services,
            app: appRecord,
            params: parsed.data,
            timesec: Math.floor(services.clock.now() / 1000),
          });
          return envelope(reply, services, 0, 'success', data);
        } catch (error) {
          if (error instanceof MomoFailure) {
            return envelope(
              reply,
              services,
              error.ec,
              error.detail ?? MOMO_MESSAGES[error.ec] ?? '',
              [],
            );
          }
          if (error instanceof DomainError) {
            const badApp = error.code === 'app.not_found' || error.code === 'app.bad_secret';
            const ec = badApp
              ? (endpoint.badSecretCode ?? MOMO_BAD_SECRET)
              : (endpoint.errors?.[error.code] ??
                MOMO_DEFAULT_ERRORS[error.code] ??
                MOMO_SERVER_ERROR);
            return envelope(reply, services, ec, MOMO_MESSAGES[ec] ?? error.message, []);
          }
          request.log.error({ err: error }, 'momo endpoint failed');
          const ec = endpoint.unexpectedCode ?? MOMO_SERVER_ERROR;
          return envelope(reply, services, ec, MOMO_MESSAGES[ec] ?? '', []);
        }
      },
    });
  }
}
