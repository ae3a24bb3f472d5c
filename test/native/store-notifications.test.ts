import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { TestAppleChain } from '../helpers/fake-app-store.js';
import { makeAppleChain, signWithChain, signedTransaction } from '../helpers/fake-app-store.js';
import type { TestApp } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';

const PACKAGE = 'com.tecnofut.game';
const PRODUCT = 'coins.600';
const APPLE_ID = 1234567890;
const chain: TestAppleChain = makeAppleChain();

/** A Cloud Pub/Sub push of a Google Play developer notification. */
function googlePush(notification: object) {
  return {
    message: {
      data: Buffer.from(JSON.stringify(notification)).toString('base64'),
      messageId: '136969346945',
    },
    subscription: 'projects/tecnofut/subscriptions/play-refunds',
  };
}

const voided = (purchaseToken: string, packageName = PACKAGE) =>
  googlePush({
    version: '1.0',
    packageName,
    eventTimeMillis: '1764900000000',
    voidedPurchaseNotification: { purchaseToken, orderId: 'GPA.1', productType: 2, refundType: 1 },
  });

/** An App Store Server Notification V2, signed by the test chain. */
const appleNotice = (type: string, originalTransactionId: string) => ({
  signedPayload: signWithChain(chain, {
    notificationType: type,
    notificationUUID: `uuid-${type}-${originalTransactionId}`,
    version: '2.0',
    signedDate: Date.now(),
    data: {
      appAppleId: APPLE_ID,
      bundleId: PACKAGE,
      environment: 'Production',
      signedTransactionInfo: signedTransaction(chain, {
        transactionId: `t-${originalTransactionId}`,
        originalTransactionId,
        bundleId: PACKAGE,
        productId: PRODUCT,
        environment: 'Production',
        revocationDate: Date.now(),
      }),
    },
  }),
});

describeEachBackend(
  'store refund notifications',
  (server) => {
    let app: TestApp;
    let uid: string;
    let token: string;
    let next = 0;

    before(async () => {
      app = await server().createApp('Tecnofut', { sandbox: true });
      uid = (await server().guest(app, 'buyer')).xcloud.uid;
      await server().guildhall.googlePlay.set(app.id, { packageName: PACKAGE });
      token = await server().guildhall.googlePlay.notificationToken(app.id);
      await server().guildhall.appStoreSetups.put(app.id, {
        bundleId: PACKAGE,
        environment: 'production',
        appAppleId: APPLE_ID,
        apiKey: null,
        sharedSecret: null,
      });
    });

    /** An order placed by /Pt/order and paid by a sandbox store check; its id. */
    const paidOrder = async (check: '/Googlepay/check' | '/Applepay/check', purchase: string) => {
      const game_order = `refund-${(next += 1)}`;
      const placed = await server().xcloud(app, '/Pt/order', {
        uid,
        role_name: 'Zico',
        sid: '1',
        gid: app.xcloud.gid,
        app_id: app.xcloud.appId,
        game_order,
        amount: '4.99',
        currency: 'USD',
        game_money: '600',
        product_id: PRODUCT,
        game_good_id: '1',
        channel: 'store',
        data: '',
      });
      assert.equal(placed.body.status, 200);
      const google = check === '/Googlepay/check';
      const paid = await server().xcloud(app, check, {
        uid,
        gid: app.xcloud.gid,
        package_name: PACKAGE,
        product_id: PRODUCT,
        token: purchase,
        game_order,
        ...(google && { app_id: app.xcloud.appId, google_order: purchase }),
      });
      assert.equal(paid.body.status, 200, paid.text);
      return placed.body.data.order_id as string;
    };
    const statusOf = async (orderId: string) =>
      (await server().guildhall.payments.get(orderId)).status;
    const pushToGoogle = (body: unknown, query = { app_id: app.id, token }) =>
      server().request(
        'POST',
        `/v1/stores/google-play/notifications?${new URLSearchParams(query)}`,
        {
          json: body,
        },
      );

    it('Google Play: a voided purchase refunds the order it paid; a repeat or an unknown purchase changes nothing (204)', async () => {
      const orderId = await paidOrder('/Googlepay/check', 'sandbox-g-1');
      assert.equal((await pushToGoogle(voided('sandbox-g-1'))).status, 204);
      assert.equal(await statusOf(orderId), 'refunded');
      assert.equal((await pushToGoogle(voided('sandbox-g-1'))).status, 204);
      assert.equal((await pushToGoogle(voided('never-sold'))).status, 204);
      const test = googlePush({
        version: '1.0',
        packageName: PACKAGE,
        eventTimeMillis: '1',
        testNotification: { version: '1.0' },
      });
      assert.equal((await pushToGoogle(test)).status, 204);
    });

    it('Google Play: refuses a wrong token (401), another package or a bad body (400), an unknown app (404), changing nothing', async () => {
      const orderId = await paidOrder('/Googlepay/check', 'sandbox-g-2');
      const wrong = await pushToGoogle(voided('sandbox-g-2'), { app_id: app.id, token: 'wrong' });
      assert.equal(wrong.status, 401);
      assert.equal((await pushToGoogle(voided('sandbox-g-2', 'com.other'))).status, 400);
      assert.equal((await pushToGoogle({ message: { data: '!!' } })).status, 400);
      const unknown = await pushToGoogle(voided('sandbox-g-2'), { app_id: 'app_nope', token });
      assert.equal(unknown.status, 404);
      assert.equal(await statusOf(orderId), 'paid');
    });

    it('App Store: REFUND and REVOKE refund the order the original transaction paid; other types change nothing', async () => {
      const url = `/v1/stores/app-store/notifications/${app.id}`;
      const first = await paidOrder('/Applepay/check', 'sandbox-a-1');
      const second = await paidOrder('/Applepay/check', 'sandbox-a-2');
      const other = await server().request('POST', url, {
        json: appleNotice('DID_CHANGE_RENEWAL_STATUS', 'sandbox-a-1'),
      });
      assert.equal(other.status, 200);
      assert.deepEqual(other.json, { type: 'DID_CHANGE_RENEWAL_STATUS', refunded: false });
      assert.equal(await statusOf(first), 'paid');
      const refund = await server().request('POST', url, {
        json: appleNotice('REFUND', 'sandbox-a-1'),
      });
      assert.deepEqual(refund.json, { order_id: first, refunded: true });
      assert.equal(await statusOf(first), 'refunded');
      const again = await server().request('POST', url, {
        json: appleNotice('REFUND', 'sandbox-a-1'),
      });
      assert.deepEqual(again.json, { order_id: null, refunded: false });
      await server().request('POST', url, { json: appleNotice('REVOKE', 'sandbox-a-2') });
      assert.equal(await statusOf(second), 'refunded');
    });

    it('App Store: refuses a payload not signed by Apple (402) or not a payload (400), changing nothing', async () => {
      const url = `/v1/stores/app-store/notifications/${app.id}`;
      const orderId = await paidOrder('/Applepay/check', 'sandbox-a-3');
      const stranger = makeAppleChain();
      const forged = {
        signedPayload: signWithChain(stranger, {
          notificationType: 'REFUND',
          data: { appAppleId: APPLE_ID, bundleId: PACKAGE, environment: 'Production' },
        }),
      };
      assert.equal((await server().request('POST', url, { json: forged })).status, 402);
      assert.equal((await server().request('POST', url, { json: {} })).status, 400);
      assert.equal(await statusOf(orderId), 'paid');
    });
  },
  () => ({ stores: { appStore: { rootCertificates: [chain.root] } } }),
);
