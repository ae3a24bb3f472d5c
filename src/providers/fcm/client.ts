import { createPrivateKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { z } from 'zod';
import type { Clock } from '../../core/runtime.js';
import { systemClock } from '../../core/runtime.js';
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
const ASSERTION_LIFETIME_S = 3600;
/** A cached access token is replaced this long before it expires. */
const REFRESH_MARGIN_MS = 60_000;

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
});
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

interface AccessToken {
  value: string;
  refreshAt: number;
}

/** Firebase Cloud Messaging HTTP v1 client, authorised by the service-account OAuth 2.0 flow. */
export class FcmClient implements PushProvider {
  private readonly account: ServiceAccount;
  private readonly signingKey: KeyObject;
  private readonly sendUrl: string;
  private readonly timeoutMs: number;
  private readonly clock: Clock;
  private accessToken: AccessToken | undefined;
  /** Shared by concurrent sends so that they cause one token request. */
  private tokenRequest: Promise<AccessToken> | undefined;

  constructor(options: FcmClientOptions) {
    this.account = options.serviceAccount;
    this.signingKey = createPrivateKey(this.account.privateKey);
    const endpoint = (options.endpoint ?? FCM_ENDPOINT).replace(/\/+$/, '');
    this.sendUrl = `${endpoint}/v1/projects/${encodeURIComponent(this.account.projectId)}/messages:send`;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.clock = options.clock ?? systemClock;
  }

  async send(token: string, message: PushMessage): Promise<PushOutcome> {
    if (!message.android) return { status: 'failed', detail: 'the message has no android part' };
    let bearer: string;
    try {
      bearer = await this.currentAccessToken();
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
      if (response.status === 401) this.accessToken = undefined;
      return outcomeOf(response.status, body);
    } catch (error) {
      return { status: 'failed', detail: errorText(error) };
    }
  }

  async close(): Promise<void> {
    // fetch pools its connections globally; there is nothing of this client's to release.
  }

  private async currentAccessToken(): Promise<string> {
    if (this.accessToken && this.clock.now() < this.accessToken.refreshAt) {
      return this.accessToken.value;
    }
    this.tokenRequest ??= this.requestAccessToken().finally(() => {
      this.tokenRequest = undefined;
    });
    this.accessToken = await this.tokenRequest;
    return this.accessToken.value;
  }

  /** JWT-bearer grant of "Using OAuth 2.0 for Server to Server Applications". */
  private async requestAccessToken(): Promise<AccessToken> {
    const requestedAt = this.clock.now();
    const issuedAt = Math.floor(requestedAt / 1000);
    const assertion = await new SignJWT({ scope: FCM_SCOPE })
      .setProtectedHeader({
        alg: 'RS256',
        typ: 'JWT',
        ...(this.account.privateKeyId === undefined ? {} : { kid: this.account.privateKeyId }),
      })
      .setIssuer(this.account.clientEmail)
      .setAudience(this.account.tokenUri)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + ASSERTION_LIFETIME_S)
      .sign(this.signingKey);
    const response = await fetch(this.account.tokenUri, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion,
      }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const body = await response.text();
    if (!response.ok) throw new Error(`${response.status} ${body}`.trim());
    const token = tokenResponseSchema.safeParse(parseJson(body));
    if (!token.success) throw new Error(`unexpected token response: ${body}`);
    return {
      value: token.data.access_token,
      refreshAt: requestedAt + token.data.expires_in * 1000 - REFRESH_MARGIN_MS,
    };
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
