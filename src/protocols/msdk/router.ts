import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { DomainError } from '../../core/errors.js';
import type { TencentTokenKind } from './identity/types.js';
import { ACCESS_TOKEN_KIND } from './identity/types.js';
import type { TencentPlatform, TencentPlayer } from './identity/types.js';
import type { MsdkServices } from './services.js';
import type { FixedParams } from './codec.js';
import {
  checkFreshness,
  checkSig,
  decodeBody,
  encryptBody,
  fixedParams,
  wantsEncryptedRequest,
  wantsHttps,
} from './codec.js';
import type { MsdkEndpoint, PlatCodeCause } from './endpoint.js';
import { MSDK_DEFAULT_ERRORS, MSDK_RET, MSDK_TEXTS, MsdkFailure } from './errors.js';
import { serializeAnswer } from './raw-json.js';
import { findByMsdkAppid } from './app-config.js';

/** What an answer is made of before it is serialized (and perhaps encrypted). */
interface Answer {
  ret: number;
  message: string;
  fields: Record<string, unknown>;
}

const PLATFORM_NAMES: Record<TencentPlatform, string> = {
  qq: 'a QQ appid',
  wx: 'a WeChat appid',
  guest: 'a guest appid',
};

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue?.path.join('.') || 'parameters'}: ${issue?.message ?? 'invalid'}`;
}

function stringField(source: Record<string, unknown>, key: string): string | undefined {
  const value = source[key];
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** The query string as a map of strings (a repeated key keeps its first value). */
function queryStrings(request: FastifyRequest): Record<string, string> {
  const strings: Record<string, string> = {};
  for (const [key, raw] of Object.entries((request.query ?? {}) as Record<string, unknown>)) {
    const value = Array.isArray(raw) ? (raw[0] as unknown) : raw;
    if (typeof value === 'string') strings[key] = value;
  }
  return strings;
}

function failureOf(error: unknown, endpoint: MsdkEndpoint, request: FastifyRequest): Answer {
  if (error instanceof MsdkFailure) {
    const cause = error.ret === MSDK_RET.parameterError ? 'parameters' : undefined;
    return failure(endpoint, error.ret, error.message, cause);
  }
  if (error instanceof DomainError) {
    const ret =
      endpoint.errors?.[error.code] ?? MSDK_DEFAULT_ERRORS[error.code] ?? MSDK_RET.serverError;
    return failure(endpoint, ret, error.message, error.code);
  }
  request.log.error({ err: error }, 'msdk endpoint failed');
  const ret = MSDK_RET.serverError;
  return failure(endpoint, ret, MSDK_TEXTS[ret] ?? '', 'server');
}

/** A failure's answer, with the endpoint's `platCode` for the cause where it lists one. */
function failure(endpoint: MsdkEndpoint, ret: number, text: string, cause?: PlatCodeCause) {
  const platCode = cause && endpoint.platCodes?.[cause];
  return { ret, message: `${ret},${text}`, fields: platCode === undefined ? {} : { platCode } };
}

function send(
  request: FastifyRequest,
  reply: FastifyReply,
  answer: Answer,
  messageField: 'msg' | 'message',
) {
  const extInfo = queryStrings(request).msdkExtInfo;
  const body: Record<string, unknown> = {
    ret: answer.ret,
    [messageField]: answer.message,
    ...answer.fields,
  };
  if (extInfo !== undefined && /^\w*$/.test(extInfo)) body.msdkExtInfo = extInfo;
  const json = serializeAnswer(body);
  if (wantsEncryptedRequest(request.headers['accept-encrypt'])) {
    return reply
      .header('content-encrypt', 'msdktea')
      .type('application/octet-stream')
      .send(encryptBody(json));
  }
  return reply.type('application/json; charset=utf-8').send(json);
}

/** The player the call acts for, checked as the endpoint requires. */
async function callerOf(
  services: MsdkServices,
  endpoint: MsdkEndpoint,
  appId: string,
  appPlatform: TencentPlatform,
  query: FixedParams,
  values: Record<string, unknown>,
): Promise<{ player?: TencentPlayer; token: string }> {
  const openid =
    stringField(values, appPlatform === 'guest' ? 'guestid' : 'openid') ??
    stringField(values, 'openid') ??
    (query.openid || undefined);
  if (endpoint.player === 'none') return { token: '' };
  if (endpoint.player === 'openid') {
    if (!openid) throw new MsdkFailure(MSDK_RET.parameterError, 'openid is required');
    return { player: await services.tencent.byOpenid(appId, appPlatform, openid), token: '' };
  }
  const token =
    stringField(values, 'accessToken') ??
    stringField(values, 'openkey') ??
    stringField(values, 'access_token');
  if (!token) throw new MsdkFailure(MSDK_RET.parameterError, 'accessToken is required');
  const kinds: readonly TencentTokenKind[] = endpoint.tokens?.[appPlatform] ?? [
    ACCESS_TOKEN_KIND[appPlatform],
  ];
  const session = await services.tencent.authenticate(appId, appPlatform, token, kinds, openid);
  return { player: session.player, token };
}

async function answer(
  services: MsdkServices,
  endpoint: MsdkEndpoint,
  request: FastifyRequest,
): Promise<Answer> {
  const rawQuery = queryStrings(request);
  const fixed = fixedParams.safeParse(rawQuery);
  if (!fixed.success) throw new MsdkFailure(MSDK_RET.parameterError, firstIssue(fixed.error));
  const query = fixed.data;
  const found = await findByMsdkAppid(services.apps, query.appid);
  if (!found) throw new MsdkFailure(MSDK_RET.badSig, 'unknown appid');
  const { app, platform: appPlatform } = found;
  checkSig(app, query);
  checkFreshness(app, query.timestamp, services.clock.now());
  if (!endpoint.platforms.includes(appPlatform)) {
    const wanted = endpoint.platforms.map((p) => PLATFORM_NAMES[p]).join(' or ');
    throw new MsdkFailure(MSDK_RET.parameterError, `${endpoint.path} takes ${wanted}`);
  }
  const body = decodeBody(
    request.body as Buffer | undefined,
    wantsEncryptedRequest(request.headers['content-encrypt']),
  );
  // GET endpoints (and get_ccinfo's ip) carry their parameters in the query string.
  const values: Record<string, unknown> = { ...rawQuery, ...body };
  const params = endpoint.params.safeParse(values);
  if (!params.success) throw new MsdkFailure(MSDK_RET.parameterError, firstIssue(params.error));
  const caller = await callerOf(services, endpoint, app.id, appPlatform, query, values);
  const fields = await endpoint.handle({
    services,
    app,
    appPlatform,
    query,
    params: params.data,
    player: caller.player as TencentPlayer,
    token: caller.token,
    clientIp: request.ip,
    urlBase: `${wantsHttps(query) ? 'https' : request.protocol}://${request.host}`,
  });
  return { ret: MSDK_RET.ok, message: endpoint.okMessage ?? 'success', fields };
}

