import type { DomainErrorCode } from '../../core/errors.js';

/**
 * MSDK return codes. The documents point at an error-code list they do not include; this is
 * Guildhall's (docs/msdk.md). A failure answers `ret` = the code and `msg` = "code,text".
 */
export const MSDK_RET = {
  ok: 0,
  parameterError: 1001,
  badSig: 1002,
  badToken: 1003,
  tokenExpired: 1004,
  notFound: 1005,
  frequencyLimit: 1006,
  notPermitted: 1007,
  serverError: 1500,
} as const;

export const MSDK_TEXTS: Record<number, string> = {
  [MSDK_RET.parameterError]: 'parameter error',
  [MSDK_RET.badSig]: 'bad sig',
  [MSDK_RET.badToken]: 'bad token',
  [MSDK_RET.tokenExpired]: 'token expired',
  [MSDK_RET.notFound]: 'not found',
  [MSDK_RET.frequencyLimit]: 'frequency limit',
  [MSDK_RET.notPermitted]: 'not permitted',
  [MSDK_RET.serverError]: 'server error',
};

/** Domain errors every MSDK endpoint maps the same way; endpoints may add their own. */
export const MSDK_DEFAULT_ERRORS: Partial<Record<DomainErrorCode, number>> = {
  invalid_argument: MSDK_RET.parameterError,
  'app.not_found': MSDK_RET.badSig,
  'app.bad_secret': MSDK_RET.badSig,
  'auth.bad_token': MSDK_RET.badToken,
  'auth.token_expired': MSDK_RET.tokenExpired,
  not_found: MSDK_RET.notFound,
  'player.not_found': MSDK_RET.notFound,
  'friend.self': MSDK_RET.parameterError,
  'limit.exceeded': MSDK_RET.frequencyLimit,
  not_permitted: MSDK_RET.notPermitted,
};

/**
 * A failure an MSDK endpoint answers with: `ret` and the text after "code,". Captures no stack:
 * it is an answer, not a bug (and a stack costs more than the request).
 */
export class MsdkFailure extends Error {
  constructor(
    readonly ret: number,
    detail?: string,
  ) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(detail ?? MSDK_TEXTS[ret] ?? 'error');
    Error.stackTraceLimit = limit;
  }
}
