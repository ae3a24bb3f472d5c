import { once } from 'node:events';
import http2 from 'node:http2';
import tls from 'node:tls';
import type { PushMessage, PushOutcome, PushProvider } from '../push/types.js';

export const APNS_ORIGINS = {
  production: 'https://api.push.apple.com:443',
  sandbox: 'https://api.sandbox.push.apple.com:443',
} as const;

export interface ApnsClientOptions {
  /** The app's push certificate with its private key, PKCS#12. */
  pfx: Buffer;
  passphrase: string;
  environment: keyof typeof APNS_ORIGINS;
  /** Replaces the environment's origin (tests point it at a fake). */
  origin?: string;
  /** A certificate (PEM) to trust besides the system roots. */
  ca?: string | Buffer;
  /** `apns-topic`; without it APNs uses the certificate's topic. */
  topic?: string;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const INVALID_TOKEN_REASONS = new Set(['BadDeviceToken', 'DeviceTokenNotForTopic']);

/** Throws a clear Error when the PKCS#12 file does not open with this passphrase. */
export function openPkcs12(pfx: Buffer, passphrase: string): void {
  try {
    tls.createSecureContext({ pfx, passphrase });
  } catch (error) {
    throw new Error(
      `The push certificate does not open: wrong passphrase or not a PKCS#12 file (${errorText(error)})`,
      { cause: error },
    );
  }
}

interface ApnsResponse {
  status: number;
  apnsId: string;
  body: string;
}

/** The request never reached APNs (the session was going away), so sending again cannot duplicate it. */
class NotDeliveredError extends Error {}

/** Certificate-authenticated client of Apple's HTTP/2 provider API; one session for all requests. */
export class ApnsClient implements PushProvider {
  private readonly origin: string;
  private readonly connectOptions: http2.SecureClientSessionOptions;
  private readonly timeoutMs: number;
  private session: http2.ClientHttp2Session | undefined;
  private closed = false;

  constructor(private readonly options: ApnsClientOptions) {
    openPkcs12(options.pfx, options.passphrase);
    this.origin = options.origin ?? APNS_ORIGINS[options.environment];
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.connectOptions = {
      pfx: options.pfx,
      passphrase: options.passphrase,
      ...(options.ca === undefined ? {} : { ca: [...tls.rootCertificates, options.ca] }),
    };
  }

  async send(token: string, message: PushMessage): Promise<PushOutcome> {
    if (this.closed) return { status: 'failed', detail: 'client closed' };
    const body = JSON.stringify({ aps: message.aps ?? {} });
    try {
      return outcomeOf(await this.postWithOneRetry(token, body));
    } catch (error) {
      return { status: 'failed', detail: errorText(error) };
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const session = this.session;
    this.session = undefined;
    if (!session || session.destroyed) return;
    const closed = once(session, 'close');
    session.close();
    await closed;
  }

  private async postWithOneRetry(token: string, body: string): Promise<ApnsResponse> {
    try {
      return await this.post(token, body);
    } catch (error) {
      if (!(error instanceof NotDeliveredError)) throw error;
      return await this.post(token, body);
    }
  }

  private post(token: string, body: string): Promise<ApnsResponse> {
    const session = this.currentSession();
    const headers: http2.OutgoingHttpHeaders = {
      ':method': 'POST',
      ':path': `/3/device/${encodeURIComponent(token)}`,
      'apns-push-type': 'alert',
      'apns-priority': '10',
      'apns-expiration': '0',
      'content-type': 'application/json',
    };
    if (this.options.topic !== undefined) headers['apns-topic'] = this.options.topic;

    return new Promise((resolve, reject) => {
      let stream: http2.ClientHttp2Stream;
      try {
        stream = session.request(headers);
      } catch (error) {
        const closing = session.closed || session.destroyed;
        if (closing) this.forget(session);
        reject(closing ? new NotDeliveredError(errorText(error), { cause: error }) : error);
        return;
      }
      const timer = setTimeout(() => {
        stream.close(http2.constants.NGHTTP2_CANCEL);
        reject(new Error(`no answer within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      let status = 0;
      let apnsId = '';
      let text = '';
      stream.on('response', (response) => {
        status = Number(response[':status']);
        apnsId = String(response['apns-id'] ?? '');
      });
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (text += chunk));
      stream.on('end', () => {
        clearTimeout(timer);
        resolve({ status, apnsId, body: text });
      });
      let failure: Error | undefined;
      stream.on('error', (error) => (failure = error));
      stream.on('close', () => {
        clearTimeout(timer);
        if (stream.rstCode === http2.constants.NGHTTP2_REFUSED_STREAM) {
          reject(new NotDeliveredError('stream refused by APNs'));
        } else {
          reject(failure ?? new Error(`stream closed before an answer (code ${stream.rstCode})`));
        }
      });
      stream.end(body);
    });
  }

  private currentSession(): http2.ClientHttp2Session {
    if (this.session && !this.session.closed && !this.session.destroyed) return this.session;
    const session = http2.connect(this.origin, this.connectOptions);
    const forget = () => this.forget(session);
    // GOAWAY (APNs closes idle or overloaded connections) shuts the session down; the next send reconnects.
    session.on('goaway', forget);
    session.on('close', forget);
    // Streams on the session report the error to their senders.
    session.on('error', forget);
    this.session = session;
    return session;
  }

  private forget(session: http2.ClientHttp2Session): void {
    if (this.session === session) this.session = undefined;
  }
}

function outcomeOf(response: ApnsResponse): PushOutcome {
  if (response.status === 200) return { status: 'sent', detail: response.apnsId };
  const reason = reasonOf(response.body);
  const detail = `${response.status} ${reason}`.trim();
  const invalid =
    response.status === 410 || (response.status === 400 && INVALID_TOKEN_REASONS.has(reason));
  return invalid ? { status: 'invalid', detail } : { status: 'failed', detail };
}

function reasonOf(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && 'reason' in parsed) {
      return String(parsed.reason);
    }
  } catch {
    // Not JSON: fall through to the raw text.
  }
  return body;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
