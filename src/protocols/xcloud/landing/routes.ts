import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../../core/apps/types.js';
import type { Services } from '../../../services.js';
import { mergedParams } from '../../http/form-fields.js';
import { xcloudSettings } from '../app-config.js';
import { XcloudFailure } from '../failure.js';
import { appOfGameIds } from '../find-app.js';
import { XCLOUD_STATUS } from '../status.js';
import { LANDING_ASSETS } from './assets.js';
import type { Outcome } from './calls.js';
import { LANDING_CALLS, MAX_TOKEN, failureOutcome, languageOfCall, outcome } from './calls.js';
import { landingPage, resetPage, unknownGamePage } from './page.js';

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
const GAME_IDS = ['gameid', 'gid', 'app_id'];

/**
 * Password guessing and mail flooding are slowed per client address and call: a shared mobile
 * carrier address still leaves room for many players at once.
 */
export const LANDING_CALLS_PER_MINUTE = 30;

function answer(reply: FastifyReply, { status, msg }: Outcome, data: unknown = {}) {
  return reply
    .header('cache-control', 'no-store')
    .type('application/json; charset=utf-8')
    .send({ status, msg, data });
}

/**
 * Whether a browser sent the call from another site's page (its Origin names another host): such
 * calls are refused, so a hostile page cannot log a player in or make accounts in their browser.
 */
function fromAnotherSite(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return false;
  try {
    return new URL(origin).host !== request.headers.host;
  } catch {
    return true;
  }
}

function sendPage(reply: FastifyReply, code: number, html: string) {
  return reply.code(code).headers(PAGE_HEADERS).type('text/html; charset=utf-8').send(html);
}

/**
 * The H5 login page (`/Pt/landing`) that the game's SDK opens in a web view, its files, the
 * calls its forms make (JSON or form posts, answered `{status, msg, data}`) and the reset page
 * that password-reset mails link to. Unsigned: a page cannot hold the app's key.
 */
export async function registerLanding(http: FastifyInstance, services: Services): Promise<void> {
  await http.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, limit) => ({
      statusCode: 429,
      message: `too many attempts from this address, try again in ${limit.after}`,
    }),
  });
  http.setErrorHandler((error: { statusCode?: number; message?: string }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status === 429) {
      return answer(reply.code(429), outcome(XCLOUD_STATUS.systemError, error.message));
    }
    if (status >= 500) request.log.error({ err: error }, 'landing request failed');
    const code = status < 500 ? XCLOUD_STATUS.missingParameter : XCLOUD_STATUS.systemError;
    return answer(reply, outcome(code, error.message));
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
    const language = languageOfCall(request, fields);
    let app: App | undefined;
    try {
      app = await appOfGameIds(services, fields);
    } catch (error) {
      if (!(error instanceof XcloudFailure)) throw error;
    }
    if (!app) return sendPage(reply, 404, unknownGamePage(language));
    const ids = Object.fromEntries(
      GAME_IDS.flatMap((name) => (fields[name] ? [[name, fields[name]]] : [])),
    );
    const named = (name: string) => {
      const value = fields[name];
      return value && IDENTIFIER.test(value) ? value : undefined;
    };
    return sendPage(
      reply,
      200,
      landingPage(language, app.name, ids, {
        bridge: named('bridge'),
        bridgeMethod: named('bridge_method'),
        callback: xcloudSettings(app).landingCallbackUrl,
      }),
    );
  });

  http.get('/Pt/landing/reset', async (request, reply) => {
    const fields = mergedParams(request);
    const token = (fields.token ?? '').slice(0, MAX_TOKEN);
    return sendPage(reply, 200, resetPage(languageOfCall(request, fields), token));
  });

  for (const [path, call] of Object.entries(LANDING_CALLS)) {
    const limit = { max: LANDING_CALLS_PER_MINUTE, timeWindow: 60_000 };
    http.post(path, { config: { rateLimit: limit } }, async (request, reply) => {
      if (fromAnotherSite(request)) {
        return answer(reply.code(403), outcome(XCLOUD_STATUS.systemError, 'another site'));
      }
      try {
        const data = await call(services, mergedParams(request), request);
        return answer(reply, outcome(XCLOUD_STATUS.ok), data);
      } catch (error) {
        return answer(reply, failureOutcome(error, request));
      }
    });
  }
}
