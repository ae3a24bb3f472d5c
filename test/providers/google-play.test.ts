import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { App } from '../../src/core/apps/types.js';
import { DomainError } from '../../src/core/errors.js';
import type { GooglePlaySetup } from '../../src/core/payments/google-play-setup.js';
import type { PurchaseProof } from '../../src/core/payments/store-purchases.js';
import type { Clock } from '../../src/core/runtime.js';
import { parseServiceAccount } from '../../src/providers/fcm/service-account.js';
import {
  ANDROID_PUBLISHER_SCOPE,
  GooglePlayVerifier,
} from '../../src/providers/stores/google-play.js';
import type { FakeGooglePlay } from '../helpers/fake-google-play.js';
import {
  PLAY_CLIENT_EMAIL,
  PLAY_PACKAGE,
  startFakeGooglePlay,
} from '../helpers/fake-google-play.js';

const APP = { id: 'app_play' } as App;

/** A port nothing listens on. */
async function freedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

function handClock() {
  return {
    time: Date.now(),
    now() {
      return this.time;
    },
  };
}

async function rejectsWith(promise: Promise<unknown>, code: string, message?: RegExp) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof DomainError, String(error));
    assert.equal(error.code, code, error.message);
    if (message) assert.match(error.message, message);
    return true;
  });
}

