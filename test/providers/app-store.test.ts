import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { App } from '../../src/core/apps/types.js';
import { resolveConfig } from '../../src/config.js';
import { DomainError } from '../../src/core/errors.js';
import { openGuildhall } from '../../src/guildhall.js';
import type { AppStoreSetup } from '../../src/core/payments/app-store-setup.js';
import { AppStoreVerifier } from '../../src/providers/stores/app-store.js';
import { appleRootCertificates } from '../../src/providers/stores/apple-roots.js';
import type { FakeAppStore, TestAppleChain } from '../helpers/fake-app-store.js';
import {
  inAppPurchaseKey,
  makeAppleChain,
  signedTransaction,
  signWithChain,
  startFakeAppStore,
} from '../helpers/fake-app-store.js';

const BUNDLE = 'com.example.tecnofut';
const PRODUCT = 'coins_100';
const ISSUER = '57246542-96fe-1a63-e053-0824d011072a';
const KEY_ID = 'ABCDEFGH12';
const key = inAppPurchaseKey();

const production: AppStoreSetup = {
  bundleId: BUNDLE,
  environment: 'production',
  appAppleId: 1234567890,
  apiKey: { issuerId: ISSUER, keyId: KEY_ID, privateKey: key.p8 },
  sharedSecret: 'sharedsecret1',
};
const sandbox: AppStoreSetup = { ...production, environment: 'sandbox', appAppleId: null };

const app = (id: string) => ({ id }) as App;
const setups = new Map<string, AppStoreSetup>([
  ['app_prod', production],
  ['app_sandbox', sandbox],
  ['app_nokey', { ...production, apiKey: null }],
]);

async function refused(promise: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof DomainError, String(error));
    assert.equal(error.code, code, error.message);
    if (message) assert.match(error.message, message);
    return true;
  });
}

