import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { App } from '../../src/core/apps/types.js';
import { fail } from '../../src/core/errors.js';
import type {
  AppStore,
  PurchaseProof,
  StorePurchaseVerifier,
  VerifiedPurchase,
} from '../../src/core/payments/store-purchases.js';
import type { TestApp } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';

const PACKAGE = 'com.tecnofut.game';
const PRODUCT = 'coins.600';

/**
 * A test double of a store: the purchases it knows by token, `invalid-…` tokens refused,
 * `down-…` tokens unreachable; it records what it was asked to acknowledge.
 */
class StoreDouble implements StorePurchaseVerifier {
  readonly purchases = new Map<string, Partial<VerifiedPurchase>>();
  readonly acknowledged: string[] = [];
  constructor(readonly store: AppStore) {}

  async verify(_app: App, proof: PurchaseProof): Promise<VerifiedPurchase> {
    if (proof.token.startsWith('invalid-')) fail('purchase.invalid', 'not a purchase');
    if (proof.token.startsWith('down-')) fail('purchase.store_unavailable', 'store down');
    const known = this.purchases.get(proof.token);
    if (!known) fail('purchase.invalid', 'unknown token');
    return {
      store: this.store,
      storeOrderId: `GPA.${proof.token}`,
      purchaseKey: `key-${proof.token}`,
      productId: PRODUCT,
      packageName: PACKAGE,
      environment: 'production',
      purchasedAt: 0,
      ...known,
    };
  }

  async acknowledge(_app: App, purchase: VerifiedPurchase): Promise<void> {
    this.acknowledged.push(purchase.purchaseKey);
  }
}

const google = new StoreDouble('google_play');
const apple = new StoreDouble('app_store');

