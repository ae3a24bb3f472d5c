import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, it } from 'node:test';
import { drainOutbox } from '../helpers/outbox.js';
import { startNotifyReceiver } from '../helpers/notify-receiver.js';
import type { TestApp, TestServer } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';

type Player = Awaited<ReturnType<TestServer['guest']>>;

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

describeEachBackend('momo trade/checkorder', (server) => {
  let app: TestApp;
  let other: TestApp;
  let player: Player;
  let receiver: Awaited<ReturnType<typeof startNotifyReceiver>>;
  before(async () => {
    receiver = await startNotifyReceiver();
    app = await server().createApp('Trade Game', {
      sandbox: true,
      momoNotifyUrl: receiver.url,
    });
    other = await server().createApp('Other Trade Game', { sandbox: true });
    player = await server().guest(app, 'trade-device');
  });
  after(() => receiver.close());

  const place = (who: Player, order: Record<string, string> = {}) =>
    server().placeOrder(who, order);
  const pay = (who: Player, orderId: string) => server().payOrder(who, orderId);
  const check = (tradeNo: string, as = app, via: 'form' | 'query' = 'form') =>
    server().momo(as, 'trade/checkorder', { trade_no: tradeNo }, { via });
  const assertFailure = (body: any, ec: number, em: string) => {
    assert.deepEqual(body, {
      ec,
      em,
      timesec: Math.floor(server().clock.now() / 1000),
      data: [],
    });
  };

  /** The data checkorder must answer for a paid order, sign computed independently. */
  const expectedData = (
    tradeNo: string,
    paidAt: number,
    fields: { currency_type: string; total_fee: string; app_trade_no: string },
  ) => {
    const unsigned = {
      userid: player.momo.userid,
      appid: app.momo.appid,
      currency_type: fields.currency_type,
      trade_no: tradeNo,
      total_fee: fields.total_fee,
      trade_time: String(Math.floor(paidAt / 1000)),
      app_trade_no: fields.app_trade_no,
    };
    const signing = Object.keys(unsigned)
      .sort()
      .map((k) => `${k}=${unsigned[k as keyof typeof unsigned]}`)
      .join('&');
    return {
      userid: unsigned.userid,
      appid: unsigned.appid,
      currency_type: unsigned.currency_type,
      sign: md5(`${signing}&${app.momo.appSecret}`),
      trade_no: unsigned.trade_no,
      total_fee: unsigned.total_fee,
      trade_time: unsigned.trade_time,
      app_trade_no: unsigned.app_trade_no,
    };
  };

  it('answers a paid trade with the document fields, all strings, signed with the app secret', async () => {
    const { order_id, trade_no } = await place(player, { app_order_no: 'cp-1001' });
    server().clock.advance(5_000);
    const paidAt = server().clock.now();
    await pay(player, order_id);
    const expected = expectedData(trade_no, paidAt, {
      currency_type: '0',
      total_fee: '6',
      app_trade_no: 'cp-1001',
    });
    for (const via of ['form', 'query'] as const) {
      const { status, body } = await check(trade_no, app, via);
      assert.equal(status, 200);
      assert.deepEqual(body, {
        ec: 0,
        em: 'success',
        timesec: Math.floor(server().clock.now() / 1000),
        data: expected,
      });
      assert.deepEqual(Object.keys(body.data), [
        'userid',
        'appid',
        'currency_type',
        'sign',
        'trade_no',
        'total_fee',
        'trade_time',
        'app_trade_no',
      ]);
    }
  });

  it('reports Momo coins with currency_type 1 and fractional yuan as they are', async () => {
    const coins = await place(player, { amount: '60', currency: 'MMB', app_order_no: 'cp-mmb' });
    await pay(player, coins.order_id);
    const coinsData = (await check(coins.trade_no)).body.data;
    assert.deepEqual(
      coinsData,
      expectedData(coins.trade_no, server().clock.now(), {
        currency_type: '1',
        total_fee: '60',
        app_trade_no: 'cp-mmb',
      }),
    );
    const cents = await place(player, { amount: '0.50', app_order_no: 'cp-cents' });
    await pay(player, cents.order_id);
    assert.equal((await check(cents.trade_no)).body.data.total_fee, '0.5');
  });

  it('answers 30218 while the trade is only created, and success once it is paid', async () => {
    const { order_id, trade_no } = await place(player);
    assertFailure((await check(trade_no)).body, 30218, '查询失败, 交易进行中');
    await pay(player, order_id);
    assert.equal((await check(trade_no)).body.ec, 0);
  });

  it('answers success for a delivered trade (the game server acknowledged the notify)', async () => {
    const { order_id, trade_no } = await place(player, { app_order_no: 'cp-delivered' });
    const paidAt = server().clock.now();
    await pay(player, order_id);
    await drainOutbox(server().guildhall);
    const shown = await server().admin('GET', `/v1/admin/orders/${order_id}`);
    assert.equal(shown.json.status, 'delivered');
    const { body } = await check(trade_no);
    assert.equal(body.ec, 0);
    assert.deepEqual(
      body.data,
      expectedData(trade_no, paidAt, {
        currency_type: '0',
        total_fee: '6',
        app_trade_no: 'cp-delivered',
      }),
    );
  });

  it('answers 30211 for a refunded trade', async () => {
    const { order_id, trade_no } = await place(player);
    await pay(player, order_id);
    const refunded = await server().admin('POST', `/v1/admin/orders/${order_id}/refund`);
    assert.equal(refunded.status, 200);
    assertFailure((await check(trade_no)).body, 30211, '交易失败');
  });

  it("answers 30217 for an unknown trade and 30221 for another app's trade", async () => {
    assertFailure((await check('20261121120000123456789')).body, 30217, '交易不存在');
    const stranger = await server().guest(other, 'trade-other');
    const foreign = await place(stranger);
    await pay(stranger, foreign.order_id);
    assertFailure((await check(foreign.trade_no)).body, 30221, '非法支付');
    assert.equal((await check(foreign.trade_no, other)).body.ec, 0);
  });

  it('answers 30101 without trade_no and 30009 for a wrong secret or appid', async () => {
    const { body } = await server().momo(app, 'trade/checkorder', {});
    assert.equal(body.ec, 30101);
    assert.deepEqual(body.data, []);
    const { trade_no } = await place(player);
    for (const params of [
      { appid: app.momo.appid, app_secret: 'wrong' },
      { appid: 'mm_nope', app_secret: app.momo.appSecret },
    ]) {
      const wrong = await server().momoRaw('trade/checkorder', { ...params, trade_no });
      assertFailure(wrong.body, 30009, 'App secret 错误');
    }
  });
});

