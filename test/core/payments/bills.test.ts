import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DateTime } from 'luxon';
import type { App } from '../../../src/core/apps/types.js';
import type { Order } from '../../../src/core/payments/types.js';
import { appOf, domainError, newApp, newPlayer, useCoreGuildhall } from '../helpers.js';

const HOUR = 3_600_000;

async function collect(pages: AsyncIterable<Order[]>): Promise<Order[]> {
  const all: Order[] = [];
  for await (const page of pages) all.push(...page);
  return all;
}

describe('order lists and daily bills', () => {
  const core = useCoreGuildhall();

  async function setUp(billExport: boolean, timezone = 'Asia/Shanghai') {
    const appId = await newApp(core.guildhall, undefined, { billExport, timezone });
    const app: App = await appOf(core.guildhall, appId);
    const player = await newPlayer(core.guildhall, appId, `bill-${appId}`);
    const order = (appOrderNo: string) =>
      core.guildhall.payments.create(app, player, {
        productId: 'gems',
        amount: '1.00',
        currency: 'RMB',
        channel: 'alipay',
        appOrderNo,
      });
    return { app, order };
  }

  it('bills the orders paid and not refunded on a completed day of the app calendar', async () => {
    const { guildhall, clock } = core;
    const { app, order } = await setUp(true, 'UTC');
    // Start at the next UTC midnight plus an hour.
    clock.advance(24 * HOUR - (clock.now() % (24 * HOUR)) + HOUR);
    const day = DateTime.fromMillis(clock.now(), { zone: 'UTC' }).toISODate() ?? '';
    const [kept, refunded, , tomorrow] = [
      await order('kept'),
      await order('refunded'),
      await order('unpaid'),
      await order('tomorrow'),
    ];
    await guildhall.payments.markPaid(kept.id, 'tx-kept');
    await guildhall.payments.markPaid(refunded.id, 'tx-refunded');
    await guildhall.payments.refund(refunded.id);
    assert.deepEqual(
      await collect(await guildhall.payments.dailyBill(app, day)),
      [],
      'day not over',
    );

    clock.advance(23 * HOUR);
    await guildhall.payments.markPaid(tomorrow.id, 'tx-tomorrow');
    const bill = await collect(await guildhall.payments.dailyBill(app, day));
    assert.deepEqual(
      bill.map((o) => o.appOrderNo),
      ['kept'],
    );
    await assert.rejects(
      guildhall.payments.dailyBill(app, '2026-02-30'),
      domainError('invalid_argument'),
    );
    await assert.rejects(
      guildhall.payments.dailyBill(app, 'yesterday'),
      domainError('invalid_argument'),
    );
  });

  it('cuts days at midnight of the app time zone', async () => {
    const { guildhall, clock } = core;
    const { app, order } = await setUp(true);
    // 23:30 in Shanghai, then 00:30 the next day.
    const shanghai = DateTime.fromMillis(clock.now(), { zone: 'Asia/Shanghai' });
    const lateEvening = shanghai
      .plus({ days: 1 })
      .set({ hour: 23, minute: 30, second: 0, millisecond: 0 });
    clock.advance(lateEvening.toMillis() - clock.now());
    const late = await order('late');
    await guildhall.payments.markPaid(late.id, `tx-${late.id}`);
    clock.advance(HOUR);
    const early = await order('early');
    await guildhall.payments.markPaid(early.id, `tx-${early.id}`);
    clock.advance(2 * 24 * HOUR);
    const billOf = async (date: DateTime) =>
      (await collect(await guildhall.payments.dailyBill(app, date.toISODate() ?? ''))).map(
        (o) => o.appOrderNo,
      );
    assert.deepEqual(await billOf(lateEvening), ['late']);
    assert.deepEqual(await billOf(lateEvening.plus({ days: 1 })), ['early']);
  });

  it('exports bills only for apps that allow it', async () => {
    const { app } = await setUp(false);
    await assert.rejects(
      core.guildhall.payments.dailyBill(app, '2020-01-01'),
      domainError('payment.bills_disabled'),
    );
  });

  it('lists an app orders newest first, by status and page', async () => {
    const { guildhall, clock } = core;
    const { app, order } = await setUp(false);
    const placed = [];
    for (const name of ['a', 'b', 'c']) {
      placed.push(await order(name));
      clock.advance(1_000);
    }
    await guildhall.payments.markPaid(placed[1]!.id, `tx-${placed[1]!.id}`);
    const all = await guildhall.payments.list(app.id, { limit: 10 });
    assert.deepEqual(
      all.map((o) => o.appOrderNo),
      ['c', 'b', 'a'],
    );
    const paid = await guildhall.payments.list(app.id, { status: 'paid', limit: 10 });
    assert.deepEqual(
      paid.map((o) => o.appOrderNo),
      ['b'],
    );
    const after = await guildhall.payments.list(app.id, { before: placed[2]!.id, limit: 1 });
    assert.deepEqual(
      after.map((o) => o.appOrderNo),
      ['b'],
    );
  });
});
