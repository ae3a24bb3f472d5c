import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../core/errors.js';
import type { Services } from '../../services.js';
import { fileParams, mergedParams } from '../http/form-fields.js';
import { xcloudSettings } from './app-config.js';
import type { XcloudEndpoint } from './endpoint.js';
import { XCLOUD_DEFAULT_ERRORS } from './errors.js';
import { XcloudFailure } from './failure.js';
import { findApp } from './find-app.js';
import { XCLOUD_MESSAGES, XCLOUD_STATUS } from './status.js';

type Fields = Readonly<Record<string, string>>;

function answer(reply: FastifyReply, status: number, msg: string, data: unknown) {
  return reply.type('application/json; charset=utf-8').send({ status, msg, data });
}

function listed(
  declared: readonly string[] | ((fields: Fields) => readonly string[]) | undefined,
  fields: Fields,
): readonly string[] {
  if (!declared) return [];
  return typeof declared === 'function' ? declared(fields) : declared;
}

/** The fields the sign covers: the endpoint's declared ones, less those it does not sign. */
function signedFields(endpoint: XcloudEndpoint, fields: Fields): Fields {
  const unsigned = new Set(listed(endpoint.unsigned, fields));
  return Object.fromEntries(
    Object.keys(endpoint.params.shape)
      .filter((name) => name !== 'sign' && !unsigned.has(name) && fields[name] !== undefined)
      .map((name) => [name, fields[name] ?? '']),
  );
}

/** Missing → 104; not a unix time, or outside the app's window → 104 too. */
function checkTime(fields: Fields, windowSec: number | null, nowSec: number): void {
  const time = fields.time;
  if (!time) throw new XcloudFailure(XCLOUD_STATUS.timeMissing, 'time is required');
  if (!/^\d{1,11}$/.test(time))
    throw new XcloudFailure(XCLOUD_STATUS.timeMissing, 'time: unix seconds');
  if (windowSec !== null && Math.abs(nowSec - Number(time)) > windowSec) {
    throw new XcloudFailure(XCLOUD_STATUS.timeMissing, `time is more than ${windowSec} s from now`);
  }
}

function parseFields(
  endpoint: XcloudEndpoint,
  request: FastifyRequest,
  fields: Fields,
): Record<string, unknown> {
  const files = listed(endpoint.files, fields);
  const parsed = endpoint.params.safeParse(
    files.length > 0 ? { ...fields, ...fileParams(request, files) } : fields,
  );
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = String(issue?.path[0] ?? '');
  const missing = fields[field] === undefined && !files.includes(field);
  const status = missing
    ? XCLOUD_STATUS.missingParameter
    : (endpoint.fieldStatus?.[field] ?? XCLOUD_STATUS.missingParameter);
  throw new XcloudFailure(status, `${field} ${issue?.message ?? ''}`.trim());
}

function failureStatus(endpoint: XcloudEndpoint, error: unknown): number | undefined {
  if (error instanceof XcloudFailure) return error.status;
  if (error instanceof DomainError) {
    return (
      endpoint.errors?.[error.code] ??
      XCLOUD_DEFAULT_ERRORS[error.code] ??
      XCLOUD_STATUS.systemError
    );
  }
  return undefined;
}

/**
 * Serves the endpoints over GET (query) and POST (urlencoded or multipart form): time, sign and
 * app first, then the fields, then the core call; every answer is
 * `{"status", "msg", "data"}` with HTTP 200.
 */
export function registerXcloudEndpoints(
  http: FastifyInstance,
  services: Services,
  endpoints: readonly XcloudEndpoint[],
): void {
  http.setErrorHandler((error: { statusCode?: number; message?: string }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) request.log.error({ err: error }, 'xcloud request failed');
    const code = status < 500 ? XCLOUD_STATUS.missingParameter : XCLOUD_STATUS.systemError;
    return answer(reply, code, `${XCLOUD_MESSAGES[code] ?? ''}: ${error.message ?? ''}`, {});
  });
  for (const endpoint of endpoints) {
    http.route({
      method: ['GET', 'POST'],
      url: endpoint.path,
      handler: async (request, reply) => {
        try {
          const fields = mergedParams(request);
          const nowSec = Math.floor(services.clock.now() / 1000);
          if (endpoint.time && !fields.time) checkTime(fields, null, nowSec);
          if (!fields.sign) throw new XcloudFailure(XCLOUD_STATUS.badSign, 'sign is required');
          const app = await findApp(services, fields, signedFields(endpoint, fields));
          if (endpoint.time) checkTime(fields, xcloudSettings(app).timeWindowSec, nowSec);
          const params = parseFields(endpoint, request, fields);
          const data = await endpoint.handle({ services, app, params, request, timesec: nowSec });
          return answer(
            reply,
            XCLOUD_STATUS.ok,
            XCLOUD_MESSAGES[XCLOUD_STATUS.ok] ?? '',
            data ?? {},
          );
        } catch (error) {
          const status = failureStatus(endpoint, error);
          if (status !== undefined) {
            const msg =
              error instanceof DomainError
                ? `${XCLOUD_MESSAGES[status] ?? ''}: ${error.message}`
                : (error as XcloudFailure).message;
            return answer(reply, status, msg, {});
          }
          request.log.error({ err: error }, 'xcloud endpoint failed');
          return answer(
            reply,
            XCLOUD_STATUS.storageFailed,
            XCLOUD_MESSAGES[XCLOUD_STATUS.storageFailed] ?? '',
            {},
          );
        }
      },
    });
  }
}
