import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { PAYMENT_NOTIFY_SCHEDULE } from '../../src/core/outbox/schedule.js';
import { ORDER_PAID } from '../../src/core/payments/types.js';
import type { OutboxWorker } from '../../src/jobs/outbox-worker.js';
import { outboxWorker } from '../helpers/outbox.js';
import { startNotifyReceiver } from '../helpers/notify-receiver.js';
import type { TestApp, TestServer } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';
import { xcloudSign } from '../helpers/xcloud.js';

const REWARD_FIELDS = [
  'amount',
  'app_id',
  'channel',
  'currency',
  'data',
  'game_good_id',
  'game_money',
  'game_order',
  'gid',
  'sid',
  'sign',
  'uid',
];

describeEachBackend('xcloud order notices: the reward (发奖接口) and the refund notice', (get) => {
  let server: TestServer;
  let app: TestApp;
  let uid: string;
  let receiver: Awaited<ReturnType<typeof startNotifyReceiver>>;
  let worker: OutboxWorker;
  let next = 0;

  /** Places an order through /Pt/order and pays it (as a store check would). */
  const paidOrder = async (extra: Record<string, string> = {}) => {
    const game_order = `reward-${(next += 1)}`;
    const placed = await server.xcloud(app, '/Pt/order', {
      uid,
      role_name: 'Zico',
      sid: '7',
      gid: app.xcloud.gid,
      app_id: app.xcloud.appId,
      game_order,
      amount: '19.90',
      currency: 'BRL',
      game_money: '1200',
      product_id: 'coins.1200',
      game_good_id: '4',
      channel: 'googleplay',
      data: 'role=42&srv=7',
      ...extra,
    });
    assert.equal(placed.body.status, 200, JSON.stringify(placed.body));
    const orderId = placed.body.data.order_id as string;
    await server.guildhall.payments.markPaid(orderId, `tx-${game_order}`);
    return { orderId, game_order };
  };
  const deliveries = (orderId: string) => server.guildhall.payments.deliveries(orderId);
  const setUrl = (setting: 'xcloud_reward_url' | 'xcloud_refund_url', url: string | null) =>
    server.guildhall.apps.update(app.id, { dialectSettings: { xcloud: { [setting]: url } } });
  const setRewardUrl = (url: string | null) => setUrl('xcloud_reward_url', url);

  before(async () => {
    server = get();
    receiver = await startNotifyReceiver();
    app = await server.createApp('Tecnofut', {
      xcloud: { xcloud_reward_url: receiver.url },
    });
    uid = (await server.guest(app, 'reward-device')).xcloud.uid;
    worker = outboxWorker(server.guildhall);
  });
  after(() => receiver.close());

  it("POSTs the document's reward fields, signed with the app's key, and marks the order delivered", async () => {
    receiver.received.length = 0;
    const { orderId, game_order } = await paidOrder();
    assert.equal(await worker.drainDue(), 1);
    assert.equal(receiver.received.length, 1);
    const fields = receiver.received[0]?.fields ?? {};
    assert.deepEqual(Object.keys(fields).sort(), REWARD_FIELDS);
    assert.deepEqual(
      { ...fields, sign: undefined },
      {
        uid,
        sid: '7',
        gid: app.xcloud.gid,
        app_id: app.xcloud.appId,
        game_order,
        amount: '19.90',
        currency: 'BRL',
        game_money: '1200',
        game_good_id: '4',
        channel: 'googleplay',
        data: 'role=42&srv=7',
        sign: undefined,
      },
    );
    assert.equal(fields.sign, xcloudSign(fields, app.xcloud.key));
    const [delivery] = await deliveries(orderId);
    assert.equal(delivery?.kind, 'xcloud.reward');
    assert.equal(delivery?.status, 'delivered');
    assert.equal((await server.guildhall.payments.get(orderId)).status, 'delivered');
  });

  it('counts HTTP 200 with `success` or JSON {"status":200} as acknowledged, nothing else', async () => {
    const answers = [
      { status: 200, body: 'success', ok: true },
      { status: 200, body: ' success\n', ok: true },
      { status: 200, body: '{"status":200}', ok: true },
      { status: 200, body: '{"status":"200","msg":"ok"}', ok: true },
      { status: 200, body: '{"status":105}', ok: false },
      { status: 200, body: 'fail', ok: false },
      { status: 200, body: '[200]', ok: false },
      { status: 500, body: 'success', ok: false },
      { status: 201, body: '{"status":200}', ok: false },
    ];
    for (const answer of answers) {
      receiver.answerWith(() => answer);
      const { orderId } = await paidOrder();
      await worker.drainDue();
      const [delivery] = await deliveries(orderId);
      assert.equal(delivery?.status, answer.ok ? 'delivered' : 'pending', JSON.stringify(answer));
      assert.equal(delivery?.history[0]?.outcome, answer.ok ? 'acknowledged' : 'rejected');
      assert.equal(delivery?.history[0]?.body, answer.body);
      if (!answer.ok) await server.guildhall.payments.refund(orderId);
      await worker.drainDue(); // the refund notice, dropped: the app sets no refund URL
    }
    receiver.answerWith(() => ({ status: 200, body: 'success' }));
  });

  it("retries on the payment notifications' decaying schedule (24 attempts in a day); resend sends it again", async () => {
    receiver.answerWith(() => ({ status: 503, body: 'busy' }));
    const paidAt = server.clock.now();
    const { orderId } = await paidOrder();
    for (const offset of PAYMENT_NOTIFY_SCHEDULE) {
      server.clock.time = paidAt + offset - 1;
      if (offset > 0) assert.equal(await worker.drainDue(), 0, `early at +${offset}`);
      server.clock.time = paidAt + offset;
      assert.equal(await worker.drainDue(), 1, `attempt due at +${offset}`);
    }
    server.clock.time = paidAt + 48 * 3_600_000;
    assert.equal(await worker.drainDue(), 0);
    const [failed] = await deliveries(orderId);
    assert.equal(failed?.status, 'failed');
    assert.equal(failed?.history.length, 24);
    receiver.answerWith(() => ({ status: 200, body: 'success' }));
    const resent = await server.admin('POST', `/v1/admin/orders/${orderId}/notify`);
    assert.equal(resent.status, 202);
    await worker.drainDue();
    assert.deepEqual(
      (await deliveries(orderId)).map((d) => d.status),
      ['failed', 'delivered'],
    );
    const shown = await server.admin('GET', `/v1/admin/orders/${orderId}`);
    assert.equal(shown.status, 200);
    assert.equal(shown.json.status, 'delivered');
    assert.deepEqual(
      shown.json.deliveries.map((d: { history: unknown[] }) => d.history.length),
      [24, 1],
    );
    assert.equal(shown.json.deliveries[1].history[0].url, receiver.url);
    assert.equal(shown.json.deliveries[1].history[0].outcome, 'acknowledged');
  });

  it('records a missing reward URL as an error and delivers once it is set', async () => {
    await setRewardUrl(null);
    const { orderId } = await paidOrder();
    await worker.drainDue();
    await setRewardUrl(receiver.url);
    server.clock.advance(15_000);
    await worker.drainDue();
    const [delivery] = await deliveries(orderId);
    assert.deepEqual(
      delivery?.history.map((a) => a.outcome),
      ['error', 'acknowledged'],
    );
    assert.match(delivery?.history[0]?.body ?? '', /xcloud_reward_url/);
  });

  it('a refund calls off a reward not yet acknowledged', async () => {
    receiver.answerWith(() => ({ status: 500, body: 'down' }));
    const { orderId } = await paidOrder();
    await worker.drainDue();
    await server.guildhall.payments.refund(orderId);
    receiver.answerWith(() => ({ status: 200, body: 'success' }));
    server.clock.advance(3_600_000);
    assert.equal(await worker.drainDue(), 1); // the refund notice alone
    const [delivery] = await deliveries(orderId);
    assert.equal(delivery?.status, 'cancelled');
    assert.equal((await server.guildhall.payments.get(orderId)).status, 'refunded');
  });

  it("leaves other orders to the payments core's own notification kind", async () => {
    const accountId = (await server.guildhall.payments.get((await paidOrder()).orderId)).accountId;
    const plain = await server.guildhall.payments.create(app, accountId, {
      productId: 'p',
      amount: '1.00',
      currency: 'USD',
      channel: 'other',
      appOrderNo: 'native-1',
    });
    await server.guildhall.payments.markPaid(plain.id, 'tx-native-1');
    const [delivery] = await deliveries(plain.id);
    assert.equal(delivery?.kind, ORDER_PAID);
  });

  it('tells the refund URL of a refund with the reward fields, the order id and the refund time, signed', async () => {
    await setUrl('xcloud_refund_url', receiver.url);
    try {
      const { orderId, game_order } = await paidOrder();
      await worker.drainDue();
      receiver.received.length = 0;
      server.clock.advance(60_000);
      const refunded = await server.admin('POST', `/v1/admin/orders/${orderId}/refund`);
      assert.equal(refunded.status, 200, JSON.stringify(refunded.json));
      await worker.drainDue();
      const notices = receiver.received.filter((r) => r.fields.order_id === orderId);
      assert.equal(notices.length, 1);
      const fields = notices[0]?.fields ?? {};
      assert.deepEqual(
        Object.keys(fields).sort(),
        [...REWARD_FIELDS, 'order_id', 'refund_time'].sort(),
      );
      assert.equal(fields.game_order, game_order);
      assert.equal(fields.order_id, orderId);
      assert.equal(fields.refund_time, String(Math.floor(server.clock.now() / 1000)));
      assert.equal(fields.amount, '19.90');
      assert.equal(fields.sign, xcloudSign(fields, app.xcloud.key));
      const shown = await server.admin('GET', `/v1/admin/orders/${orderId}`);
      assert.deepEqual(
        shown.json.deliveries.map((d: { kind: string; status: string }) => [d.kind, d.status]),
        [
          ['xcloud.reward', 'delivered'],
          ['xcloud.refund', 'delivered'],
        ],
      );
      assert.equal(shown.json.status, 'refunded');
      assert.deepEqual(
        [shown.json.server_id, shown.json.game_money, shown.json.game_good_id],
        [7, 1200, 4],
      );
      assert.deepEqual(
        [shown.json.channel_name, shown.json.pass_through],
        ['googleplay', 'role=42&srv=7'],
      );
    } finally {
      await setUrl('xcloud_refund_url', null);
    }
  });

  it('retries a refund notice the game server refuses, on the same schedule', async () => {
    await setUrl('xcloud_refund_url', receiver.url);
    try {
      const { orderId } = await paidOrder();
      await worker.drainDue();
      receiver.answerWith(() => ({ status: 200, body: 'fail' }));
      await server.guildhall.payments.refund(orderId);
      await worker.drainDue();
      receiver.answerWith(() => ({ status: 200, body: '{"status":200}' }));
      server.clock.advance(PAYMENT_NOTIFY_SCHEDULE[1] ?? 0);
      await worker.drainDue();
      const refund = (await deliveries(orderId)).find((d) => d.kind === 'xcloud.refund');
      assert.equal(refund?.status, 'delivered');
      assert.deepEqual(
        refund?.history.map((a) => a.outcome),
        ['rejected', 'acknowledged'],
      );
    } finally {
      receiver.answerWith(() => ({ status: 200, body: 'success' }));
      await setUrl('xcloud_refund_url', null);
    }
  });

  it('drops the refund notice of an app without a refund URL: recorded, not retried', async () => {
    const { orderId } = await paidOrder();
    await worker.drainDue();
    receiver.received.length = 0;
    await server.guildhall.payments.refund(orderId);
    await worker.drainDue();
    server.clock.advance(3_600_000);
    await worker.drainDue();
    assert.equal(receiver.received.filter((r) => r.fields.order_id === orderId).length, 0);
    const refund = (await deliveries(orderId)).find((d) => d.kind === 'xcloud.refund');
    assert.equal(refund?.status, 'cancelled');
    assert.equal(refund?.history.length, 1);
    assert.equal(refund?.history[0]?.outcome, 'dropped');
    assert.match(refund?.history[0]?.body ?? '', /xcloud_refund_url/);
  });
});