/** The URLs of an endpoint: with and without a trailing slash, `auth` also as `wxoauth`. */
export function urlsOf(path: string): string[] {
  const paths = path.startsWith('auth/') ? [path, `wxoauth/${path.slice(5)}`] : [path];
  return paths.flatMap((p) => [`/${p}`, `/${p}/`]);
}

export function registerMsdkEndpoints(
  app: FastifyInstance,
  services: MsdkServices,
  endpoints: readonly MsdkEndpoint[],
): void {
  // Bodies are JSON (or msdktea ciphertext of JSON) whatever Content-Type the client sends.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.setErrorHandler((error: { statusCode?: number; message?: string }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) request.log.error({ err: error }, 'msdk request failed');
    const ret = status < 500 ? MSDK_RET.parameterError : MSDK_RET.serverError;
    const text = ret === MSDK_RET.parameterError ? (error.message ?? '') : MSDK_TEXTS[ret];
    return send(request, reply, { ret, message: `${ret},${text}`, fields: {} }, 'msg');
  });
  for (const endpoint of endpoints) {
    for (const url of urlsOf(endpoint.path)) {
      app.route({
        method: ['GET', 'POST'],
        url,
        handler: async (request, reply) => {
          let result: Answer;
          try {
            result = await answer(services, endpoint, request);
          } catch (error) {
            result = failureOf(error, endpoint, request);
          }
          return send(request, reply, result, endpoint.messageField ?? 'msg');
        },
      });
    }
  }
}