describeEachBackend('momo trade/historybill', (server) => {
  let app: TestApp;
  let player: Player;
  let buyer: Player;
  // 2026-11-20 23:30 in Shanghai (15:30 UTC) and 2026-11-21 07:30 in Shanghai (still the 20th in UTC).
  const lateShanghai = Date.UTC(2026, 10, 20, 15, 30, 0);
  const lateUtc = Date.UTC(2026, 10, 20, 23, 30, 0);
  const noonNov21 = Date.UTC(2026, 10, 21, 4, 0, 0);
  before(async () => {
    server().clock.time = Date.UTC(2026, 10, 19, 2, 0, 0);
    app = await server().createApp('Bill Game', { sandbox: true, billExport: true });
    player = await server().guest(app, 'bill-device');
    buyer = await server().guest(app, 'bill-buyer');
  });

  const place = (who: Player, order: Record<string, string> = {}) =>
    server().placeOrder(who, { app_order_no: 'cp', ...order });
  const pay = (who: Player, orderId: string) => server().payOrder(who, orderId);
  const bill = (time: string, as = app) => server().momo(as, 'trade/historybill', { time });
  const tradeNos = (data: { trade_no: string }[]) => data.map((e) => e.trade_no);

  let early: { order_id: string; trade_no: string };
  let late: { order_id: string; trade_no: string };
  let nextDay: { order_id: string; trade_no: string };
  let apple: { order_id: string; trade_no: string };

  it('bills the orders paid on a completed day in the app time zone, with the document fields', async () => {
    // Created on the 19th, paid on the 20th (Shanghai): billed on the 20th with its create_time.
    early = await place(player, { app_order_no: 'cp-early', client_type: 'ios' });
    server().clock.time = Date.UTC(2026, 10, 20, 1, 0, 0);
    await pay(player, early.order_id);
    // An order paid through a real channel (as receipt verification would mark it), in coins.
    apple = await place(buyer, {
      channel: 'apple',
      currency: 'MMB',
      amount: '60',
      app_order_no: 'cp-apple',
    });
    server().clock.time = Date.UTC(2026, 10, 20, 6, 0, 0);
    await server().guildhall.payments.markPaid(apple.order_id, 'apple-txn-1');
    const unpaid = await place(player, { app_order_no: 'cp-unpaid' });
    const refunded = await place(player, { app_order_no: 'cp-refunded' });
    await pay(player, refunded.order_id);
    server().clock.time = lateShanghai;
    late = await place(buyer, { amount: '6.50', app_order_no: 'cp-late' });
    await pay(buyer, late.order_id);
    server().clock.time = lateUtc;
    nextDay = await place(player, { app_order_no: 'cp-next' });
    await pay(player, nextDay.order_id);
    assert.equal(
      (await server().admin('POST', `/v1/admin/orders/${refunded.order_id}/refund`)).status,
      200,
    );

    server().clock.time = noonNov21;
    const { status, body } = await bill('20261120');
    assert.equal(status, 200);
    assert.equal(body.ec, 0);
    assert.equal(body.em, 'success');
    assert.equal(body.timesec, Math.floor(noonNov21 / 1000));
    assert.deepEqual(body.data, [
      {
        trade_no: early.trade_no,
        update_time: 20261120090000,
        product_id: 'com.example.gems.60',
        channel_group: 'sandbox_channel',
        momoid: player.momo.userid,
        channel_type: 'sandbox',
        currency_type: 'rmb',
        create_time: 20261119100000,
        total_fee: 6,
        out_trade_no: 'cp-early',
        client_type: 'ios',
      },
      {
        trade_no: apple.trade_no,
        update_time: 20261120140000,
        product_id: 'com.example.gems.60',
        channel_group: 'apple_channel',
        momoid: buyer.momo.userid,
        channel_type: 'apple',
        currency_type: 'mmb',
        create_time: 20261120090000,
        total_fee: 60,
        out_trade_no: 'cp-apple',
        client_type: 'ios',
      },
      {
        trade_no: late.trade_no,
        update_time: 20261120233000,
        product_id: 'com.example.gems.60',
        channel_group: 'sandbox_channel',
        momoid: buyer.momo.userid,
        channel_type: 'sandbox',
        currency_type: 'rmb',
        create_time: 20261120233000,
        total_fee: 6.5,
        out_trade_no: 'cp-late',
        client_type: 'android',
      },
    ]);
    assert.ok(!tradeNos(body.data).includes(unpaid.trade_no));
  });

  it('answers [] for the app today or a later day, and the day once it is over', async () => {
    server().clock.time = noonNov21;
    for (const time of ['20261121', '20261122', '20301231']) {
      const { body } = await bill(time);
      assert.equal(body.ec, 0, time);
      assert.deepEqual(body.data, [], time);
    }
    server().clock.time = Date.UTC(2026, 10, 21, 15, 59, 59); // 23:59:59 in Shanghai
    assert.deepEqual((await bill('20261121')).body.data, []);
    server().clock.time = Date.UTC(2026, 10, 21, 16, 0, 0); // midnight in Shanghai
    assert.deepEqual(tradeNos((await bill('20261121')).body.data), [nextDay.trade_no]);
    assert.deepEqual((await bill('20261119')).body.data, []);
  });

  it('takes the day in the time zone the app is set to (UTC here)', async () => {
    server().clock.time = Date.UTC(2026, 10, 22, 0, 0, 0);
    const patched = await server().admin('PATCH', `/v1/admin/apps/${app.id}`, { timezone: 'UTC' });
    assert.equal(patched.status, 200);
    const { body } = await bill('20261120');
    assert.deepEqual(tradeNos(body.data), [
      early.trade_no,
      apple.trade_no,
      late.trade_no,
      nextDay.trade_no,
    ]);
    const [first, , third, fourth] = body.data;
    assert.equal(first.update_time, 20261120010000);
    assert.equal(first.create_time, 20261119020000);
    assert.equal(third.update_time, 20261120153000);
    assert.equal(fourth.update_time, 20261120233000);
    assert.deepEqual((await bill('20261121')).body.data, []);
    await server().admin('PATCH', `/v1/admin/apps/${app.id}`, { timezone: 'Asia/Shanghai' });
  });

  it('serves a day of more than one page as one JSON array', async () => {
    const big = await server().createApp('Big Bill Game', { billExport: true });
    const whale = await server().guest(big, 'bill-whale');
    const account = await server().guildhall.directory.accountByPublicId(whale.player_id);
    const base = Date.UTC(2026, 10, 10, 2, 0, 0);
    const count = 1_005;
    for (let i = 0; i < count; i++) {
      await server().guildhall.store.orders.insert({
        id: `ord_bill${String(i).padStart(6, '0')}`,
        tradeNo: `2026111010000000${String(i).padStart(7, '0')}`,
        appId: big.id,
        accountId: account.id,
        productId: 'p',
        amount: 100 + i,
        currency: 'RMB',
        channel: 'alipay',
        appOrderNo: `cp-${i}`,
        clientType: 'android',
        status: i % 2 === 0 ? 'paid' : 'delivered',
        transactionId: `txn-bill-${i}`,
        createdAt: base + i * 1_000,
        paidAt: base + i * 1_000 + 500,
        deliveredAt: null,
        refundedAt: null,
      });
    }
    server().clock.time = Date.UTC(2026, 10, 22, 0, 0, 0);
    const { body } = await bill('20261110', big);
    assert.equal(body.ec, 0);
    assert.equal(body.data.length, count);
    body.data.forEach((entry: any, i: number) => {
      assert.equal(entry.out_trade_no, `cp-${i}`);
      assert.equal(entry.total_fee, (100 + i) / 100);
      assert.equal(entry.momoid, whale.momo.userid);
      assert.equal(entry.channel_group, 'alipay_channel');
    });
    // The app's bill holds none of the other app's orders and vice versa.
    assert.deepEqual((await bill('20261110')).body.data, []);
  });

  it('answers 30022 to GET before anything else, even with a wrong secret', async () => {
    const cases: Record<string, string>[] = [
      { appid: app.momo.appid, app_secret: app.momo.appSecret, time: '20261120' },
      { appid: app.momo.appid, app_secret: 'wrong', time: '20261120' },
      {},
    ];
    for (const params of cases) {
      const { body } = await server().momoRaw('trade/historybill', params, { via: 'query' });
      assert.equal(body.ec, 30022);
      assert.equal(body.em, '只支持 POST 方式请求');
      assert.deepEqual(body.data, []);
    }
    const multipart = await server().momo(
      app,
      'trade/historybill',
      { time: '20261120' },
      {
        via: 'multipart',
      },
    );
    assert.equal(multipart.body.ec, 0);
  });

  it('answers 30021 when the app does not export bills, whatever the time', async () => {
    const closed = await server().createApp('Closed Bill Game');
    for (const time of ['20261120', 'garbage']) {
      const { body } = await bill(time, closed);
      assert.equal(body.ec, 30021);
      assert.equal(body.em, 'APP 没有开启导出账单功能');
      assert.deepEqual(body.data, []);
    }
    const noTime = await server().momo(closed, 'trade/historybill', {});
    assert.equal(noTime.body.ec, 30021);
  });

  it('answers 30105 for a time that is not a calendar date YYYYMMDD', async () => {
    for (const time of [
      '2026112',
      '202611201',
      '20261131',
      '20260229',
      '20261300',
      '2026-11-20',
      'abcdefgh',
      '',
    ]) {
      const { body } = await bill(time);
      assert.equal(body.ec, 30105, time);
      assert.equal(body.em, '时间格式错误');
      assert.deepEqual(body.data, []);
    }
    assert.equal((await server().momo(app, 'trade/historybill', {})).body.ec, 30105);
    assert.equal((await bill('20280229')).body.ec, 0);
  });

  it('answers 30009 for a wrong secret', async () => {
    const { body } = await server().momoRaw('trade/historybill', {
      appid: app.momo.appid,
      app_secret: 'wrong',
      time: '20261120',
    });
    assert.equal(body.ec, 30009);
  });
});
