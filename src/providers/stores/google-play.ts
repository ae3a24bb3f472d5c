import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { App } from '../../core/apps/types.js';
import { DomainError, fail } from '../../core/errors.js';
import type { GooglePlaySetup } from '../../core/payments/google-play-setup.js';
import type {
  PurchaseProof,
  StorePurchaseVerifier,
  VerifiedPurchase,
} from '../../core/payments/store-purchases.js';
import type { Clock } from '../../core/runtime.js';
import { systemClock } from '../../core/runtime.js';
import type { ServiceAccount } from '../fcm/service-account.js';
import { AccessTokenRefused, ServiceAccountTokens } from '../google/access-tokens.js';

export const GOOGLE_PLAY_ENDPOINT = 'https://androidpublisher.googleapis.com';
export const ANDROID_PUBLISHER_SCOPE = 'https://www.googleapis.com/auth/androidpublisher';

const DEFAULT_TIMEOUT_MS = 10_000;

/** Where the verifier finds an app's package name and service account. */
export interface GooglePlaySetupSource {
  get(appId: string): Promise<GooglePlaySetup>;
}

export interface GooglePlayVerifierOptions {
  setups: GooglePlaySetupSource;
  /** Replaces https://androidpublisher.googleapis.com (tests and relays). */
  endpoint?: string;
  timeoutMs?: number;
  clock?: Clock;
}

/** The fields of androidpublisher v3 `ProductPurchase` that the checks read. */
const productPurchaseSchema = z.object({
  purchaseTimeMillis: z.string().regex(/^\d+$/),
  /** 0 purchased, 1 canceled, 2 pending. */
  purchaseState: z.number().int(),
  /** 0 yet to be consumed, 1 consumed. */
  consumptionState: z.number().int(),
  orderId: z.string().min(1).optional(),
  /** Absent for ordinary purchases; 0 test (license testers), 1 promo, 2 rewarded. */
  purchaseType: z.number().int().optional(),
  productId: z.string().optional(),
});

interface AppTokens {
  fingerprint: string;
  tokens: ServiceAccountTokens;
}

interface Configured {
  packageName: string;
  tokens: ServiceAccountTokens;
}

/**
 * Verifies one-time product purchases with the Google Play Developer API (androidpublisher v3
 * `purchases.products.get`) and acknowledges them, authorised by the app's service account.
 */
export class GooglePlayVerifier implements StorePurchaseVerifier {
  readonly store = 'google_play' as const;
  private readonly endpoint: string;
  private readonly timeoutMs: number;
  private readonly clock: Clock;
  private readonly tokensByApp = new Map<string, AppTokens>();

  constructor(private readonly options: GooglePlayVerifierOptions) {
    this.endpoint = (options.endpoint ?? GOOGLE_PLAY_ENDPOINT).replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.clock = options.clock ?? systemClock;
  }

  async verify(app: App, proof: PurchaseProof): Promise<VerifiedPurchase> {
    const { packageName, tokens } = await this.configured(app);
    if (proof.packageName !== undefined && proof.packageName !== packageName) {
      fail('purchase.invalid', `package ${proof.packageName} is not the app's (${packageName})`);
    }
    const body = await this.call(tokens, 'GET', this.purchaseUrl(packageName, proof));
    const parsed = productPurchaseSchema.safeParse(parseJson(body));
    if (!parsed.success) fail('purchase.store_unavailable', `unexpected Google answer: ${body}`);
    const purchase = parsed.data;
    if (purchase.productId !== undefined && purchase.productId !== proof.productId) {
      fail('purchase.invalid', `the token is a purchase of ${purchase.productId}`);
    }
    if (purchase.purchaseState !== 0) {
      const state = purchase.purchaseState === 1 ? 'canceled' : 'pending';
      fail('purchase.invalid', `the purchase is ${state}`);
    }
    if (purchase.consumptionState !== 0) fail('purchase.invalid', 'the purchase is consumed');
    if (purchase.orderId === undefined) fail('purchase.invalid', 'the purchase has no order id');
    return {
      store: 'google_play',
      storeOrderId: purchase.orderId,
      purchaseKey: proof.token,
      productId: proof.productId,
      packageName,
      environment: purchase.purchaseType === 0 ? 'sandbox' : 'production',
      purchasedAt: Number(purchase.purchaseTimeMillis),
    };
  }

