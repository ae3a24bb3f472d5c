import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../../core/apps/types.js';
import { DomainError } from '../../../core/errors.js';
import type { DomainErrorCode } from '../../../core/errors.js';
import { isAcceptablePassword, isEmailAddress } from '../../../core/players/credentials.js';
import type { Services } from '../../../services.js';
import { mergedParams } from '../../http/form-fields.js';
import { XCLOUD, xcloudSettings } from '../app-config.js';
import { XcloudFailure } from '../failure.js';
import { appOfGameIds } from '../find-app.js';
import { xcloudIdsOfGrant } from '../players.js';
import { XCLOUD_MESSAGES, XCLOUD_STATUS } from '../status.js';
import { LANDING_ASSETS } from './assets.js';
import { resetLetter } from './letter.js';
import { landingPage, resetPage, unknownGamePage } from './page.js';
import { languageOf } from './strings.js';

type Fields = Readonly<Record<string, string>>;

/** How the landing answers the domain errors its core calls meet. */
export const LANDING_ERRORS: Partial<Record<DomainErrorCode, number>> = {
  'auth.bad_credentials': XCLOUD_STATUS.wrongPassword,
  'player.exists': XCLOUD_STATUS.alreadyBound,
  'auth.bad_token': XCLOUD_STATUS.verificationFailed,
  'auth.token_expired': XCLOUD_STATUS.verificationFailed,
  'mail.not_configured': XCLOUD_STATUS.systemError,
  'mail.send_failed': XCLOUD_STATUS.systemError,
};

/** The page is framed by the game's web view, talks to its own origin only, and leaks no link. */
const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'",
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

/** A bridge or method name the page may call on `window`. */
const IDENTIFIER = /^[A-Za-z_$][\w$]{0,63}$/;
const MAX_TOKEN = 128;

function answer(reply: FastifyReply, status: number, data: unknown = {}, detail?: string) {
  const msg = XCLOUD_MESSAGES[status] ?? '';
  return reply
    .header('cache-control', 'no-store')
    .type('application/json; charset=utf-8')
    .send({ status, msg: detail ? `${msg}: ${detail}` : msg, data });
}

/** The app the call names (gameid, gid or app_id): 114 when it names none. */
async function appOf(services: Services, fields: Fields): Promise<App> {
  const app = await appOfGameIds(services, fields);
  if (!app) throw new XcloudFailure(XCLOUD_STATUS.missingParameter, 'gameid or app_id');
  return app;
}

function requireEmail(fields: Fields): string {
  const email = fields.email ?? '';
  if (!isEmailAddress(email)) throw new XcloudFailure(XCLOUD_STATUS.emailIncomplete);
  return email;
}

function requirePassword(fields: Fields, rule: (password: string) => boolean): string {
  const password = fields.password ?? '';
  if (!rule(password)) throw new XcloudFailure(XCLOUD_STATUS.passwordIncomplete);
  return password;
}

const present = (password: string) => password.length > 0 && password.length <= 256;

function language(request: FastifyRequest, fields: Fields) {
  return languageOf(fields.entry_lang, request.headers['accept-language']);
}

/** Where mail links point: PUBLIC_URL, else the host the request came to. */
function baseUrlOf(services: Services, request: FastifyRequest): string {
  return services.publicUrl ?? `${request.protocol}://${request.host}`;
}

type Action = (
  services: Services,
  fields: Fields,
  request: FastifyRequest,
) => Promise<Record<string, unknown>>;

async function logIn(services: Services, fields: Fields): Promise<Record<string, unknown>> {
  const email = requireEmail(fields);
  const password = requirePassword(fields, present);
  const app = await appOf(services, fields);
  const login = await services.players.loginPassword(app.id, email, password);
  const granted = login.granted[XCLOUD];
  return granted ? { ...xcloudIdsOfGrant(granted) } : {};
}

