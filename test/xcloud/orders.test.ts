import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { TestApp } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';

describeEachBackend('xcloud /Pt/order and /Pt/checkorder', (server) => {
  let app: TestApp;
  let other: TestApp;
  let uid: string;
  let otherUid: string;
  before(async () => {
    app = await server().createApp('Tecnofut');
    other = await server().createApp('Other Game');
    uid = (await server().guest(app, 'buyer')).xcloud.uid;
    otherUid = (await server().guest(app, 'someone-else')).xcloud.uid;
  });

  let next = 0;
  const order = (extra: Record<string, string> = {}) => ({
    uid,
    role_name: 'Pelé',
    sid: '3',
    gid: app.xcloud.gid,
    app_id: app.xcloud.appId,
    game_order: `go-${(next += 1)}`,
    amount: '9.90',
    currency: 'BRL',
    game_money: '600',
    product_id: 'com.tecnofut.coins.600',
    game_good_id: '2',
    channel: 'googleplay',
    data: 'pass-through text',
    ...extra,
  });
  const place = (fields: Record<string, string>, options = {}) =>
    server().xcloud(app, '/Pt/order', fields, options);
  const check = (fields: Record<string, string>) =>
    server().xcloud(app, '/Pt/checkorder', fields, { noTime: true });
  const orderCount = async () =>
    (await server().guildhall.payments.list(app.id, { limit: 1000 })).length;

  it('places an order: order_id, the money in minor units, the game details kept', async () => {
    const fields = order();
    const answer = await place(fields);
    assert.equal(answer.http, 200);
    assert.deepEqual(Object.keys(answer.body), ['status', 'msg', 'data']);
    assert.equal(answer.body.status, 200);
    assert.equal(answer.body.msg, 'success');
    assert.deepEqual(Object.keys(answer.body.data), ['order_id']);
    const placed = await server().guildhall.payments.get(answer.body.data.order_id);
    assert.equal(placed.appId, app.id);
    assert.equal(placed.amount, 990);
    assert.equal(placed.currency, 'BRL');
    assert.equal(placed.appOrderNo, fields.game_order);
    assert.equal(placed.productId, 'com.tecnofut.coins.600');
    assert.equal(placed.status, 'created');
    assert.equal(placed.serverId, 3);
    assert.equal(placed.gameMoney, 600);
    assert.equal(placed.gameGoodId, 2);
    assert.equal(placed.channelName, 'googleplay');
    assert.equal(placed.passThrough, 'pass-through text');
  });

  it('takes an empty game_good_id as 1 and an empty data, over query and multipart too', async () => {
    for (const via of ['query', 'multipart'] as const) {
      const answer = await place(order({ game_good_id: '', data: '' }), { via });
      assert.equal(answer.body.status, 200, via);
      const placed = await server().guildhall.payments.get(answer.body.data.order_id);
      assert.equal(placed.gameGoodId, 1);
      assert.equal(placed.passThrough, '');
    }
  });

  it('answers 112 for a game_order the app already has; another app may use it', async () => {
    const fields = order();
    assert.equal((await place(fields)).body.status, 200);
    const before = await orderCount();
    const again = await place({ ...fields, amount: '1.00' });
    assert.equal(again.body.status, 112);
    assert.match(again.body.msg, /^game_order重复/);
    assert.deepEqual(again.body.data, {});
    assert.equal(await orderCount(), before);
    const otherUidThere = (await server().guest(other, 'buyer')).xcloud.uid;
    const there = await server().xcloud(other, '/Pt/order', {
      ...fields,
      uid: otherUidThere,
      gid: other.xcloud.gid,
      app_id: other.xcloud.appId,
    });
    assert.equal(there.body.status, 200);
  });

  const refusals: [string, Record<string, string>, number][] = [
    ['a sid that is not a positive integer', { sid: 'x' }, 109],
    ['a zero sid', { sid: '0' }, 109],
    ['an empty sid', { sid: '' }, 109],
    ['another app_id', { app_id: 'xcnotthisone' }, 110],
    ['an empty game_order', { game_order: '' }, 111],
    ['an amount with three decimals', { amount: '9.999' }, 113],
    ['a zero amount', { amount: '0.00' }, 113],
    ['a negative amount', { amount: '-1' }, 113],
    ['an amount that is not a number', { amount: 'ten' }, 113],
    ['decimals JPY does not have', { amount: '100.50', currency: 'JPY' }, 113],
    ['an unknown currency', { currency: 'XYZ' }, 113],
    ['a lowercase currency', { currency: 'brl' }, 113],
    ['the platform coins', { amount: '60', currency: 'MMB' }, 113],
    ['a game_money that is not an integer', { game_money: '6.5' }, 115],
    ['an empty game_money', { game_money: '' }, 115],
    ['a game_good_id that is not an integer', { game_good_id: 'gold' }, 115],
    ['a zero game_good_id', { game_good_id: '0' }, 115],
    ['an unknown uid', { uid: '1999999999' }, 116],
    ['an empty role_name', { role_name: '' }, 114],
    ['an empty channel', { channel: '' }, 114],
    ['a data over 100 characters', { data: 'd'.repeat(101) }, 114],
  ];
  for (const [what, bad, status] of refusals) {
    it(`answers ${status} for ${what}, placing nothing`, async () => {
      const before = await orderCount();
      const answer = await place(order(bad));
      assert.equal(answer.body.status, status, JSON.stringify(answer.body));
      assert.deepEqual(answer.body.data, {});
      assert.equal(await orderCount(), before);
    });
  }

  it('answers 114 for a missing field, 104 without time, 105 for a bad sign, 108 for an unknown gid', async () => {
    for (const field of ['product_id', 'game_order', 'currency']) {
      const fields: Record<string, string> = order();
      delete fields[field];
      assert.equal((await place(fields)).body.status, 114, field);
    }
    assert.equal((await place(order(), { noTime: true })).body.status, 104);
    assert.equal((await place(order(), { sign: 'f'.repeat(32) })).body.status, 105);
    assert.equal((await place(order(), { sign: null })).body.status, 105);
    assert.equal((await place(order({ gid: '1' }))).body.status, 108);
  });

  it('checkorder: 120 until paid, 200 when paid and when delivered, 120 once refunded', async () => {
    const fields = order();
    const placed = await place(fields);
    const query = { uid, gid: app.xcloud.gid, game_order: fields.game_order };
    const unpaid = await check(query);
    assert.equal(unpaid.body.status, 120);
    assert.match(unpaid.body.msg, /^支付失败或未支付/);
    assert.deepEqual(unpaid.body.data, {});
    const payments = server().guildhall.payments;
    await payments.markPaid(placed.body.data.order_id, `tx-${fields.game_order}`);
    const paid = await check(query);
    assert.deepEqual(paid.body, { status: 200, msg: 'success', data: {} });
    await payments.markDelivered(server().guildhall.store, placed.body.data.order_id, 1);
    assert.equal((await check(query)).body.status, 200);
    await payments.refund(placed.body.data.order_id);
    assert.equal((await check(query)).body.status, 120);
  });

  it("checkorder: 120 for an unknown game_order or another uid's, 111 empty, 116 unknown uid, 114/105/108", async () => {
    const fields = order();
    await place(fields);
    const query = { uid, gid: app.xcloud.gid, game_order: fields.game_order };
    assert.equal((await check({ ...query, game_order: 'nope' })).body.status, 120);
    assert.equal((await check({ ...query, uid: otherUid })).body.status, 120);
    assert.equal((await check({ ...query, game_order: '' })).body.status, 111);
    assert.equal((await check({ ...query, uid: '1999999999' })).body.status, 116);
    const missing: Record<string, string> = { ...query };
    delete missing.game_order;
    assert.equal((await check(missing)).body.status, 114);
    const bad = await server().xcloud(app, '/Pt/checkorder', query, { noTime: true, sign: 'x' });
    assert.equal(bad.body.status, 105);
    assert.equal((await check({ ...query, gid: '1' })).body.status, 108);
  });
});
