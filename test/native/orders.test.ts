import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { after, before, it } from 'node:test';
import { drainOutbox } from '../helpers/outbox.js';
import { startNotifyReceiver } from '../helpers/notify-receiver.js';
import type { TestApp, TestServer } from '../helpers/server.js';
import { ADMIN_TOKEN, describeEachBackend } from '../helpers/server.js';

type Player = Awaited<ReturnType<TestServer['guest']>>;

const assertError = (response: { status: number; json: any }, status: number, code: string) => {
  assert.equal(response.status, status, JSON.stringify(response.json));
  assert.deepEqual(Object.keys(response.json), ['error']);
  assert.equal(response.json.error.code, code);
  assert.equal(typeof response.json.error.message, 'string');
};

const newOrder = (order: Record<string, unknown> = {}) => ({
  product_id: 'com.example.gems.60',
  amount: '6.00',
  currency: 'RMB',
  channel: 'sandbox',
  app_order_no: 'cp-1',
  ...order,
});

describeEachBackend('native client orders', (server) => {
  let app: TestApp;
  let closed: TestApp;
  let player: Player;
  let rival: Player;
  before(async () => {
    app = await server().createApp('Order Game', { sandbox: true });
    closed = await server().createApp('Live Game');
    player = await server().guest(app, 'order-device');
    rival = await server().guest(app, 'order-rival');
  });

  const create = (who: Player, order: Record<string, unknown> = {}) =>
    server().request('POST', '/v1/client/orders', {
      token: who.session_token,
      json: newOrder(order),
    });
  const placed = async (who: Player, order: Record<string, unknown> = {}) => {
    const response = await create(who, order);
    assert.equal(response.status, 201, response.text);
    return response.json as { order_id: string; trade_no: string };
  };
  const pay = (who: Player, orderId: string, json?: unknown) =>
    server().request('POST', `/v1/client/orders/${orderId}/pay`, {
      token: who.session_token,
      json,
    });
  const show = (who: Player, orderId: string) =>
    server().request('GET', `/v1/client/orders/${orderId}`, { token: who.session_token });
  const statusOf = async (orderId: string) =>
    (await server().admin('GET', `/v1/admin/orders/${orderId}`)).json.status;

  it('creates an order (201 with order_id and trade_no) and shows it to its player', async () => {
    const createdAt = server().clock.now();
    const response = await create(player, { app_order_no: 'cp-show', client_type: 'ios' });
    assert.equal(response.status, 201);
    assert.deepEqual(Object.keys(response.json), ['order_id', 'trade_no']);
    assert.match(response.json.order_id, /^ord_/);
    // yyyyMMddHHmmss in Shanghai (the clock is 12:00 there) and 9 digits.
    assert.match(response.json.trade_no, /^20261121120000\d{9}$/);
    const shown = await show(player, response.json.order_id);
    assert.equal(shown.status, 200);
    assert.deepEqual(shown.json, {
      order_id: response.json.order_id,
      trade_no: response.json.trade_no,
      product_id: 'com.example.gems.60',
      amount: '6.00',
      currency: 'RMB',
      channel: 'sandbox',
      status: 'created',
      app_order_no: 'cp-show',
      created_at: createdAt,
      paid_at: null,
    });
    const coins = await placed(player, { amount: '60', currency: 'MMB' });
    assert.equal((await show(player, coins.order_id)).json.amount, '60');
    const cents = await placed(player, { amount: '0.5' });
    assert.equal((await show(player, cents.order_id)).json.amount, '0.50');
  });

  it('refuses a malformed order with 400 and no token with 401', async () => {
    for (const order of [
      { amount: '6.001' },
      { amount: '0' },
      { amount: '-1' },
      { amount: 6 },
      { amount: '6.5', currency: 'MMB' },
      { currency: 'XYZ' },
      { channel: 'paypal' },
      { product_id: '' },
      { app_order_no: '' },
      { client_type: 'web' },
      { extra: 'field' },
    ]) {
      assertError(await create(player, order), 400, 'invalid_argument');
    }
    for (const field of ['product_id', 'amount', 'currency', 'channel', 'app_order_no']) {
      const order: Record<string, unknown> = newOrder();
      delete order[field];
      const response = await server().request('POST', '/v1/client/orders', {
        token: player.session_token,
        json: order,
      });
      assertError(response, 400, 'invalid_argument');
    }
    const anonymous = await server().request('POST', '/v1/client/orders', { json: newOrder() });
    assertError(anonymous, 401, 'auth.bad_token');
    assertError(
      await server().request('POST', '/v1/client/orders', { json: newOrder(), token: 'nope' }),
      401,
      'auth.bad_token',
    );
    assertError(await show(player, 'ord_nope'), 404, 'order.not_found');
    assertError(await server().request('GET', '/v1/client/orders/ord_nope'), 401, 'auth.bad_token');
  });

  it('pays a sandbox order once: 200 then 409 order.already_paid', async () => {
    const { order_id, trade_no } = await placed(player);
    server().clock.advance(1_000);
    const paid = await pay(player, order_id);
    assert.equal(paid.status, 200);
    assert.deepEqual(paid.json, { order_id, trade_no, status: 'paid' });
    const shown = await show(player, order_id);
    assert.equal(shown.json.status, 'paid');
    assert.equal(shown.json.paid_at, server().clock.now());
    assertError(await pay(player, order_id), 409, 'order.already_paid');
    assertError(
      await pay(player, order_id, { transaction_id: 'again' }),
      409,
      'order.already_paid',
    );
    assert.equal((await show(player, order_id)).json.paid_at, shown.json.paid_at);
  });

  it('takes a transaction id once: a second order paid with it stays unpaid (409)', async () => {
    const first = await placed(player);
    const second = await placed(player);
    const paid = await pay(player, first.order_id, { transaction_id: 'sandbox-txn-1' });
    assert.equal(paid.status, 200);
    const detail = await server().admin('GET', `/v1/admin/orders/${first.order_id}`);
    assert.equal(detail.json.transaction_id, 'sandbox-txn-1');
    assertError(
      await pay(player, second.order_id, { transaction_id: 'sandbox-txn-1' }),
      409,
      'order.duplicate_transaction',
    );
    assert.equal(await statusOf(second.order_id), 'created');
    assert.deepEqual(
      (await server().admin('GET', `/v1/admin/orders/${second.order_id}`)).json.deliveries,
      [],
    );
    assert.equal((await pay(player, second.order_id)).status, 200);
  });

  it('refuses to pay outside sandbox mode (403) or a real-channel order (400)', async () => {
    const live = await server().guest(closed, 'order-live');
    const liveOrder = await placed(live);
    assertError(await pay(live, liveOrder.order_id), 403, 'payment.sandbox_disabled');
    assert.equal(await statusOf(liveOrder.order_id), 'created');
    const apple = await placed(player, { channel: 'apple' });
    assertError(await pay(player, apple.order_id), 400, 'payment.not_sandbox');
    const shown = await show(player, apple.order_id);
    assert.equal(shown.json.status, 'created');
    assert.equal(shown.json.paid_at, null);
  });

  it("answers 404 for someone else's order or an unknown one, and leaves it unpaid", async () => {
    const { order_id } = await placed(player);
    assertError(await pay(rival, order_id), 404, 'order.not_found');
    assertError(await show(rival, order_id), 404, 'order.not_found');
    const elsewhere = await server().guest(closed, 'order-elsewhere');
    assertError(await show(elsewhere, order_id), 404, 'order.not_found');
    assertError(await pay(player, 'ord_nope'), 404, 'order.not_found');
    assert.equal(await statusOf(order_id), 'created');
    assertError(
      await server().request('POST', `/v1/client/orders/${order_id}/pay`),
      401,
      'auth.bad_token',
    );
    assertError(await pay(player, order_id, { transaction_id: 5 }), 400, 'invalid_argument');
    assert.equal(await statusOf(order_id), 'created');
  });
});