const ACTIONS: Record<string, Action> = {
  '/Pt/landing/login': logIn,
  '/Pt/landing/register': async (services, fields) => {
    const email = requireEmail(fields);
    const password = requirePassword(fields, isAcceptablePassword);
    const app = await appOf(services, fields);
    const login = await services.players.register(app.id, email, password);
    const granted = login.granted[XCLOUD];
    return granted ? { ...xcloudIdsOfGrant(granted) } : {};
  },
  '/Pt/landing/forgot': async (services, fields, request) => {
    const email = requireEmail(fields);
    const app = await appOf(services, fields);
    const letter = resetLetter(baseUrlOf(services, request), language(request, fields), app.name);
    await services.passwordResets.request(app.id, email, letter);
    return {};
  },
  '/Pt/landing/reset': async (services, fields) => {
    const token = fields.token ?? '';
    if (!token || token.length > MAX_TOKEN)
      throw new XcloudFailure(XCLOUD_STATUS.missingParameter, 'token');
    const password = requirePassword(fields, isAcceptablePassword);
    await services.passwordResets.reset(token, password);
    return {};
  },
};

function statusOf(error: unknown): number | undefined {
  if (error instanceof DomainError) return LANDING_ERRORS[error.code] ?? XCLOUD_STATUS.systemError;
  return undefined;
}

function sendPage(reply: FastifyReply, code: number, html: string) {
  return reply.code(code).headers(PAGE_HEADERS).type('text/html; charset=utf-8').send(html);
}

/**
 * The H5 login page (`/Pt/landing`) that the game's SDK opens in a web view, its files, the
 * calls its forms make (JSON or form posts, answered `{status, msg, data}`) and the reset page
 * that password-reset mails link to. Unsigned: a page cannot hold the app's key.
 */
export function registerLanding(http: FastifyInstance, services: Services): void {
  http.setErrorHandler((error: { statusCode?: number; message?: string }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) request.log.error({ err: error }, 'landing request failed');
    const code = status < 500 ? XCLOUD_STATUS.missingParameter : XCLOUD_STATUS.systemError;
    return answer(reply, code, {}, error.message);
  });

  for (const asset of LANDING_ASSETS) {
    http.get(asset.path, (_request, reply) =>
      reply
        .type(asset.type)
        .header('cache-control', 'public, max-age=86400')
        .header('x-content-type-options', 'nosniff')
        .send(asset.body),
    );
  }

  http.get('/Pt/landing', async (request, reply) => {
    const fields = mergedParams(request);
    const lang = language(request, fields);
    let app: App | undefined;
    try {
      app = await appOfGameIds(services, fields);
    } catch (error) {
      if (!(error instanceof XcloudFailure)) throw error;
    }
    if (!app) return sendPage(reply, 404, unknownGamePage(lang));
    const ids = Object.fromEntries(
      ['gameid', 'gid', 'app_id'].flatMap((name) => (fields[name] ? [[name, fields[name]]] : [])),
    );
    const named = (name: string) => {
      const value = fields[name];
      return value && IDENTIFIER.test(value) ? value : undefined;
    };
    return sendPage(
      reply,
      200,
      landingPage(lang, app.name, ids, {
        bridge: named('bridge'),
        bridgeMethod: named('bridge_method'),
        callback: xcloudSettings(app).landingCallbackUrl,
      }),
    );
  });

  http.get('/Pt/landing/reset', async (request, reply) => {
    const fields = mergedParams(request);
    const token = (fields.token ?? '').slice(0, MAX_TOKEN);
    return sendPage(reply, 200, resetPage(language(request, fields), token));
  });

  for (const [path, action] of Object.entries(ACTIONS)) {
    http.post(path, async (request, reply) => {
      try {
        return answer(
          reply,
          XCLOUD_STATUS.ok,
          await action(services, mergedParams(request), request),
        );
      } catch (error) {
        const status = statusOf(error);
        if (error instanceof XcloudFailure)
          return reply.type('application/json; charset=utf-8').send({
            status: error.status,
            msg: error.message,
            data: {},
          });
        if (status !== undefined && error instanceof DomainError) {
          // The mail server's words are for the operator's log, not for the player.
          if (error.code.startsWith('mail.')) request.log.warn({ err: error }, 'reset mail');
          return answer(
            reply,
            status,
            {},
            error.code.startsWith('mail.') ? undefined : error.message,
          );
        }
        request.log.error({ err: error }, 'landing call failed');
        return answer(reply, XCLOUD_STATUS.storageFailed);
      }
    });
  }
}
