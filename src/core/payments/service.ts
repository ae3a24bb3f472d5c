import { DateTime } from 'luxon';
import { UniqueConflict } from '../../common/conflict.js';
import type { Store, StoreSlice } from '../../store/store.js';
import type { App } from '../apps/types.js';
import { DomainError, fail } from '../errors.js';
import type { DeliveryAttempt, OutboxItem, OutboxSignal } from '../outbox/types.js';
import type { Clock, Random } from '../runtime.js';
import { randomId } from '../runtime.js';
import { isCurrency, parseAmount } from './money.js';
import type { AppStore, VerifiedPurchase } from './store-purchases.js';
import type { NewOrder, Order, OrderStatus } from './types.js';
import { CHANNELS, noticeKindsOf, notifyKindOf } from './types.js';

const BILL_PAGE = 1_000;

export interface OrderDelivery extends OutboxItem {
  history: DeliveryAttempt[];
}

/** Orders from creation to payment, delivery to the game server, and refund. */
export class PaymentService {
  constructor(
    private readonly store: StoreSlice<'orders' | 'outbox'>,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly outboxSignal: OutboxSignal,
  ) {}

  async create(app: App, accountId: number, input: NewOrder): Promise<Order> {
    const productId = input.productId.trim();
    if (!productId || productId.length > 128)
      fail('invalid_argument', 'product_id: 1 to 128 characters');
    if (input.appOrderNo.length > 256)
      fail('invalid_argument', 'app_order_no: at most 256 characters');
    if (!isCurrency(input.currency)) fail('invalid_argument', `unknown currency ${input.currency}`);
    if (!CHANNELS.includes(input.channel))
      fail('invalid_argument', `unknown channel ${input.channel}`);
    const now = this.clock.now();
    const order: Order = {
      id: `ord_${randomId(this.random, 16)}`,
      tradeNo: '',
      appId: app.id,
      accountId,
      productId,
      amount: parseAmount(input.amount, input.currency),
      currency: input.currency,
      channel: input.channel,
      appOrderNo: input.appOrderNo,
      clientType: input.clientType ?? (input.channel === 'apple' ? 'ios' : 'android'),
      status: 'created',
      transactionId: null,
      createdAt: now,
      paidAt: null,
      deliveredAt: null,
      refundedAt: null,
      ...input.details,
      ...(input.notifyKind !== undefined && { notifyKind: input.notifyKind }),
      ...(input.refundNoticeKind !== undefined && { refundNoticeKind: input.refundNoticeKind }),
    };
    const unique = input.uniqueAppOrderNo ?? false;
    for (let tries = 0; ; tries++) {
      order.tradeNo = this.tradeNo(app, now);
      try {
        await this.store.orders.insert(order, unique);
        return order;
      } catch (error) {
        if (!(error instanceof UniqueConflict)) throw error;
        if (unique && (await this.store.orders.byUniqueAppOrderNo(app.id, order.appOrderNo))) {
          fail('order.duplicate', `the app already has an order ${order.appOrderNo}`);
        }
        if (tries >= 4) throw error;
      }
    }
  }

  /** The app's order by its order number, among those the app keeps unique. */
  async byAppOrderNo(appId: string, appOrderNo: string): Promise<Order> {
    return (
      (await this.store.orders.byUniqueAppOrderNo(appId, appOrderNo)) ??
      fail('order.not_found', `no order ${appOrderNo}`)
    );
  }

  /** Completes a sandbox order for its player; only an app in sandbox mode allows it. */
  async payInSandbox(
    app: App,
    accountId: number,
    orderId: string,
    transactionId?: string,
  ): Promise<Order> {
    const order = await this.get(orderId);
    if (order.appId !== app.id || order.accountId !== accountId) {
      fail('order.not_found', `no order ${orderId}`);
    }
    if (!app.settings.sandbox) fail('payment.sandbox_disabled', 'the app is not in sandbox mode');
    if (order.channel !== 'sandbox') fail('payment.not_sandbox', 'not a sandbox order');
    return this.markPaid(order.id, transactionId ?? `sandbox_${randomId(this.random, 20)}`);
  }