describe('App Store verifier (real signatures, fake Apple)', () => {
  let chain: TestAppleChain;
  let stranger: TestAppleChain;
  let fake: FakeAppStore;
  let verifier: AppStoreVerifier;
  const jws = (fields: Partial<Parameters<typeof signedTransaction>[1]> = {}, by = chain) =>
    signedTransaction(by, {
      transactionId: '2000000111',
      bundleId: BUNDLE,
      productId: PRODUCT,
      environment: 'Production',
      ...fields,
    });

  before(async () => {
    chain = makeAppleChain();
    stranger = makeAppleChain();
    fake = await startFakeAppStore({
      publicKey: key.publicKey,
      issuerId: ISSUER,
      keyId: KEY_ID,
      bundleId: BUNDLE,
    });
    verifier = new AppStoreVerifier((id) => Promise.resolve(setups.get(id)), {
      apiEndpoint: fake.apiEndpoint,
      receiptEndpoint: fake.receiptEndpoint,
      receiptSandboxEndpoint: fake.receiptSandboxEndpoint,
      rootCertificates: [chain.root],
      timeoutMs: 2_000,
    });
  });
  after(() => fake.close());

  it('accepts a StoreKit 2 signed transaction chained to the trusted root', async () => {
    const purchase = await verifier.verify(app('app_prod'), {
      productId: PRODUCT,
      token: jws({ purchaseDate: 1_700_000_000_000 }),
      packageName: BUNDLE,
    });
    assert.deepEqual(purchase, {
      store: 'app_store',
      storeOrderId: '2000000111',
      purchaseKey: '2000000111',
      productId: PRODUCT,
      packageName: BUNDLE,
      environment: 'production',
      purchasedAt: 1_700_000_000_000,
    });
    // A renewal or restore keeps its original transaction id as the purchase key.
    const renewal = await verifier.verify(app('app_prod'), {
      productId: PRODUCT,
      token: jws({ transactionId: '2000000222', originalTransactionId: '2000000111' }),
    });
    assert.equal(renewal.storeOrderId, '2000000222');
    assert.equal(renewal.purchaseKey, '2000000111');
  });

  it('refuses tampered, foreign-chained and expired-chain transactions', async () => {
    const [header, , signature] = jws().split('.');
    const forged = Buffer.from(
      JSON.stringify({
        transactionId: '9',
        originalTransactionId: '9',
        bundleId: BUNDLE,
        productId: PRODUCT,
        environment: 'Production',
        signedDate: Date.now(),
      }),
    ).toString('base64url');
    await refused(
      verifier.verify(app('app_prod'), {
        productId: PRODUCT,
        token: `${header}.${forged}.${signature}`,
      }),
      'purchase.invalid',
    );
    await refused(
      verifier.verify(app('app_prod'), { productId: PRODUCT, token: jws({}, stranger) }),
      'purchase.invalid',
      /VERIFICATION_FAILURE/,
    );
    // Without online checks the chain is checked at the signing date: past the certificates' end.
    const late = Date.now() + 20 * 365 * 86_400_000;
    await refused(
      verifier.verify(app('app_prod'), { productId: PRODUCT, token: jws({ signedDate: late }) }),
      'purchase.invalid',
      /INVALID_CERTIFICATE/,
    );
  });

  it('refuses another bundle, another product, a refunded purchase and the other environment', async () => {
    const verify = (appId: string, token: string, productId = PRODUCT) =>
      verifier.verify(app(appId), { productId, token });
    await refused(
      verify('app_prod', jws({ bundleId: 'com.other' })),
      'purchase.invalid',
      /INVALID_APP_IDENTIFIER/,
    );
    await refused(
      verifier.verify(app('app_prod'), {
        productId: PRODUCT,
        token: jws(),
        packageName: 'com.other',
      }),
      'purchase.invalid',
      /bundle id/,
    );
    await refused(verify('app_prod', jws(), 'coins_500'), 'purchase.invalid', /product coins_100/);
    await refused(
      verify('app_prod', jws({ revocationDate: Date.now() })),
      'purchase.invalid',
      /refunded/,
    );
    await refused(
      verify('app_prod', jws({ environment: 'Sandbox' })),
      'purchase.invalid',
      /INVALID_ENVIRONMENT/,
    );
    const inSandbox = await verify('app_sandbox', jws({ environment: 'Sandbox' }));
    assert.equal(inSandbox.environment, 'sandbox');
    await refused(verify('app_sandbox', jws()), 'purchase.invalid', /INVALID_ENVIRONMENT/);
    await refused(verify('app_none', jws()), 'purchase.not_configured');
    await refused(verify('app_prod', 'not a token!'), 'purchase.invalid');
  });

  it('looks a transaction id up with the App Store Server API, signed with the app key', async () => {
    fake.transactions.set('2000000333', jws({ transactionId: '2000000333' }));
    const purchase = await verifier.verify(app('app_prod'), {
      productId: PRODUCT,
      token: '2000000333',
    });
    assert.equal(purchase.storeOrderId, '2000000333');
    await refused(
      verifier.verify(app('app_prod'), { productId: PRODUCT, token: '2000000999' }),
      'purchase.invalid',
      /no transaction/,
    );
    await refused(
      verifier.verify(app('app_nokey'), { productId: PRODUCT, token: '2000000333' }),
      'purchase.not_configured',
    );
    // Another key of the same ids: the fake's JWT check refuses it.
    setups.set('app_otherkey', {
      ...production,
      apiKey: { ...production.apiKey!, privateKey: inAppPurchaseKey().p8 },
    });
    await refused(
      verifier.verify(app('app_otherkey'), { productId: PRODUCT, token: '2000000333' }),
      'purchase.not_configured',
    );
    fake.transactions.set(
      '2000000444',
      jws({ transactionId: '2000000444', revocationDate: Date.now() }),
    );
    await refused(
      verifier.verify(app('app_prod'), { productId: PRODUCT, token: '2000000444' }),
      'purchase.invalid',
      /refunded/,
    );
    fake.failWith = 503;
    try {
      await refused(
        verifier.verify(app('app_prod'), { productId: PRODUCT, token: '2000000333' }),
        'purchase.store_unavailable',
      );
    } finally {
      fake.failWith = null;
    }
    const down = new AppStoreVerifier((id) => Promise.resolve(setups.get(id)), {
      apiEndpoint: 'http://127.0.0.1:1',
      receiptEndpoint: 'http://127.0.0.1:1/verifyReceipt',
      rootCertificates: [chain.root],
    });
    await refused(
      down.verify(app('app_prod'), { productId: PRODUCT, token: '2000000333' }),
      'purchase.store_unavailable',
    );
    await refused(
      down.verify(app('app_prod'), { productId: PRODUCT, token: 'bGVnYWN5' }),
      'purchase.store_unavailable',
    );
  });

  it('verifies a legacy receipt: production, then the sandbox on 21007', async () => {
    const entry = (id: string, at: number, extra = {}) => ({
      product_id: PRODUCT,
      transaction_id: id,
      original_transaction_id: id,
      purchase_date_ms: String(at),
      ...extra,
    });
    fake.receipts.sandbox.set('c2FuZGJveA==', {
      status: 0,
      environment: 'Sandbox',
      receipt: {
        bundle_id: BUNDLE,
        in_app: [
          entry('100', 1_000),
          entry('101', 3_000, { cancellation_date_ms: '4000' }),
          entry('102', 2_000),
          { ...entry('103', 5_000), product_id: 'other' },
        ],
      },
    });
    const purchase = await verifier.verify(app('app_sandbox'), {
      productId: PRODUCT,
      token: 'c2FuZGJveA==',
    });
    assert.deepEqual(purchase, {
      store: 'app_store',
      storeOrderId: '102',
      purchaseKey: '102',
      productId: PRODUCT,
      packageName: BUNDLE,
      environment: 'sandbox',
      purchasedAt: 2_000,
    });
    assert.deepEqual(
      fake.receiptRequests.slice(-2).map((request) => request.environment),
      ['production', 'sandbox'],
    );
    assert.deepEqual(fake.receiptRequests.at(-1)?.body, {
      'receipt-data': 'c2FuZGJveA==',
      'exclude-old-transactions': false,
      password: 'sharedsecret1',
    });
    // A production app does not take a sandbox receipt; another product or bundle is refused.
    await refused(
      verifier.verify(app('app_prod'), { productId: PRODUCT, token: 'c2FuZGJveA==' }),
      'purchase.invalid',
      /sandbox environment/,
    );
    await refused(
      verifier.verify(app('app_sandbox'), { productId: 'coins_500', token: 'c2FuZGJveA==' }),
      'purchase.invalid',
      /no purchase/,
    );
    fake.receipts.production.set('cHJvZA==', {
      status: 0,
      environment: 'Production',
      receipt: { bundle_id: 'com.other', in_app: [entry('1', 1)] },
    });
    await refused(
      verifier.verify(app('app_prod'), { productId: PRODUCT, token: 'cHJvZA==' }),
      'purchase.invalid',
      /bundle com.other/,
    );
    await refused(
      verifier.verify(app('app_prod'), { productId: PRODUCT, token: 'YmFk' }),
      'purchase.invalid',
      /status 21002/,
    );
    fake.receipts.production.set('YnVzeQ==', { status: 21005 });
    await refused(
      verifier.verify(app('app_prod'), { productId: PRODUCT, token: 'YnVzeQ==' }),
      'purchase.store_unavailable',
    );
  });

  it('is the app_store verifier of the platform, reaching Apple where the configuration says', async () => {
    const config = resolveConfig(
      {},
      {
        GUILDHALL_APPLE_ENDPOINT: fake.apiEndpoint,
        GUILDHALL_APPLE_RECEIPT_ENDPOINT: fake.receiptEndpoint,
        GUILDHALL_APPLE_RECEIPT_SANDBOX_ENDPOINT: fake.receiptSandboxEndpoint,
      },
    );
    assert.throws(
      () => resolveConfig({}, { GUILDHALL_APPLE_ENDPOINT: 'ftp://x' }),
      /GUILDHALL_APPLE_ENDPOINT/,
    );
    const guildhall = await openGuildhall({
      rebuild: 'never',
      stores: { appStore: { ...config.stores.appStore, rootCertificates: [chain.root] } },
    });
    try {
      const created = await guildhall.apps.create('Wired Game');
      await guildhall.appStoreSetups.put(created.id, production);
      fake.transactions.set('2000000555', jws({ transactionId: '2000000555' }));
      const store = guildhall.storePurchaseVerifiers.app_store;
      assert.equal(store?.store, 'app_store');
      const purchase = await store.verify(created, { productId: PRODUCT, token: '2000000555' });
      assert.equal(purchase.purchaseKey, '2000000555');
    } finally {
      await guildhall.close();
    }
  });

  it('decodes App Store Server Notifications V2: refunds and revocations name the purchase', async () => {
    const notification = (type: string, data: object, by = chain) =>
      signWithChain(by, {
        notificationType: type,
        notificationUUID: `uuid-${type}`,
        version: '2.0',
        signedDate: Date.now(),
        data: { appAppleId: 1234567890, bundleId: BUNDLE, environment: 'Production', ...data },
      });
    const refunded = jws({
      transactionId: '2000000666',
      originalTransactionId: '2000000600',
      revocationDate: Date.now(),
    });
    for (const type of ['REFUND', 'REVOKE']) {
      assert.deepEqual(
        await verifier.decodeNotification(
          app('app_prod'),
          notification(type, { signedTransactionInfo: refunded }),
        ),
        {
          kind: 'refund',
          type,
          purchaseKey: '2000000600',
          storeOrderId: '2000000666',
          id: `uuid-${type}`,
        },
      );
    }
    assert.deepEqual(
      await verifier.decodeNotification(
        app('app_prod'),
        notification('CONSUMPTION_REQUEST', { signedTransactionInfo: refunded }),
      ),
      { kind: 'other', type: 'CONSUMPTION_REQUEST', id: 'uuid-CONSUMPTION_REQUEST' },
    );
    const decode = (payload: string, appId = 'app_prod') =>
      verifier.decodeNotification(app(appId), payload);
    await refused(
      decode(notification('REFUND', { signedTransactionInfo: refunded }, stranger)),
      'purchase.invalid',
      /VERIFICATION_FAILURE/,
    );
    await refused(
      decode(notification('REFUND', { signedTransactionInfo: refunded, bundleId: 'com.other' })),
      'purchase.invalid',
      /INVALID_APP_IDENTIFIER/,
    );
    await refused(
      decode(notification('REFUND', { signedTransactionInfo: refunded, appAppleId: 1 })),
      'purchase.invalid',
      /INVALID_APP_IDENTIFIER/,
    );
    await refused(
      decode(notification('REFUND', { signedTransactionInfo: refunded, environment: 'Sandbox' })),
      'purchase.invalid',
      /INVALID_ENVIRONMENT/,
    );
    await refused(
      decode(notification('REFUND', { signedTransactionInfo: jws({}, stranger) })),
      'purchase.invalid',
      /signed transaction refused/,
    );
    await refused(
      decode(notification('REFUND', {})),
      'purchase.invalid',
      /without a signed transaction/,
    );
    await refused(decode('e30.e30.e30'), 'purchase.invalid');
    await refused(decode(notification('REFUND', {}), 'app_none'), 'purchase.not_configured');
  });
});

it('ships Apple Root CA - G3 with the fingerprint Apple publishes', () => {
  const roots = appleRootCertificates().map((der) => new X509Certificate(der));
  const g3 = roots.find((root) => root.subject.includes('CN=Apple Root CA - G3'));
  assert.ok(g3, 'Apple Root CA - G3 is among the shipped roots');
  assert.equal(
    g3.fingerprint256,
    '63:34:3A:BF:B8:9A:6A:03:EB:B5:7E:9B:3F:5F:A7:BE:7C:4F:5C:75:6F:30:17:B3:A8:C4:88:C3:65:3E:91:79',
  );
  assert.ok(g3.verify(g3.publicKey), 'self-signed');
});
