import { z } from 'zod';
import type { Clock } from '../../core/runtime.js';
import { systemClock } from '../../core/runtime.js';
import { ServiceAccountTokens } from '../google/access-tokens.js';
import type { PushMessage, PushOutcome, PushProvider } from '../push/types.js';
import type { ServiceAccount } from './service-account.js';

export const FCM_ENDPOINT = 'https://fcm.googleapis.com';
export const FCM_SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';

export interface FcmClientOptions {
  serviceAccount: ServiceAccount;
  /** Replaces https://fcm.googleapis.com (tests point it at a fake). */
  endpoint?: string;
  timeoutMs?: number;
  clock?: Clock;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const sentResponseSchema = z.object({ name: z.string() });
const errorResponseSchema = z.object({
  error: z.object({
    status: z.string().optional(),
    message: z.string().optional(),
    details: z
      .array(
        z.object({
          errorCode: z.string().optional(),
          fieldViolations: z.array(z.object({ field: z.string().optional() })).optional(),
        }),
      )
      .optional(),
  }),
});

/** Firebase Cloud Messaging HTTP v1 client, authorised by the service-account OAuth 2.0 flow. */
export class FcmClient implements PushProvider {
  private readonly sendUrl: string;
  private readonly timeoutMs: number;
  private readonly tokens: ServiceAccountTokens;

  constructor(options: FcmClientOptions) {
    const account = options.serviceAccount;
    const endpoint = (options.endpoint ?? FCM_ENDPOINT).replace(/\/+$/, '');
    this.sendUrl = `${endpoint}/v1/projects/${encodeURIComponent(account.projectId)}/messages:send`;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.tokens = new ServiceAccountTokens(
      account,
      FCM_SCOPE,
      this.timeoutMs,
      options.clock ?? systemClock,
    );
  }

  async send(token: string, message: PushMessage): Promise<PushOutcome> {
    if (!message.android) return { status: 'failed', detail: 'the message has no android part' };
    let bearer: string;
    try {
      bearer = await this.tokens.current();
    } catch (error) {
      return { status: 'failed', detail: `access token: ${errorText(error)}` };
    }
    try {
      const response = await fetch(this.sendUrl, {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
        body: JSON.stringify({ message: fcmMessage(token, message.android) }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const body = await response.text();
      // A token the service no longer accepts is dropped, so the next send fetches a new one.
      if (response.status === 401) this.tokens.forget();
      return outcomeOf(response.status, body);
    } catch (error) {
      return { status: 'failed', detail: errorText(error) };
    }
  }

  async close(): Promise<void> {
    // fetch pools its connections globally; there is nothing of this client's to release.
  }
}

function fcmMessage(token: string, android: NonNullable<PushMessage['android']>) {
  return {
    token,
    notification: {
      title: android.title,
      body: android.text,
      ...(android.logo === undefined ? {} : { image: android.logo }),
    },
    ...(android.content === undefined ? {} : { data: { content: android.content } }),
    android: { priority: 'high' },
  };
}

function outcomeOf(status: number, body: string): PushOutcome {
  const json = parseJson(body);
  if (status === 200) {
    const sent = sentResponseSchema.safeParse(json);
    return { status: 'sent', detail: sent.success ? sent.data.name : body };
  }
  const parsed = errorResponseSchema.safeParse(json);
  if (!parsed.success) return { status: 'failed', detail: `${status} ${body}`.trim() };
  const error = parsed.data.error;
  const errorCode = error.details?.find((detail) => detail.errorCode)?.errorCode;
  const detail = [
    status,
    error.status,
    errorCode !== error.status ? errorCode : undefined,
    error.message,
  ]
    .filter((part) => part !== undefined)
    .join(' ');
  const unregistered = status === 404 && errorCode === 'UNREGISTERED';
  const badToken = status === 400 && error.status === 'INVALID_ARGUMENT' && concernsToken(error);
  return unregistered || badToken ? { status: 'invalid', detail } : { status: 'failed', detail };
}

/** Whether an INVALID_ARGUMENT error is about the registration token rather than another field. */
function concernsToken(error: z.infer<typeof errorResponseSchema>['error']): boolean {
  const fields = error.details?.flatMap((detail) => detail.fieldViolations ?? []) ?? [];
  if (fields.some((violation) => violation.field === 'message.token')) return true;
  return /registration token/i.test(error.message ?? '');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** fetch reports network failures as "fetch failed" with the reason in `cause`. */
function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
}