  /**
   * Marks an order paid by a channel transaction and, in the same transaction, queues the
   * notification to the game server. A transaction id pays one order only.
   */
  async markPaid(orderId: string, transactionId: string): Promise<Order> {
    return this.pay(orderId, `transaction ${transactionId}`, (store, now) =>
      store.orders.markPaid(orderId, transactionId, now),
    );
  }

  /**
   * Marks an order paid by a store purchase the store confirmed (or a sandbox app's stand-in for
   * one), as markPaid does. A purchase pays one order only, ever: order.duplicate_transaction.
   * Paying an order again by the purchase that paid it (a client's retry, even one racing the
   * first call on another process) returns the order, paid once.
   */
  async markPaidByPurchase(orderId: string, purchase: VerifiedPurchase): Promise<Order> {
    try {
      return await this.pay(orderId, `purchase ${purchase.purchaseKey}`, (store, now) =>
        store.orders.markPaidByPurchase(orderId, purchase, now),
      );
    } catch (error) {
      const lost = ['order.already_paid', 'order.duplicate_transaction'];
      if (!(error instanceof DomainError) || !lost.includes(error.code)) throw error;
      const order = await this.get(orderId);
      const paidByIt =
        order.purchaseStore === purchase.store && order.purchaseKey === purchase.purchaseKey;
      if (!paidByIt) throw error;
      return order;
    }
  }

  private async pay(
    orderId: string,
    payment: string,
    mark: (store: Store, now: number) => Promise<boolean>,
  ): Promise<Order> {
    const now = this.clock.now();
    const paid = await this.store.transaction(async (store) => {
      const order = await store.orders.byId(orderId);
      if (!order) fail('order.not_found', `no order ${orderId}`);
      try {
        if (!(await mark(store, now))) {
          fail('order.already_paid', `order ${orderId} is ${order.status}`);
        }
      } catch (error) {
        if (error instanceof UniqueConflict) {
          fail('order.duplicate_transaction', `${payment} already paid an order`);
        }
        throw error;
      }
      await store.outbox.enqueue({
        kind: notifyKindOf(order),
        appId: order.appId,
        ref: order.id,
        at: now,
      });
      return (await store.orders.byId(orderId)) ?? order;
    });
    this.outboxSignal.notify();
    return paid;
  }

  /** The game server acknowledged the payment (runs in the acknowledging transaction). */
  async markDelivered(store: Store, orderId: string, at: number): Promise<void> {
    await store.orders.markDelivered(orderId, at);
  }

  async get(orderId: string): Promise<Order> {
    return (
      (await this.store.orders.byId(orderId)) ?? fail('order.not_found', `no order ${orderId}`)
    );
  }

  byTradeNo(tradeNo: string): Promise<Order | undefined> {
    return this.store.orders.byTradeNo(tradeNo);
  }

  /**
   * An app's trade whose payment stands (paid or delivered). Fails order.not_found for an unknown
   * trade number, order.other_app for another app's, order.not_paid while it is only created and
   * order.refunded once refunded.
   */
  async checkTrade(appId: string, tradeNo: string): Promise<Order> {
    const order = await this.store.orders.byTradeNo(tradeNo);
    if (!order) fail('order.not_found', `no trade ${tradeNo}`);
    if (order.appId !== appId) fail('order.other_app', `trade ${tradeNo} is another app's`);
    if (order.status === 'created') fail('order.not_paid', `trade ${tradeNo} is not paid yet`);
    if (order.status === 'refunded') fail('order.refunded', `trade ${tradeNo} was refunded`);
    return order;
  }

  /**
   * The app's bill of one business day (`yyyy-MM-dd` in the app's time zone): the orders paid that
   * day and not refunded, a page at a time in payment order. Only completed days have a bill;
   * today and later days are empty. Fails payment.bills_disabled unless the app exports bills,
   * then invalid_argument for a day that is not a calendar date.
   */
  async dailyBill(app: App, day: string): Promise<AsyncIterable<Order[]>> {
    if (!app.settings.billExport) fail('payment.bills_disabled', 'the app does not export bills');
    const start = /^\d{4}-\d{2}-\d{2}$/.test(day)
      ? DateTime.fromISO(day, { zone: app.settings.timezone })
      : undefined;
    if (!start?.isValid) fail('invalid_argument', `not a calendar date: ${day}`);
    const from = start.toMillis();
    const to = start.plus({ days: 1 }).toMillis();
    if (to > this.clock.now()) return (async function* () {})();
    return this.paidBetween(app.id, from, to);
  }