describe('GooglePlayVerifier', () => {
  let clock: ReturnType<typeof handClock>;
  let fake: FakeGooglePlay;
  let setup: GooglePlaySetup;

  const verifier = (options: { endpoint?: string; clock?: Clock } = {}) =>
    new GooglePlayVerifier({
      setups: { get: () => Promise.resolve(setup) },
      endpoint: options.endpoint ?? fake.endpoint,
      clock: options.clock ?? clock,
      timeoutMs: 2_000,
    });
  const proof = (token: string, productId = 'coins_100'): PurchaseProof => ({
    token,
    productId,
    packageName: PLAY_PACKAGE,
  });

  beforeEach(async () => {
    clock = handClock();
    fake = await startFakeGooglePlay(clock);
    setup = {
      packageName: PLAY_PACKAGE,
      serviceAccount: parseServiceAccount(fake.serviceAccountJson()),
    };
  });
  afterEach(() => fake.close());

  it('verifies a purchased, unconsumed purchase through the OAuth token exchange', async () => {
    const stored = fake.addPurchase('tok-1');
    const purchase = await verifier().verify(APP, proof('tok-1'));
    assert.deepEqual(purchase, {
      store: 'google_play',
      storeOrderId: stored.orderId,
      purchaseKey: 'tok-1',
      productId: 'coins_100',
      packageName: PLAY_PACKAGE,
      environment: 'production',
      purchasedAt: Number(stored.purchaseTimeMillis),
    });
    assert.equal(fake.tokenGrants.length, 1);
    assert.equal(fake.tokenGrants[0]!.scope, ANDROID_PUBLISHER_SCOPE);
    assert.equal(fake.tokenGrants[0]!.iss, PLAY_CLIENT_EMAIL);
    assert.deepEqual(fake.acknowledged, []);
  });

  it('acknowledges a purchase, reusing the access token', async () => {
    fake.addPurchase('tok-ack');
    const client = verifier();
    const purchase = await client.verify(APP, proof('tok-ack'));
    await client.acknowledge(APP, purchase, proof('tok-ack'));
    assert.deepEqual(fake.acknowledged, ['tok-ack']);
    assert.equal(fake.purchases.get('tok-ack')?.acknowledgementState, 1);
    assert.equal(fake.tokenGrants.length, 1);
    // Already acknowledged is no reason to refuse: the purchase key pays one order only.
    assert.equal((await client.verify(APP, proof('tok-ack'))).purchaseKey, 'tok-ack');
  });

  it('calls a test purchase sandbox', async () => {
    fake.addPurchase('tok-test', { purchaseType: 0 });
    assert.equal((await verifier().verify(APP, proof('tok-test'))).environment, 'sandbox');
  });

  it('refuses consumed, canceled and pending purchases', async () => {
    fake.addPurchase('consumed', { consumptionState: 1 });
    fake.addPurchase('canceled', { purchaseState: 1 });
    fake.addPurchase('pending', { purchaseState: 2 });
    const client = verifier();
    await rejectsWith(client.verify(APP, proof('consumed')), 'purchase.invalid', /consumed/);
    await rejectsWith(client.verify(APP, proof('canceled')), 'purchase.invalid', /canceled/);
    await rejectsWith(client.verify(APP, proof('pending')), 'purchase.invalid', /pending/);
  });

  it('refuses an unknown token, another product and another package', async () => {
    fake.addPurchase('other-product', { productId: 'gems_5' });
    fake.addPurchase('other-package', { packageName: 'com.example.other' });
    const client = verifier();
    await rejectsWith(client.verify(APP, proof('nope')), 'purchase.invalid', /404/);
    await rejectsWith(client.verify(APP, proof('other-product')), 'purchase.invalid', /404/);
    await rejectsWith(client.verify(APP, proof('other-package')), 'purchase.invalid', /404/);
    await rejectsWith(
      client.verify(APP, { ...proof('other-package'), packageName: 'com.example.other' }),
      'purchase.invalid',
      /not the app's/,
    );
  });

  it("refuses a purchase Google's answer names as another product's", async () => {
    fake.addPurchase('relayed', { answeredProductId: 'gems_5' });
    await rejectsWith(verifier().verify(APP, proof('relayed')), 'purchase.invalid', /gems_5/);
  });

  it('has the fake refuse an expired assertion and a key it does not know', async () => {
    fake.addPurchase('tok-2');
    const lateClock = { now: () => clock.now() - 2 * 3600_000 };
    await rejectsWith(
      verifier({ clock: lateClock }).verify(APP, proof('tok-2')),
      'purchase.not_configured',
      /refused the service account: 400 .*exp/,
    );
    setup = { ...setup, serviceAccount: parseServiceAccount(fake.foreignKeyJson()) };
    await rejectsWith(
      verifier().verify(APP, proof('tok-2')),
      'purchase.not_configured',
      /signature verification failed/,
    );
    assert.equal(fake.tokenGrants.length, 0);
  });

  it('fetches a new access token once when Google no longer accepts the old one', async () => {
    fake.addPurchase('tok-3');
    const client = verifier();
    await client.verify(APP, proof('tok-3'));
    fake.revokeAccessTokens();
    await client.verify(APP, proof('tok-3'));
    assert.equal(fake.tokenGrants.length, 2);
  });

  it('is unavailable on 5xx and when Google cannot be reached', async () => {
    fake.addPurchase('tok-4');
    fake.failWith(503);
    await rejectsWith(verifier().verify(APP, proof('tok-4')), 'purchase.store_unavailable', /503/);
    fake.failWith(undefined);
    const port = await freedPort();
    await rejectsWith(
      verifier({ endpoint: `http://127.0.0.1:${port}` }).verify(APP, proof('tok-4')),
      'purchase.store_unavailable',
      /fetch failed/,
    );
    setup = {
      ...setup,
      serviceAccount: parseServiceAccount(
        fake.serviceAccountJson({ token_uri: `http://127.0.0.1:${port}/token` }),
      ),
    };
    await rejectsWith(
      verifier().verify(APP, proof('tok-4')),
      'purchase.store_unavailable',
      /token endpoint/,
    );
  });

  it('is not configured without a package name or a service account', async () => {
    fake.addPurchase('tok-5');
    setup = { ...setup, packageName: null };
    await rejectsWith(verifier().verify(APP, proof('tok-5')), 'purchase.not_configured');
    setup = { packageName: PLAY_PACKAGE, serviceAccount: null };
    await rejectsWith(verifier().verify(APP, proof('tok-5')), 'purchase.not_configured');
  });
});
