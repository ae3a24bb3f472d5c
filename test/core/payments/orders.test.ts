import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DateTime } from 'luxon';
import type { App } from '../../../src/core/apps/types.js';
import type { AppSettings } from '../../../src/core/apps/types.js';
import type { NewOrder } from '../../../src/core/payments/types.js';
import { ORDER_PAID } from '../../../src/core/payments/types.js';
import { appOf, domainError, newApp, newPlayer, useCoreGuildhall } from '../helpers.js';

const GEMS: NewOrder = {
  productId: 'com.example.gems.60',
  amount: '6.00',
  currency: 'RMB',
  channel: 'alipay',
  appOrderNo: 'game-order-1',
};

describe('orders', () => {
  const core = useCoreGuildhall();

  async function setUp(settings: Partial<AppSettings> = {}) {
    const appId = await newApp(core.guildhall, undefined, settings);
    const app: App = await appOf(core.guildhall, appId);
    const player = await newPlayer(core.guildhall, appId, `buyer-${appId}`);
    return { app, player };
  }

  it('keeps money as integer minor units of the currency', async () => {
    const { guildhall } = core;
    const { app, player } = await setUp();
    const amounts: [string, string, number][] = [
      ['9.99', 'USD', 999],
      ['4.9', 'BRL', 490],
      ['120', 'JPY', 120],
      ['1.234', 'KWD', 1_234],
      ['6.00', 'RMB', 600],
      ['6.5', 'RMB', 650],
      ['0.01', 'RMB', 1],
      ['648', 'RMB', 64_800],
      ['60', 'MMB', 60],
    ];
    for (const [amount, currency, minor] of amounts) {
      const order = await guildhall.payments.create(app, player, { ...GEMS, amount, currency });
      assert.equal(order.amount, minor, `${amount} ${currency}`);
    }
    for (const [amount, currency] of [
      ['0', 'RMB'],
      ['0.00', 'RMB'],
      ['-1', 'RMB'],
      ['6.005', 'RMB'],
      ['6.5', 'MMB'],
      ['1.5', 'JPY'],
      ['9.999', 'USD'],
      ['1e3', 'RMB'],
      ['', 'RMB'],
    ] as const) {
      await assert.rejects(
        guildhall.payments.create(app, player, { ...GEMS, amount, currency }),
        domainError('invalid_argument'),
        `${amount} ${currency}`,
      );
    }
  });

  it('keeps an app order number unique when asked, and keeps the game details', async () => {
    const { guildhall } = core;
    const { app, player } = await setUp();
    const details = {
      serverId: 3,
      gameMoney: 600,
      gameGoodId: 2,
      channelName: 'gp',
      passThrough: 'x',
    };
    const unique = { ...GEMS, appOrderNo: 'unique-1', uniqueAppOrderNo: true, details };
    const order = await guildhall.payments.create(app, player, unique);
    assert.deepEqual(await guildhall.payments.get(order.id), order);
    assert.equal((await guildhall.payments.byAppOrderNo(app.id, 'unique-1')).id, order.id);
    await assert.rejects(
      guildhall.payments.create(app, player, unique),
      domainError('order.duplicate'),
    );
    const other = await setUp();
    await guildhall.payments.create(other.app, other.player, unique);
  });

  it('lets one store purchase pay one order only, and the order shows it', async () => {
    const { guildhall } = core;
    const { app, player } = await setUp();
    const first = await guildhall.payments.create(app, player, GEMS);
    const second = await guildhall.payments.create(app, player, GEMS);
    const purchase = {
      store: 'google_play' as const,
      storeOrderId: 'GPA.1',
      purchaseKey: 'token-1',
      productId: GEMS.productId,
      packageName: 'com.example',
      environment: 'production' as const,
      purchasedAt: 0,
    };
    const paid = await guildhall.payments.markPaidByPurchase(first.id, purchase);
    assert.equal(paid.status, 'paid');
    assert.equal(paid.channel, 'google_play');
    assert.equal(paid.transactionId, 'GPA.1');
    assert.equal(paid.purchaseKey, 'token-1');
    await assert.rejects(
      guildhall.payments.markPaidByPurchase(second.id, { ...purchase, storeOrderId: 'GPA.2' }),
      domainError('order.duplicate_transaction'),
    );
    assert.equal((await guildhall.payments.get(second.id)).status, 'created');

    const refunded = await guildhall.payments.refundByPurchase('google_play', 'token-1');
    assert.equal(refunded.id, first.id);
    assert.equal(refunded.status, 'refunded');
    const [notice] = await guildhall.payments.deliveries(first.id);
    assert.equal(notice?.status, 'cancelled');
    await assert.rejects(
      guildhall.payments.refundByPurchase('google_play', 'token-1'),
      domainError('order.not_refundable'),
    );
    await assert.rejects(
      guildhall.payments.refundByPurchase('app_store', 'token-1'),
      domainError('order.not_found'),
    );
  });

  it('refuses orders without a product, with unknown currencies or channels', async () => {
    const { guildhall } = core;
    const { app, player } = await setUp();
    for (const bad of [
      { productId: '  ' },
      { productId: 'p'.repeat(129) },
      { appOrderNo: 'n'.repeat(257) },
      { currency: 'XYZ' },
      { channel: 'paypal' },
    ]) {
      await assert.rejects(
        guildhall.payments.create(app, player, { ...GEMS, ...bad } as NewOrder),
        domainError('invalid_argument'),
      );
    }
  });

  it('creates orders with their own trade numbers, even for a repeated game order number', async () => {
    const { guildhall, clock } = core;
    const { app, player } = await setUp();
    const first = await guildhall.payments.create(app, player, GEMS);
    const second = await guildhall.payments.create(app, player, GEMS);
    assert.notEqual(first.id, second.id);
    assert.notEqual(first.tradeNo, second.tradeNo);
    assert.equal(second.appOrderNo, first.appOrderNo);
    const stamp = DateTime.fromMillis(clock.now(), { zone: 'Asia/Shanghai' }).toFormat(
      'yyyyMMddHHmmss',
    );
    assert.match(first.tradeNo, new RegExp(`^${stamp}\\d{9}$`));
    assert.deepEqual(
      [first.status, first.clientType, first.transactionId, first.paidAt],
      ['created', 'android', null, null],
    );
    const apple = await guildhall.payments.create(app, player, { ...GEMS, channel: 'apple' });
    assert.equal(apple.clientType, 'ios');
    assert.equal((await guildhall.payments.byTradeNo(first.tradeNo))?.id, first.id);
  });

  it('goes created → paid → delivered → refunded, and queues the notice with the payment', async () => {
    const { guildhall, clock } = core;
    const { app, player } = await setUp();
    const order = await guildhall.payments.create(app, player, GEMS);
    assert.deepEqual(await guildhall.payments.deliveries(order.id), []);
    await assert.rejects(guildhall.payments.refund(order.id), domainError('order.not_refundable'));
    await assert.rejects(guildhall.payments.resend(order.id), domainError('order.not_paid'));

    clock.advance(1_000);
    const paid = await guildhall.payments.markPaid(order.id, `tx-${order.id}`);
    assert.deepEqual(
      [paid.status, paid.transactionId, paid.paidAt],
      ['paid', `tx-${order.id}`, clock.now()],
    );
    const [notice] = await guildhall.payments.deliveries(order.id);
    assert.deepEqual(
      [notice?.kind, notice?.ref, notice?.status, notice?.appId],
      [ORDER_PAID, order.id, 'pending', app.id],
    );
    await assert.rejects(
      guildhall.payments.markPaid(order.id, 'another-tx'),
      domainError('order.already_paid'),
    );

    clock.advance(1_000);
    await guildhall.payments.markDelivered(guildhall.store, order.id, clock.now());
    const delivered = await guildhall.payments.get(order.id);
    assert.deepEqual([delivered.status, delivered.deliveredAt], ['delivered', clock.now()]);
    assert.equal((await guildhall.payments.checkTrade(app.id, order.tradeNo)).id, order.id);

    clock.advance(1_000);
    const refunded = await guildhall.payments.refund(order.id);
    assert.deepEqual([refunded.status, refunded.refundedAt], ['refunded', clock.now()]);
    await assert.rejects(guildhall.payments.refund(order.id), domainError('order.not_refundable'));
    await assert.rejects(guildhall.payments.resend(order.id), domainError('order.not_paid'));
    await assert.rejects(
      guildhall.payments.markPaid(order.id, 'late-tx'),
      domainError('order.already_paid'),
    );
    assert.deepEqual(
      (await guildhall.payments.deliveries(order.id)).map((d) => d.status),
      ['cancelled'],
      'the unacknowledged notice is called off',
    );
  });

  it('lets one channel transaction pay one order only', async () => {
    const { guildhall } = core;
    const { app, player } = await setUp();
    const one = await guildhall.payments.create(app, player, GEMS);
    const two = await guildhall.payments.create(app, player, GEMS);
    await guildhall.payments.markPaid(one.id, 'tx-shared');
    await assert.rejects(
      guildhall.payments.markPaid(two.id, 'tx-shared'),
      domainError('order.duplicate_transaction'),
    );
    const unpaid = await guildhall.payments.get(two.id);
    assert.equal(unpaid.status, 'created');
    assert.deepEqual(await guildhall.payments.deliveries(two.id), [], 'no notice for it');
    await assert.rejects(
      guildhall.payments.markPaid('ord_none', 'tx'),
      domainError('order.not_found'),
    );
    await assert.rejects(guildhall.payments.get('ord_none'), domainError('order.not_found'));
    await assert.rejects(guildhall.payments.refund('ord_none'), domainError('order.not_found'));
  });

  it('hurries a pending notice when asked to resend it', async () => {
    const { guildhall, clock } = core;
    const { app, player } = await setUp();
    const order = await guildhall.payments.create(app, player, GEMS);
    await guildhall.payments.markPaid(order.id, `tx-${order.id}`);
    clock.advance(60_000);
    await guildhall.payments.resend(order.id);
    const notices = await guildhall.payments.deliveries(order.id);
    assert.deepEqual(
      notices.map((n) => [n.status, n.dueAt]),
      [['pending', clock.now()]],
    );
  });

  it('answers a trade check only for a standing payment of the asking app', async () => {
    const { guildhall } = core;
    const { app, player } = await setUp();
    const other = await setUp();
    const order = await guildhall.payments.create(app, player, GEMS);
    await assert.rejects(
      guildhall.payments.checkTrade(app.id, order.tradeNo),
      domainError('order.not_paid'),
    );
    await assert.rejects(
      guildhall.payments.checkTrade(app.id, 'nope'),
      domainError('order.not_found'),
    );
    await guildhall.payments.markPaid(order.id, `tx-${order.id}`);
    assert.equal((await guildhall.payments.checkTrade(app.id, order.tradeNo)).status, 'paid');
    await assert.rejects(
      guildhall.payments.checkTrade(other.app.id, order.tradeNo),
      domainError('order.other_app'),
    );
    await guildhall.payments.refund(order.id);
    await assert.rejects(
      guildhall.payments.checkTrade(app.id, order.tradeNo),
      domainError('order.refunded'),
    );
  });

  it('lets players complete sandbox orders themselves only in a sandbox app', async () => {
    const { guildhall } = core;
    const sandbox = await setUp({ sandbox: true });
    const live = await setUp();
    const order = await guildhall.payments.create(sandbox.app, sandbox.player, {
      ...GEMS,
      channel: 'sandbox',
    });
    const paid = await guildhall.payments.payInSandbox(sandbox.app, sandbox.player, order.id);
    assert.equal(paid.status, 'paid');
    assert.match(paid.transactionId ?? '', /^sandbox_/);
    await assert.rejects(
      guildhall.payments.payInSandbox(sandbox.app, sandbox.player, order.id),
      domainError('order.already_paid'),
    );
    const real = await guildhall.payments.create(sandbox.app, sandbox.player, GEMS);
    await assert.rejects(
      guildhall.payments.payInSandbox(sandbox.app, sandbox.player, real.id),
      domainError('payment.not_sandbox'),
    );
    const liveOrder = await guildhall.payments.create(live.app, live.player, {
      ...GEMS,
      channel: 'sandbox',
    });
    await assert.rejects(
      guildhall.payments.payInSandbox(live.app, live.player, liveOrder.id),
      domainError('payment.sandbox_disabled'),
    );
    const stranger = await newPlayer(guildhall, sandbox.app.id, `stranger-${sandbox.app.id}`);
    const mine = await guildhall.payments.create(sandbox.app, sandbox.player, {
      ...GEMS,
      channel: 'sandbox',
    });
    await assert.rejects(
      guildhall.payments.payInSandbox(sandbox.app, stranger, mine.id),
      domainError('order.not_found'),
    );
    await assert.rejects(
      guildhall.payments.payInSandbox(live.app, sandbox.player, mine.id),
      domainError('order.not_found'),
    );
  });
});
