import type {
  JWSTransactionDecodedPayload,
  ResponseBodyV2DecodedPayload,
} from '@apple/app-store-server-library';
import {
  APIException,
  AppStoreServerAPIClient,
  Environment,
  SignedDataVerifier,
  VerificationException,
  NotificationTypeV2,
  VerificationStatus,
} from '@apple/app-store-server-library';
import type { App } from '../../core/apps/types.js';
import { fail } from '../../core/errors.js';
import type { AppStoreSetup } from '../../core/payments/app-store-setup.js';
import type {
  PurchaseProof,
  StorePurchaseVerifier,
  VerifiedPurchase,
} from '../../core/payments/store-purchases.js';

export const APPLE_RECEIPT_ENDPOINTS = {
  production: 'https://buy.itunes.apple.com/verifyReceipt',
  sandbox: 'https://sandbox.itunes.apple.com/verifyReceipt',
} as const;

/** Where Apple is reached and what it is trusted with (tests and relays replace Apple's). */
export interface AppStoreEndpoints {
  /** Replaces the App Store Server API of both environments (https://api.storekit.apple.com). */
  apiEndpoint?: string;
  /** Replace Apple's verifyReceipt endpoints (legacy receipts). */
  receiptEndpoint?: string;
  receiptSandboxEndpoint?: string;
  /** DER root certificates signed data must chain to (default: apple-roots/). */
  rootCertificates: Buffer[];
  /** OCSP revocation checks of the chain, and expiry checked at now rather than the signing date. */
  onlineChecks?: boolean;
  /** Per-request timeout, ms (default 10 s). */
  timeoutMs?: number;
}

const ENVIRONMENTS = { production: Environment.PRODUCTION, sandbox: Environment.SANDBOX } as const;

type FetchResult = Awaited<ReturnType<AppStoreServerAPIClient['makeFetchRequest']>>;

/** Apple's client, sending to `base` instead of Apple's host and giving up after a timeout. */
class AppStoreApiClient extends AppStoreServerAPIClient {
  constructor(
    setup: AppStoreSetup & { apiKey: NonNullable<AppStoreSetup['apiKey']> },
    private readonly base: string | undefined,
    private readonly timeoutMs: number,
  ) {
    const { privateKey, keyId, issuerId } = setup.apiKey;
    super(privateKey, keyId, issuerId, setup.bundleId, ENVIRONMENTS[setup.environment]);
  }

  protected override async makeFetchRequest(
    path: string,
    query: URLSearchParams,
    method: string,
    body: string | Buffer | undefined,
    headers: Record<string, string>,
  ): Promise<FetchResult> {
    if (this.base === undefined) return super.makeFetchRequest(path, query, method, body, headers);
    const response = await fetch(`${this.base.replace(/\/+$/, '')}${path}?${query.toString()}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    // The library reads only ok, status and json() of the response.
    return response as unknown as FetchResult;
  }
}

interface ReceiptEntry {
  product_id?: string;
  transaction_id?: string;
  original_transaction_id?: string;
  purchase_date_ms?: string;
  cancellation_date_ms?: string;
}

interface ReceiptResponse {
  status?: number;
  environment?: string;
  receipt?: { bundle_id?: string; in_app?: ReceiptEntry[] };
  latest_receipt_info?: ReceiptEntry[];
}

/** What an App Store Server Notification V2 means for orders. */
export type AppStoreNotification =
  /** REFUND or REVOKE: the purchase with this key was taken back. */
  | { kind: 'refund'; type: string; purchaseKey: string; storeOrderId: string; id: string }
  /** Any other type: nothing for orders to do. */
  | { kind: 'other'; type: string; id: string };

const REFUND_TYPES: readonly string[] = [NotificationTypeV2.REFUND, NotificationTypeV2.REVOKE];

const JWS = /^[\w-]+\.[\w-]+\.[\w-]+$/;
const TRANSACTION_ID = /^\d{1,32}$/;
const BASE64 = /^[A-Za-z0-9+/\s]+={0,2}$/;
/** verifyReceipt statuses that mean Apple could not answer now (try again later). */
const RETRYABLE_RECEIPT_STATUS = (status: number) =>
  status === 21005 || status === 21009 || (status >= 21100 && status <= 21199);

/** Apple's data, or the domain error its verifier's refusal means. */
async function refusing<T>(verified: Promise<T>, what: string): Promise<T> {
  try {
    return await verified;
  } catch (error) {
    if (!(error instanceof VerificationException)) throw error;
    if (error.status === VerificationStatus.RETRYABLE_VERIFICATION_FAILURE) {
      fail('purchase.store_unavailable', "Apple's certificate status could not be checked");
    }
    return fail('purchase.invalid', `${what} refused: ${VerificationStatus[error.status]}`);
  }
}

/**
 * Verifies App Store purchases: a StoreKit 2 signed transaction (JWS), a transaction id looked up
 * with the App Store Server API, or a legacy base64 receipt sent to verifyReceipt.
 */
export class AppStoreVerifier implements StorePurchaseVerifier {
  readonly store = 'app_store' as const;
  private readonly timeoutMs: number;

  constructor(
    private readonly setupOf: (appId: string) => Promise<AppStoreSetup | undefined>,
    private readonly endpoints: AppStoreEndpoints,
  ) {
    this.timeoutMs = endpoints.timeoutMs ?? 10_000;
  }

  async verify(app: App, proof: PurchaseProof): Promise<VerifiedPurchase> {
    const setup =
      (await this.setupOf(app.id)) ??
      fail('purchase.not_configured', 'the app has no App Store set-up');
    if (proof.packageName !== undefined && proof.packageName !== setup.bundleId) {
      fail('purchase.invalid', `bundle id ${proof.packageName} is not the app's`);
    }
    const token = proof.token.trim();
    if (JWS.test(token)) return this.verifySigned(setup, token, proof.productId);
    if (TRANSACTION_ID.test(token)) return this.lookUp(setup, token, proof.productId);
    if (BASE64.test(token)) return this.verifyReceipt(setup, token, proof.productId);
    return fail('purchase.invalid', 'not a signed transaction, a transaction id or a receipt');
  }