  async acknowledge(app: App, purchase: VerifiedPurchase, proof: PurchaseProof): Promise<void> {
    const { tokens } = await this.configured(app);
    const url = `${this.purchaseUrl(purchase.packageName, proof)}:acknowledge`;
    await this.call(tokens, 'POST', url, '{}');
  }

  private purchaseUrl(packageName: string, proof: PurchaseProof): string {
    const part = encodeURIComponent;
    return (
      `${this.endpoint}/androidpublisher/v3/applications/${part(packageName)}` +
      `/purchases/products/${part(proof.productId)}/tokens/${part(proof.token)}`
    );
  }

  /** The app's package name and the token source of its service account (kept per key). */
  private async configured(app: App): Promise<Configured> {
    const setup = await this.options.setups.get(app.id);
    const { packageName, serviceAccount } = setup;
    if (packageName === null || serviceAccount === null) {
      fail(
        'purchase.not_configured',
        'the app has no Google Play package name and service account',
      );
    }
    const fingerprint = fingerprintOf(serviceAccount);
    let cached = this.tokensByApp.get(app.id);
    if (cached?.fingerprint !== fingerprint) {
      cached = {
        fingerprint,
        tokens: new ServiceAccountTokens(
          serviceAccount,
          ANDROID_PUBLISHER_SCOPE,
          this.timeoutMs,
          this.clock,
        ),
      };
      this.tokensByApp.set(app.id, cached);
    }
    return { packageName, tokens: cached.tokens };
  }

  /** The body of a 2xx answer; one retry with a fresh access token after a 401. */
  private async call(
    tokens: ServiceAccountTokens,
    method: 'GET' | 'POST',
    url: string,
    body?: string,
  ): Promise<string> {
    for (let attempt = 1; ; attempt += 1) {
      const bearer = await this.accessToken(tokens);
      let response: Response;
      let text: string;
      try {
        response = await fetch(url, {
          method,
          headers: {
            authorization: `Bearer ${bearer}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body }),
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        text = await response.text();
      } catch (error) {
        return fail('purchase.store_unavailable', `Google Play: ${errorText(error)}`);
      }
      if (response.ok) return text;
      if (response.status === 401 && attempt === 1) {
        tokens.forget();
        continue;
      }
      const detail = `Google Play answered ${response.status} ${googleMessage(text)}`.trim();
      if (response.status === 401 || response.status === 403) {
        fail('purchase.not_configured', `${detail} (does the service account have access?)`);
      }
      fail(response.status >= 500 ? 'purchase.store_unavailable' : 'purchase.invalid', detail);
    }
  }

  private async accessToken(tokens: ServiceAccountTokens): Promise<string> {
    try {
      return await tokens.current();
    } catch (error) {
      if (error instanceof DomainError) throw error;
      if (error instanceof AccessTokenRefused && error.status < 500) {
        fail('purchase.not_configured', `Google refused the service account: ${error.message}`);
      }
      return fail('purchase.store_unavailable', `Google's token endpoint: ${errorText(error)}`);
    }
  }
}

function fingerprintOf(account: ServiceAccount): string {
  return createHash('sha256')
    .update(JSON.stringify([account.clientEmail, account.tokenUri, account.privateKey]))
    .digest('hex');
}

/** The `error.message` of a Google API error body, else the body. */
function googleMessage(text: string): string {
  const parsed = z.object({ error: z.object({ message: z.string() }) }).safeParse(parseJson(text));
  return parsed.success ? parsed.data.error.message : text.slice(0, 200);
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
