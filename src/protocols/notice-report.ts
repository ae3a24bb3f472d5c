import type { AttemptReport } from '../core/outbox/types.js';
import type { FormPostResult } from '../providers/webhook/post-form.js';

/** An attempt that could not be made: the app sets no URL for the notice. */
export function missingUrlReport(what: string, outcome: 'error' | 'dropped'): AttemptReport {
  return { url: '', httpStatus: null, body: `the app has no ${what}`, latencyMs: 0, outcome };
}

/** An attempt that POSTed to `url`: acknowledged, rejected by the game server, or unanswered. */
export function postedReport(
  url: string,
  result: FormPostResult,
  acknowledged: boolean,
): AttemptReport {
  const outcome = acknowledged ? 'acknowledged' : result.httpStatus === null ? 'error' : 'rejected';
  return { url, ...result, outcome };
}