  acknowledge(): Promise<void> {
    return Promise.resolve();
  }

  /**
   * Verifies an App Store Server Notification V2 `signedPayload` (Apple's signature, the app's
   * bundle id, Apple id and environment) and, for a refund or revocation, its signed transaction.
   */
  async decodeNotification(app: App, signedPayload: string): Promise<AppStoreNotification> {
    const setup =
      (await this.setupOf(app.id)) ??
      fail('purchase.not_configured', 'the app has no App Store set-up');
    const verifier = this.signedDataVerifier(setup);
    const notification = await refusing<ResponseBodyV2DecodedPayload>(
      verifier.verifyAndDecodeNotification(signedPayload),
      'notification',
    );
    const type = String(notification.notificationType ?? '');
    const id = notification.notificationUUID ?? '';
    if (!REFUND_TYPES.includes(type)) return { kind: 'other', type, id };
    const signed =
      notification.data?.signedTransactionInfo ??
      fail('purchase.invalid', `${type} notification without a signed transaction`);
    const transaction = await refusing<JWSTransactionDecodedPayload>(
      verifier.verifyAndDecodeTransaction(signed),
      'signed transaction',
    );
    if (!transaction.transactionId || !transaction.originalTransactionId) {
      fail('purchase.invalid', 'the transaction has no transaction id');
    }
    return {
      kind: 'refund',
      type,
      purchaseKey: transaction.originalTransactionId,
      storeOrderId: transaction.transactionId,
      id,
    };
  }

  private signedDataVerifier(setup: AppStoreSetup): SignedDataVerifier {
    if (this.endpoints.rootCertificates.length === 0) {
      fail('purchase.not_configured', "no Apple root certificates to verify Apple's signature");
    }
    return new SignedDataVerifier(
      this.endpoints.rootCertificates,
      this.endpoints.onlineChecks ?? false,
      ENVIRONMENTS[setup.environment],
      setup.bundleId,
      setup.appAppleId ?? undefined,
    );
  }

  /** Apple's signature (x5c chain to a trusted root), app, environment, product, not revoked. */
  private async verifySigned(
    setup: AppStoreSetup,
    signed: string,
    productId: string,
  ): Promise<VerifiedPurchase> {
    const transaction = await refusing<JWSTransactionDecodedPayload>(
      this.signedDataVerifier(setup).verifyAndDecodeTransaction(signed),
      'signed transaction',
    );
    if (transaction.productId !== productId) {
      fail('purchase.invalid', `the transaction is for product ${transaction.productId}`);
    }
    if (transaction.revocationDate !== undefined) {
      fail('purchase.invalid', 'the transaction was refunded or revoked');
    }
    if (!transaction.transactionId || !transaction.originalTransactionId) {
      fail('purchase.invalid', 'the transaction has no transaction id');
    }
    return {
      store: 'app_store',
      storeOrderId: transaction.transactionId,
      purchaseKey: transaction.originalTransactionId,
      productId,
      packageName: setup.bundleId,
      environment: setup.environment,
      purchasedAt: transaction.purchaseDate ?? transaction.signedDate ?? 0,
    };
  }