  async list(
    appId: string,
    options: { status?: OrderStatus; accountId?: number; before?: string; limit: number },
  ): Promise<Order[]> {
    const before = options.before ? await this.get(options.before) : undefined;
    return this.store.orders.list(appId, { ...options, before });
  }

  /** Every notification of the order with each of its attempts. */
  async deliveries(orderId: string): Promise<OrderDelivery[]> {
    const items = await this.store.outbox.byRef(noticeKindsOf(await this.get(orderId)), orderId);
    const attempts = await this.store.outbox.attemptsOf(items.map((i) => i.id));
    return items.map((item) => ({
      ...item,
      history: attempts.filter((a) => a.outboxId === item.id),
    }));
  }

  /**
   * Sends the order's notification again now: a pending one is hurried, otherwise a new one is
   * queued with a fresh schedule.
   */
  async resend(orderId: string): Promise<void> {
    const order = await this.get(orderId);
    if (order.status !== 'paid' && order.status !== 'delivered') {
      fail('order.not_paid', `order ${orderId} is ${order.status}`);
    }
    const now = this.clock.now();
    await this.store.transaction(async (store) => {
      if ((await store.outbox.hurry(notifyKindOf(order), order.id, now)) === 0) {
        await store.outbox.enqueue({
          kind: notifyKindOf(order),
          appId: order.appId,
          ref: order.id,
          at: now,
        });
      }
    });
    this.outboxSignal.notify();
  }

  /**
   * Refunds a paid or delivered order; a notification not yet acknowledged is called off, and the
   * order's refund notice (if it names one) is queued.
   */
  async refund(orderId: string): Promise<Order> {
    const now = this.clock.now();
    const refunded = await this.store.transaction(async (store) => {
      const order = await store.orders.byId(orderId);
      if (!order) fail('order.not_found', `no order ${orderId}`);
      if (!(await store.orders.markRefunded(order.id, now))) {
        fail('order.not_refundable', `order ${orderId} is ${order.status}`);
      }
      await store.outbox.cancel(notifyKindOf(order), order.id, now);
      if (order.refundNoticeKind) {
        await store.outbox.enqueue({
          kind: order.refundNoticeKind,
          appId: order.appId,
          ref: order.id,
          at: now,
        });
      }
      return { ...order, status: 'refunded' as const, refundedAt: now };
    });
    if (refunded.refundNoticeKind) this.outboxSignal.notify();
    return refunded;
  }

  /**
   * The store refunded or revoked a purchase (its notifications call this): the order it paid is
   * refunded as `refund` does. Fails order.not_found when the purchase paid no order, and
   * order.not_refundable when the order is refunded already.
   */
  async refundByPurchase(store: AppStore, purchaseKey: string): Promise<Order> {
    const order = await this.store.orders.byPurchase(store, purchaseKey);
    if (!order) fail('order.not_found', `purchase ${purchaseKey} paid no order`);
    return this.refund(order.id);
  }

  /** Orders paid (and not refunded) in [from, to), read a page at a time. */
  async *paidBetween(appId: string, from: number, to: number): AsyncGenerator<Order[]> {
    let after: { paidAt: number; id: string } | undefined;
    for (;;) {
      const page = await this.store.orders.paidBetween(appId, from, to, after, BILL_PAGE);
      if (page.length > 0) yield page;
      const last = page[page.length - 1];
      if (!last || page.length < BILL_PAGE) return;
      after = { paidAt: last.paidAt ?? 0, id: last.id };
    }
  }

  /** yyyyMMddHHmmss in the app's time zone and 9 random digits, like the platform's trade numbers. */
  private tradeNo(app: App, now: number): string {
    const stamp = DateTime.fromMillis(now, { zone: app.settings.timezone }).toFormat(
      'yyyyMMddHHmmss',
    );
    return stamp + String(this.random.int(0, 1_000_000_000)).padStart(9, '0');
  }
}
