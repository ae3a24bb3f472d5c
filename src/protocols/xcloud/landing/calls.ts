import type { FastifyRequest } from 'fastify';
import type { App } from '../../../core/apps/types.js';
import type { DomainErrorCode } from '../../../core/errors.js';
import { DomainError } from '../../../core/errors.js';
import {
  PASSWORD_MAX,
  isAcceptablePassword,
  isEmailAddress,
} from '../../../core/players/credentials.js';
import type { LoginResult } from '../../../core/players/service.js';
import type { Services } from '../../../services.js';
import { XCLOUD } from '../app-config.js';
import { XcloudFailure } from '../failure.js';
import { appOfGameIds } from '../find-app.js';
import { xcloudIdsOfGrant } from '../players.js';
import { XCLOUD_MESSAGES, XCLOUD_STATUS } from '../status.js';
import { resetLetter } from './letter.js';
import { languageOf } from './strings.js';

type Fields = Readonly<Record<string, string>>;

/** How the landing calls answer the domain errors their core calls meet. */
export const LANDING_ERRORS: Partial<Record<DomainErrorCode, number>> = {
  'auth.bad_credentials': XCLOUD_STATUS.wrongPassword,
  'player.exists': XCLOUD_STATUS.alreadyBound,
  'auth.bad_token': XCLOUD_STATUS.verificationFailed,
  'mail.not_configured': XCLOUD_STATUS.systemError,
  'mail.send_failed': XCLOUD_STATUS.systemError,
};

export const MAX_TOKEN = 128;

/** A call's answer: the document's status and message. */
export interface Outcome {
  status: number;
  msg: string;
}

export function outcome(status: number, detail?: string): Outcome {
  const msg = XCLOUD_MESSAGES[status] ?? '';
  return { status, msg: detail ? `${msg}: ${detail}` : msg };
}

/** The page's language: `entry_lang`, else the browser's. */
export function languageOfCall(request: FastifyRequest, fields: Fields) {
  return languageOf(fields.entry_lang, request.headers['accept-language']);
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

/** At login any password is checked against the account's: it need only be there. */
const present = (password: string) => password.length > 0 && password.length <= PASSWORD_MAX;

/** Where mail links point: PUBLIC_URL, else the host the request came to. */
function baseUrlOf(services: Services, request: FastifyRequest): string {
  return services.publicUrl ?? `${request.protocol}://${request.host}`;
}

/** The uid and gidloginid the login gave in the app: what the page hands to the SDK. */
function landed(login: LoginResult): Record<string, unknown> {
  const granted = login.granted[XCLOUD];
  return granted ? { ...xcloudIdsOfGrant(granted) } : {};
}

type Call = (
  services: Services,
  fields: Fields,
  request: FastifyRequest,
) => Promise<Record<string, unknown>>;

/** The calls of the page's forms, by path; each returns the answer's `data`. */
export const LANDING_CALLS: Readonly<Record<string, Call>> = {
  '/Pt/landing/login': async (services, fields) => {
    const email = requireEmail(fields);
    const password = requirePassword(fields, present);
    const app = await appOf(services, fields);
    return landed(await services.players.loginPassword(app.id, email, password));
  },
  '/Pt/landing/register': async (services, fields) => {
    const email = requireEmail(fields);
    const password = requirePassword(fields, isAcceptablePassword);
    const app = await appOf(services, fields);
    return landed(await services.players.register(app.id, email, password));
  },
  '/Pt/landing/forgot': async (services, fields, request) => {
    const email = requireEmail(fields);
    const app = await appOf(services, fields);
    const base = baseUrlOf(services, request);
    const letter = resetLetter(base, languageOfCall(request, fields), app.name);
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

/** The answer to a call that failed. */
export function failureOutcome(error: unknown, request: FastifyRequest): Outcome {
  if (error instanceof XcloudFailure) return { status: error.status, msg: error.message };
  if (error instanceof DomainError) {
    const status = LANDING_ERRORS[error.code] ?? XCLOUD_STATUS.systemError;
    if (!error.code.startsWith('mail.')) return outcome(status, error.message);
    // The mail server's words are for the operator's log, not for the player.
    request.log.warn({ err: error }, 'reset mail not sent');
    return outcome(status);
  }
  request.log.error({ err: error }, 'landing call failed');
  return outcome(XCLOUD_STATUS.storageFailed);
}