  private async lookUp(
    setup: AppStoreSetup,
    transactionId: string,
    productId: string,
  ): Promise<VerifiedPurchase> {
    const apiKey =
      setup.apiKey ??
      fail('purchase.not_configured', 'the app has no In-App Purchase key to look transactions up');
    const client = new AppStoreApiClient(
      { ...setup, apiKey },
      this.endpoints.apiEndpoint,
      this.timeoutMs,
    );
    let signed: string | undefined;
    try {
      signed = (await client.getTransactionInfo(transactionId)).signedTransactionInfo;
    } catch (error) {
      if (error instanceof APIException) {
        const status = error.httpStatusCode;
        if (status === 401)
          fail('purchase.not_configured', 'Apple refused the In-App Purchase key');
        if (status === 400 || status === 404) {
          fail('purchase.invalid', `Apple knows no transaction ${transactionId}`);
        }
        fail('purchase.store_unavailable', `App Store Server API answered HTTP ${status}`);
      }
      const message = error instanceof Error ? error.message : String(error);
      return fail('purchase.store_unavailable', `App Store Server API: ${message}`);
    }
    if (!signed) return fail('purchase.store_unavailable', 'Apple sent no signed transaction');
    return this.verifySigned(setup, signed, productId);
  }

  private async postReceipt(url: string, body: object): Promise<ReceiptResponse> {
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return fail('purchase.store_unavailable', `verifyReceipt: ${message}`);
    }
    if (!response.ok) fail('purchase.store_unavailable', `verifyReceipt: HTTP ${response.status}`);
    try {
      return (await response.json()) as ReceiptResponse;
    } catch {
      return fail('purchase.store_unavailable', 'verifyReceipt: not JSON');
    }
  }

  /** Production first, the sandbox when Apple says the receipt is a sandbox one (21007). */
  private async verifyReceipt(
    setup: AppStoreSetup,
    receipt: string,
    productId: string,
  ): Promise<VerifiedPurchase> {
    const body = {
      'receipt-data': receipt.replace(/\s+/g, ''),
      'exclude-old-transactions': false,
      ...(setup.sharedSecret === null ? {} : { password: setup.sharedSecret }),
    };
    let answer = await this.postReceipt(
      this.endpoints.receiptEndpoint ?? APPLE_RECEIPT_ENDPOINTS.production,
      body,
    );
    if (answer.status === 21007) {
      answer = await this.postReceipt(
        this.endpoints.receiptSandboxEndpoint ?? APPLE_RECEIPT_ENDPOINTS.sandbox,
        body,
      );
    }
    const status = answer.status ?? -1;
    if (RETRYABLE_RECEIPT_STATUS(status)) {
      fail('purchase.store_unavailable', `verifyReceipt: status ${status}`);
    }
    if (status !== 0) fail('purchase.invalid', `verifyReceipt: status ${status}`);
    if (answer.receipt?.bundle_id !== setup.bundleId) {
      fail('purchase.invalid', `the receipt is for bundle ${answer.receipt?.bundle_id}`);
    }
    const environment = answer.environment === 'Sandbox' ? 'sandbox' : 'production';
    if (environment !== setup.environment) {
      fail('purchase.invalid', `the receipt is from the ${environment} environment`);
    }
    // The newest unrefunded purchase of the product; one already used is refused by its key.
    const entry = [...(answer.receipt.in_app ?? []), ...(answer.latest_receipt_info ?? [])]
      .filter((item) => item.product_id === productId && item.cancellation_date_ms === undefined)
      .sort((a, b) => Number(b.purchase_date_ms ?? 0) - Number(a.purchase_date_ms ?? 0))[0];
    if (!entry?.transaction_id) {
      return fail('purchase.invalid', `the receipt holds no purchase of ${productId}`);
    }
    return {
      store: 'app_store',
      storeOrderId: entry.transaction_id,
      purchaseKey: entry.original_transaction_id ?? entry.transaction_id,
      productId,
      packageName: setup.bundleId,
      environment,
      purchasedAt: Number(entry.purchase_date_ms ?? 0),
    };
  }
}