describeEachBackend(
  'xcloud /Googlepay/check and /Applepay/check',
  (server) => {
    let app: TestApp;
    let sandbox: TestApp;
    let uid: string;
    let sandboxUid: string;
    let next = 0;

    before(async () => {
      app = await server().createApp('Tecnofut');
      sandbox = await server().createApp('Tecnofut Sandbox', { sandbox: true });
      uid = (await server().guest(app, 'buyer')).xcloud.uid;
      sandboxUid = (await server().guest(sandbox, 'tester')).xcloud.uid;
    });

    /** Places an order through /Pt/order; answers its game_order and order id. */
    const placeOrder = async (target: TestApp, who: string) => {
      const game_order = `pc-${(next += 1)}`;
      const placed = await server().xcloud(target, '/Pt/order', {
        uid: who,
        role_name: 'Sócrates',
        sid: '1',
        gid: target.xcloud.gid,
        app_id: target.xcloud.appId,
        game_order,
        amount: '4.99',
        currency: 'USD',
        game_money: '600',
        product_id: PRODUCT,
        game_good_id: '1',
        channel: 'googleplay',
        data: '',
      });
      assert.equal(placed.body.status, 200);
      return { game_order, orderId: placed.body.data.order_id as string };
    };
    const googleCheck = (target: TestApp, fields: Record<string, string>) =>
      server().xcloud(target, '/Googlepay/check', {
        gid: target.xcloud.gid,
        app_id: target.xcloud.appId,
        package_name: PACKAGE,
        product_id: PRODUCT,
        ...fields,
      });
    const appleCheck = (target: TestApp, fields: Record<string, string>) =>
      server().xcloud(target, '/Applepay/check', {
        gid: target.xcloud.gid,
        package_name: PACKAGE,
        product_id: PRODUCT,
        ...fields,
      });
    const statusOf = async (orderId: string) =>
      (await server().guildhall.payments.get(orderId)).status;

    it('Google: a verified purchase pays the order, acknowledged; checkorder then says 200; a retry answers 200', async () => {
      const { game_order, orderId } = await placeOrder(app, uid);
      const acknowledged = google.acknowledged.length;
      google.purchases.set('tok-g1', {});
      const fields = { uid, token: 'tok-g1', game_order, google_order: 'GPA.tok-g1' };
      const answer = await googleCheck(app, fields);
      assert.deepEqual(answer.body, { status: 200, msg: 'success', data: {} });
      const paid = await server().guildhall.payments.get(orderId);
      assert.equal(paid.status, 'paid');
      assert.equal(paid.channel, 'google_play');
      assert.equal(paid.purchaseKey, 'key-tok-g1');
      assert.equal(paid.transactionId, 'GPA.tok-g1');
      assert.deepEqual(google.acknowledged.slice(acknowledged), ['key-tok-g1']);
      const check = await server().xcloud(
        app,
        '/Pt/checkorder',
        { uid, gid: app.xcloud.gid, game_order },
        { noTime: true },
      );
      assert.equal(check.body.status, 200);
      assert.equal((await googleCheck(app, fields)).body.status, 200);
      assert.deepEqual(google.acknowledged.slice(acknowledged), ['key-tok-g1', 'key-tok-g1']);
    });

    it('Apple: a verified purchase pays the order', async () => {
      const { game_order, orderId } = await placeOrder(app, uid);
      apple.purchases.set('jws-a1', { storeOrderId: '2000000001' });
      const answer = await appleCheck(app, { uid, token: 'jws-a1', game_order });
      assert.equal(answer.body.status, 200, JSON.stringify(answer.body));
      const paid = await server().guildhall.payments.get(orderId);
      assert.equal(paid.channel, 'app_store');
      assert.equal(paid.transactionId, '2000000001');
    });

    it('118: a purchase that paid one order pays no other, on either check', async () => {
      const first = await placeOrder(app, uid);
      const second = await placeOrder(app, uid);
      google.purchases.set('tok-once', { storeOrderId: 'GPA.once' });
      const call = (game_order: string) =>
        googleCheck(app, { uid, token: 'tok-once', game_order, google_order: 'GPA.once' });
      assert.equal((await call(first.game_order)).body.status, 200);
      const again = await call(second.game_order);
      assert.equal(again.body.status, 118);
      assert.match(again.body.msg, /^渠道订单异常/);
      assert.equal(await statusOf(second.orderId), 'created');
    });

    it("118 for mismatches: product, package, google_order, unknown or another uid's game_order, an order paid otherwise", async () => {
      const { game_order, orderId } = await placeOrder(app, uid);
      const otherUid = (await server().guest(app, 'someone')).xcloud.uid;
      google.purchases.set('tok-m', { storeOrderId: 'GPA.m' });
      google.purchases.set('tok-other-product', { productId: 'coins.9000' });
      google.purchases.set('tok-other-package', { packageName: 'com.other' });
      const base = { uid, token: 'tok-m', game_order, google_order: 'GPA.m' };
      const cases: [string, Record<string, string>][] = [
        ['a product_id not the order', { product_id: 'coins.9000' }],
        [
          'a verified product not the order',
          { token: 'tok-other-product', google_order: 'GPA.tok-other-product' },
        ],
        [
          'a verified package not the one named',
          { token: 'tok-other-package', google_order: 'GPA.tok-other-package' },
        ],
        ['another google_order', { google_order: 'GPA.someone-else' }],
        ['an unknown game_order', { game_order: 'nope' }],
        ["another uid's order", { uid: otherUid }],
      ];
      for (const [what, bad] of cases) {
        const answer = await googleCheck(app, { ...base, ...bad });
        assert.equal(answer.body.status, 118, `${what}: ${JSON.stringify(answer.body)}`);
      }
      assert.equal(await statusOf(orderId), 'created');
      await server().guildhall.payments.markPaid(orderId, 'elsewhere');
      assert.equal((await googleCheck(app, base)).body.status, 118);
    });

    it('119 when the store refuses or cannot be reached, or for a sandbox token on a live app; the order stays unpaid', async () => {
      const { game_order, orderId } = await placeOrder(app, uid);
      for (const token of ['invalid-1', 'down-1', 'unknown-token', 'sandbox-abc']) {
        const answer = await googleCheck(app, { uid, token, game_order, google_order: 'GPA.x' });
        assert.equal(answer.body.status, 119, `${token}: ${JSON.stringify(answer.body)}`);
        const apple119 = await appleCheck(app, { uid, token, game_order });
        assert.equal(apple119.body.status, 119, token);
      }
      assert.equal(await statusOf(orderId), 'created');
    });

    it('sandbox app: a sandbox- token pays as if the store confirmed it, once, without asking the store', async () => {
      const asked = google.acknowledged.length;
      const { game_order, orderId } = await placeOrder(sandbox, sandboxUid);
      const fields = { uid: sandboxUid, token: 'sandbox-g-1', game_order, google_order: 'GPA.sb' };
      assert.equal((await googleCheck(sandbox, fields)).body.status, 200);
      const paid = await server().guildhall.payments.get(orderId);
      assert.equal(paid.status, 'paid');
      assert.equal(paid.purchaseKey, 'sandbox-g-1');
      assert.equal(google.acknowledged.length, asked);
      const another = await placeOrder(sandbox, sandboxUid);
      const reuse = await googleCheck(sandbox, { ...fields, game_order: another.game_order });
      assert.equal(reuse.body.status, 118);
      const appleOrder = await placeOrder(sandbox, sandboxUid);
      const applePaid = await appleCheck(sandbox, {
        uid: sandboxUid,
        token: 'sandbox-a-1',
        game_order: appleOrder.game_order,
      });
      assert.equal(applePaid.body.status, 200);
      assert.equal(await statusOf(appleOrder.orderId), 'paid');
    });

    it('110 wrong app_id, 111 empty game_order, 116 unknown uid, 114 missing field, 104 no time, 105 bad sign', async () => {
      const { game_order } = await placeOrder(app, uid);
      const base = { uid, token: 'tok-x', game_order, google_order: 'GPA.x' };
      assert.equal((await googleCheck(app, { ...base, app_id: 'xcnotthis' })).body.status, 110);
      assert.equal((await googleCheck(app, { ...base, game_order: '' })).body.status, 111);
      assert.equal((await appleCheck(app, { uid, token: 't', game_order: '' })).body.status, 111);
      assert.equal((await googleCheck(app, { ...base, uid: '1999999999' })).body.status, 116);
      assert.equal(
        (await appleCheck(app, { uid: '1999999999', token: 't', game_order })).body.status,
        116,
      );
      const missing: Record<string, string> = { ...base };
      delete missing.google_order;
      assert.equal((await googleCheck(app, missing)).body.status, 114);
      const noTime = await server().xcloud(
        app,
        '/Applepay/check',
        {
          gid: app.xcloud.gid,
          package_name: PACKAGE,
          product_id: PRODUCT,
          uid,
          token: 't',
          game_order,
        },
        { noTime: true },
      );
      assert.equal(noTime.body.status, 104);
      const badSign = await server().xcloud(
        app,
        '/Applepay/check',
        {
          gid: app.xcloud.gid,
          package_name: PACKAGE,
          product_id: PRODUCT,
          uid,
          token: 't',
          game_order,
        },
        { sign: 'bad' },
      );
      assert.equal(badSign.body.status, 105);
    });
  },
  () => ({ storePurchases: { google_play: google, app_store: apple } }),
);

describeEachBackend('xcloud purchase checks of an app without a store set-up', (server) => {
  it('119 (no App Store set-up) for a store token; the order stays unpaid', async () => {
    const app = await server().createApp('Unverified');
    const uid = (await server().guest(app, 'p')).xcloud.uid;
    const placed = await server().xcloud(app, '/Pt/order', {
      uid,
      role_name: 'r',
      sid: '1',
      gid: app.xcloud.gid,
      app_id: app.xcloud.appId,
      game_order: 'nv-1',
      amount: '1.00',
      currency: 'USD',
      game_money: '1',
      product_id: PRODUCT,
      game_good_id: '1',
      channel: 'appstore',
      data: '',
    });
    const answer = await server().xcloud(app, '/Applepay/check', {
      uid,
      gid: app.xcloud.gid,
      package_name: PACKAGE,
      product_id: PRODUCT,
      token: 'real-looking-token',
      game_order: 'nv-1',
    });
    assert.equal(answer.body.status, 119);
    assert.match(answer.body.msg, /the app has no App Store set-up/);
    const order = await server().guildhall.payments.get(placed.body.data.order_id);
    assert.equal(order.status, 'created');
  });
});