describeEachBackend('native admin orders', (server) => {
  let app: TestApp;
  let player: Player;
  let receiver: Awaited<ReturnType<typeof startNotifyReceiver>>;
  let answer = 'success';
  before(async () => {
    receiver = await startNotifyReceiver(() => ({ status: 200, body: answer }));
    app = await server().createApp('Admin Order Game', {
      sandbox: true,
      momoNotifyUrl: receiver.url,
    });
    player = await server().guest(app, 'admin-order-device');
  });
  after(() => receiver.close());

  const place = (order: Record<string, unknown> = {}) =>
    server().placeOrder(player, newOrder(order));
  const pay = (orderId: string) => server().payOrder(player, orderId);
  const detail = async (orderId: string) => {
    const response = await server().admin('GET', `/v1/admin/orders/${orderId}`);
    assert.equal(response.status, 200, response.text);
    return response.json;
  };
  const drain = () => drainOutbox(server().guildhall);

  it('answers 401 on every order route without the admin token', async () => {
    const { order_id } = await place();
    const routes: [string, string][] = [
      ['GET', `/v1/admin/apps/${app.id}/orders`],
      ['GET', `/v1/admin/apps/${app.id}/public-key`],
      ['GET', `/v1/admin/orders/${order_id}`],
      ['POST', `/v1/admin/orders/${order_id}/notify`],
      ['POST', `/v1/admin/orders/${order_id}/refund`],
    ];
    for (const [method, path] of routes) {
      for (const token of [undefined, 'wrong', player.session_token, `${ADMIN_TOKEN}x`]) {
        assertError(await server().request(method, path, { token }), 401, 'auth.bad_token');
      }
    }
    assert.equal((await detail(order_id)).status, 'created');
  });

  it('shows an order with its owner and every notification attempt', async () => {
    const createdAt = server().clock.now();
    const { order_id, trade_no } = await place({ app_order_no: 'cp-detail' });
    const fresh = await detail(order_id);
    assert.deepEqual(fresh, {
      order_id,
      trade_no,
      app_id: app.id,
      player_id: player.player_id,
      momo_userid: player.momo.userid,
      xcloud_uid: player.xcloud.uid,
      product_id: 'com.example.gems.60',
      amount: '6.00',
      currency: 'RMB',
      channel: 'sandbox',
      client_type: 'android',
      app_order_no: 'cp-detail',
      status: 'created',
      transaction_id: null,
      created_at: createdAt,
      paid_at: null,
      delivered_at: null,
      refunded_at: null,
      server_id: null,
      game_money: null,
      game_good_id: null,
      channel_name: null,
      pass_through: null,
      purchase_store: null,
      purchase_key: null,
      deliveries: [],
    });
    server().clock.advance(1_000);
    const paidAt = server().clock.now();
    await pay(order_id);
    const paid = await detail(order_id);
    assert.equal(paid.status, 'paid');
    assert.match(paid.transaction_id, /^sandbox_/);
    assert.equal(paid.deliveries.length, 1);
    const [pending] = paid.deliveries;
    assert.deepEqual(
      { ...pending, id: 0 },
      {
        id: 0,
        kind: 'order.paid',
        status: 'pending',
        attempts: 0,
        due_at: paidAt,
        created_at: paidAt,
        finished_at: null,
        history: [],
      },
    );

    answer = 'not yet';
    await drain();
    const rejected = (await detail(order_id)).deliveries[0];
    assert.equal(rejected.status, 'pending');
    assert.equal(rejected.attempts, 1);
    assert.equal(rejected.due_at, paidAt + 15_000);
    assert.equal(rejected.history.length, 1);
    const [first] = rejected.history;
    assert.equal(typeof first.latency_ms, 'number');
    assert.deepEqual(
      { ...first, latency_ms: 0 },
      {
        attempt: 1,
        started_at: paidAt,
        url: receiver.url,
        http_status: 200,
        body: 'not yet',
        latency_ms: 0,
        outcome: 'rejected',
      },
    );

    answer = 'success';
    server().clock.advance(15_000);
    await drain();
    const delivered = await detail(order_id);
    assert.equal(delivered.status, 'delivered');
    assert.equal(delivered.delivered_at, server().clock.now());
    const [item] = delivered.deliveries;
    assert.equal(item.status, 'delivered');
    assert.equal(item.attempts, 2);
    assert.equal(item.finished_at, server().clock.now());
    assert.deepEqual(
      item.history.map((a: any) => [a.attempt, a.http_status, a.body, a.outcome]),
      [
        [1, 200, 'not yet', 'rejected'],
        [2, 200, 'success', 'acknowledged'],
      ],
    );
    assertError(await server().admin('GET', '/v1/admin/orders/ord_nope'), 404, 'order.not_found');
  });

  it('re-sends a notification (202): a pending one now, a delivered one anew', async () => {
    const { order_id } = await place();
    assertError(
      await server().admin('POST', `/v1/admin/orders/${order_id}/notify`),
      409,
      'order.not_paid',
    );
    assert.deepEqual((await detail(order_id)).deliveries, []);
    answer = 'busy';
    await pay(order_id);
    await drain();
    const waiting = (await detail(order_id)).deliveries;
    assert.equal(waiting.length, 1);
    assert.ok(waiting[0].due_at > server().clock.now());

    const hurried = await server().admin('POST', `/v1/admin/orders/${order_id}/notify`);
    assert.equal(hurried.status, 202);
    assert.deepEqual(hurried.json, { order_id, notify: 'queued' });
    const due = (await detail(order_id)).deliveries;
    assert.equal(due.length, 1);
    assert.equal(due[0].due_at, server().clock.now());

    answer = 'success';
    await drain();
    assert.equal((await detail(order_id)).status, 'delivered');
    const received = receiver.received.length;
    assert.equal((await server().admin('POST', `/v1/admin/orders/${order_id}/notify`)).status, 202);
    const again = (await detail(order_id)).deliveries;
    assert.deepEqual(
      again.map((d: any) => [d.status, d.attempts]),
      [
        ['delivered', 2],
        ['pending', 0],
      ],
    );
    const resentAt = server().clock.now();
    await drain();
    assert.equal(receiver.received.length, received + 1);
    const resent = await detail(order_id);
    assert.equal(receiver.received.at(-1)?.fields.trade_no, resent.trade_no);
    const [attempt] = resent.deliveries[1].history;
    assert.ok(Number.isInteger(attempt.latency_ms) && attempt.latency_ms >= 0);
    assert.deepEqual(
      { ...attempt, latency_ms: 0 },
      {
        attempt: 1,
        started_at: resentAt,
        url: receiver.url,
        http_status: 200,
        body: 'success',
        latency_ms: 0,
        outcome: 'acknowledged',
      },
    );
    assertError(
      await server().admin('POST', '/v1/admin/orders/ord_nope/notify'),
      404,
      'order.not_found',
    );
  });

  it('refunds a paid order (a pending notification is called off), only once', async () => {
    const created = await place();
    assertError(
      await server().admin('POST', `/v1/admin/orders/${created.order_id}/refund`),
      409,
      'order.not_refundable',
    );
    assert.equal((await detail(created.order_id)).status, 'created');
    const { order_id } = await place();
    await pay(order_id);
    server().clock.advance(1_000);
    const refunded = await server().admin('POST', `/v1/admin/orders/${order_id}/refund`);
    assert.equal(refunded.status, 200);
    assert.equal(refunded.json.order_id, order_id);
    assert.equal(refunded.json.status, 'refunded');
    assert.equal(refunded.json.refunded_at, server().clock.now());
    assert.equal(refunded.json.player_id, player.player_id);
    assert.equal(refunded.json.deliveries, undefined);
    const after = await detail(order_id);
    assert.equal(after.status, 'refunded');
    assert.deepEqual(
      after.deliveries.map((d: any) => [d.status, d.finished_at]),
      [['cancelled', server().clock.now()]],
    );
    assertError(
      await server().admin('POST', `/v1/admin/orders/${order_id}/refund`),
      409,
      'order.not_refundable',
    );
    assertError(
      await server().admin('POST', `/v1/admin/orders/${order_id}/notify`),
      409,
      'order.not_paid',
    );
    assertError(
      await server().admin('POST', '/v1/admin/orders/ord_nope/refund'),
      404,
      'order.not_found',
    );
  });

  it('keeps at most 512 characters of a response body in the attempt log', async () => {
    const { order_id } = await place();
    answer = 'x'.repeat(2_000);
    await pay(order_id);
    await drain();
    const [attempt] = (await detail(order_id)).deliveries[0].history;
    assert.equal(attempt.outcome, 'rejected');
    assert.equal(attempt.body, 'x'.repeat(512));
    answer = 'success';
  });

  it('filters the list by channel, player and creation time, with paging', async () => {
    const shop = await server().createApp('Filter Game', { sandbox: true });
    const [alice, bob] = [
      await server().guest(shop, 'filter-alice'),
      await server().guest(shop, 'filter-bob'),
    ];
    const placed: { id: string; at: number }[] = [];
    const orders: [Player, string][] = [
      [alice, 'sandbox'],
      [bob, 'alipay'],
      [alice, 'alipay'],
      [bob, 'sandbox'],
      [alice, 'alipay'],
    ];
    for (const [who, channel] of orders) {
      server().clock.advance(1_000);
      const { order_id } = await server().placeOrder(who, newOrder({ channel }));
      placed.push({ id: order_id, at: server().clock.now() });
    }
    const path = `/v1/admin/apps/${shop.id}/orders`;
    const ids = async (query: string) => {
      const response = await server().admin('GET', `${path}?${query}`);
      assert.equal(response.status, 200, response.text);
      return response.json.orders.map((o: any) => o.order_id);
    };
    const [o0, o1, o2, o3, o4] = placed.map((p) => p.id);
    assert.deepEqual(await ids('channel=alipay'), [o4, o2, o1]);
    assert.deepEqual(await ids(`player_id=${alice.player_id}`), [o4, o2, o0]);
    assert.deepEqual(await ids(`player_id=${bob.player_id}&channel=sandbox`), [o3]);
    assert.deepEqual(await ids(`from=${placed[1]!.at}&to=${placed[3]!.at}`), [o2, o1]);
    assert.deepEqual(await ids(`from=${placed[4]!.at + 1}`), []);
    assert.deepEqual(await ids(`to=${placed[0]!.at}`), []);
    const first = await server().admin('GET', `${path}?player_id=${alice.player_id}&limit=2`);
    assert.deepEqual(
      first.json.orders.map((o: any) => o.order_id),
      [o4, o2],
    );
    assert.equal(first.json.next_before, o2);
    assert.deepEqual(
      await ids(`player_id=${alice.player_id}&limit=2&before=${first.json.next_before}`),
      [o0],
    );
    const outsider = await server().guest(await server().createApp('Other Shop'), 'filter-out');
    assert.deepEqual(await ids(`player_id=${outsider.player_id}`), []);
    for (const query of [
      'channel=paypal',
      'from=-1',
      'from=soon',
      'to=1.5',
      'from=2000&to=2000',
      'from=3000&to=2000',
      'player_id=',
    ]) {
      assertError(await server().admin('GET', `${path}?${query}`), 400, 'invalid_argument');
    }
    assertError(await server().admin('GET', `${path}?player_id=p_nope`), 404, 'player.not_found');
  });

  it("lists an app's orders newest first, by status, page by page", async () => {
    const shop = await server().createApp('Listing Game', { sandbox: true });
    const buyer = await server().guest(shop, 'listing-buyer');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      server().clock.advance(1_000);
      const response = await server().request('POST', '/v1/client/orders', {
        token: buyer.session_token,
        json: newOrder({ app_order_no: `cp-list-${i}` }),
      });
      ids.push(response.json.order_id);
    }
    for (const id of [ids[1], ids[3]]) {
      await server().request('POST', `/v1/client/orders/${id}/pay`, {
        token: buyer.session_token,
      });
    }
    const path = `/v1/admin/apps/${shop.id}/orders`;
    const all = await server().admin('GET', path);
    assert.equal(all.status, 200);
    assert.deepEqual(Object.keys(all.json), ['orders', 'next_before']);
    assert.deepEqual(
      all.json.orders.map((o: any) => o.order_id),
      [...ids].reverse(),
    );
    assert.equal(all.json.next_before, null);
    assert.deepEqual(all.json.orders[0], (({ deliveries: _, ...o }) => o)(await detail(ids[4]!)));

    const seen: string[] = [];
    let before: string | null = null;
    let pages = 0;
    do {
      const query: string = before ? `?limit=2&before=${before}` : '?limit=2';
      const page = await server().admin('GET', path + query);
      assert.equal(page.status, 200);
      assert.ok(page.json.orders.length <= 2);
      seen.push(...page.json.orders.map((o: any) => o.order_id));
      before = page.json.next_before;
      pages += 1;
    } while (before !== null);
    assert.deepEqual(seen, [...ids].reverse());
    assert.equal(pages, 3);

    const paid = await server().admin('GET', `${path}?status=paid`);
    assert.deepEqual(
      paid.json.orders.map((o: any) => [o.order_id, o.status]),
      [
        [ids[3], 'paid'],
        [ids[1], 'paid'],
      ],
    );
    assert.deepEqual((await server().admin('GET', `${path}?status=refunded`)).json, {
      orders: [],
      next_before: null,
    });
    for (const query of ['status=lost', 'limit=0', 'limit=501', 'limit=some']) {
      assertError(await server().admin('GET', `${path}?${query}`), 400, 'invalid_argument');
    }
    assertError(await server().admin('GET', `${path}?before=ord_nope`), 404, 'order.not_found');
    assertError(
      await server().admin('GET', '/v1/admin/apps/app_nope/orders'),
      404,
      'app.not_found',
    );
  });

  it('serves the public key that verifies the notifications, for RSA and RSA2', async () => {
    const path = `/v1/admin/apps/${app.id}/public-key`;
    const response = await server().admin('GET', path);
    assert.equal(response.status, 200);
    assert.deepEqual(Object.keys(response.json), [
      'app_id',
      'encrypt_type',
      'signature_algorithm',
      'public_key',
    ]);
    assert.equal(response.json.app_id, app.id);
    assert.equal(response.json.encrypt_type, 'RSA');
    assert.equal(response.json.signature_algorithm, 'SHA1withRSA');
    assert.match(
      response.json.public_key,
      /^-----BEGIN PUBLIC KEY-----\n[\s\S]+-----END PUBLIC KEY-----\n$/,
    );
    const key = createPublicKey(response.json.public_key);
    assert.equal(key.asymmetricKeyDetails?.modulusLength, 2048);

    const signingString = (form: Record<string, string>) =>
      Object.keys(form)
        .filter((k) => !['sign', 'encrypted', 'encrypt_type'].includes(k) && form[k] !== '')
        .sort()
        .map((k) => `${k}=${form[k]}`)
        .join('&') + `&${app.momo.appSecret}`;
    const notified = async () => {
      const { order_id, trade_no } = await place();
      await pay(order_id);
      await drain();
      const form = receiver.received.at(-1)?.fields;
      assert.equal(form?.trade_no, trade_no);
      return form ?? {};
    };
    const verifies = (form: Record<string, string>, algorithm: string) =>
      verify(
        algorithm,
        Buffer.from(signingString(form)),
        key,
        Buffer.from(form.encrypted ?? '', 'base64'),
      );
    const rsa = await notified();
    assert.equal(rsa.encrypt_type, 'RSA');
    assert.ok(verifies(rsa, 'sha1'));

    await server().admin('PATCH', `/v1/admin/apps/${app.id}`, { momo_notify_sign_type: 'RSA2' });
    const rsa2Key = await server().admin('GET', path);
    assert.equal(rsa2Key.json.encrypt_type, 'RSA2');
    assert.equal(rsa2Key.json.signature_algorithm, 'SHA256withRSA');
    assert.equal(rsa2Key.json.public_key, response.json.public_key);
    const rsa2 = await notified();
    assert.equal(rsa2.encrypt_type, 'RSA2');
    assert.ok(verifies(rsa2, 'sha256'));
    assert.ok(!verifies(rsa2, 'sha1'));
    assertError(
      await server().admin('GET', '/v1/admin/apps/app_nope/public-key'),
      404,
      'app.not_found',
    );
  });
});
