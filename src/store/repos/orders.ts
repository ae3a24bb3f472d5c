import type { Kysely, Selectable } from 'kysely';
import { sql } from 'kysely';
import type {
  Channel,
  ClientType,
  Currency,
  Order,
  OrderStatus,
} from '../../core/payments/types.js';
import type { AppStore, VerifiedPurchase } from '../../core/payments/store-purchases.js';
import { UniqueConflict } from '../../common/conflict.js';
import { DELETED_ACCOUNT } from '../../common/deleted-account.js';
import { isUniqueViolation } from '../errors.js';
import type { Database } from '../schema.js';
import type { OrdersTable } from '../tables/payments.js';

function toOrder(row: Selectable<OrdersTable>): Order {
  return {
    id: row.id,
    tradeNo: row.trade_no,
    appId: row.app_id,
    accountId: row.account_id ?? DELETED_ACCOUNT,
    productId: row.product_id,
    amount: row.amount,
    currency: row.currency as Currency,
    channel: row.channel as Channel,
    appOrderNo: row.app_order_no,
    clientType: row.client_type as ClientType,
    status: row.status as OrderStatus,
    transactionId: row.transaction_id,
    createdAt: row.created_at,
    paidAt: row.paid_at,
    deliveredAt: row.delivered_at,
    refundedAt: row.refunded_at,
    ...(row.server_id !== null && { serverId: row.server_id }),
    ...(row.game_money !== null && { gameMoney: row.game_money }),
    ...(row.game_good_id !== null && { gameGoodId: row.game_good_id }),
    ...(row.channel_name !== null && { channelName: row.channel_name }),
    ...(row.pass_through !== null && { passThrough: row.pass_through }),
    ...(row.purchase_store !== null && { purchaseStore: row.purchase_store as AppStore }),
    ...(row.purchase_key !== null && { purchaseKey: row.purchase_key }),
    ...(row.notify_kind !== null && { notifyKind: row.notify_kind }),
    ...(row.refund_notice_kind !== null && { refundNoticeKind: row.refund_notice_kind }),
  };
}

export interface OrderPage {
  status?: OrderStatus;
  channel?: Channel;
  accountId?: number;
  /** Created at or after this time (unix ms). */
  from?: number;
  /** Created before this time (unix ms). */
  to?: number;
  /** Orders created before this order id's creation (newest first paging). */
  before?: { createdAt: number; id: string };
  limit: number;
}

/** Rethrows a unique-constraint violation as UniqueConflict, anything else as it is. */
function conflictAs(message: string): (error: unknown) => never {
  return (error) => {
    if (isUniqueViolation(error)) throw new UniqueConflict(message, { cause: error });
    throw error;
  };
}

export class OrderRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Throws UniqueConflict when the trade number is taken, or the app order number when
   * `uniqueAppOrderNo` (another of the app's orders has it).
   */
  async insert(order: Order, uniqueAppOrderNo = false): Promise<void> {
    await this.db
      .insertInto('orders')
      .values({
        id: order.id,
        trade_no: order.tradeNo,
        app_id: order.appId,
        account_id: order.accountId,
        product_id: order.productId,
        amount: order.amount,
        currency: order.currency,
        channel: order.channel,
        app_order_no: order.appOrderNo,
        client_type: order.clientType,
        status: order.status,
        transaction_id: order.transactionId,
        created_at: order.createdAt,
        paid_at: order.paidAt,
        delivered_at: order.deliveredAt,
        refunded_at: order.refundedAt,
        server_id: order.serverId ?? null,
        game_money: order.gameMoney ?? null,
        game_good_id: order.gameGoodId ?? null,
        channel_name: order.channelName ?? null,
        pass_through: order.passThrough ?? null,
        purchase_store: order.purchaseStore ?? null,
        purchase_key: order.purchaseKey ?? null,
        unique_app_order_no: uniqueAppOrderNo ? order.appOrderNo : null,
        notify_kind: order.notifyKind ?? null,
        refund_notice_kind: order.refundNoticeKind ?? null,
      })
      .execute()
      .catch(conflictAs(`trade number ${order.tradeNo} or app order ${order.appOrderNo} is taken`));
  }

  async byId(id: string): Promise<Order | undefined> {
    const row = await this.db
      .selectFrom('orders')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toOrder(row);
  }

  async byTradeNo(tradeNo: string): Promise<Order | undefined> {
    const row = await this.db
      .selectFrom('orders')
      .selectAll()
      .where('trade_no', '=', tradeNo)
      .executeTakeFirst();
    return row && toOrder(row);
  }

  /** The order a store purchase paid. */
  async byPurchase(store: AppStore, purchaseKey: string): Promise<Order | undefined> {
    const row = await this.db
      .selectFrom('orders')
      .selectAll()
      .where('purchase_store', '=', store)
      .where('purchase_key', '=', purchaseKey)
      .executeTakeFirst();
    return row && toOrder(row);
  }

  /** The app's order with this app order number among those kept unique. */
  async byUniqueAppOrderNo(appId: string, appOrderNo: string): Promise<Order | undefined> {
    const row = await this.db
      .selectFrom('orders')
      .selectAll()
      .where('app_id', '=', appId)
      .where('unique_app_order_no', '=', appOrderNo)
      .executeTakeFirst();
    return row && toOrder(row);
  }

  async tradeNoTaken(tradeNo: string): Promise<boolean> {
    return (await this.byTradeNo(tradeNo)) !== undefined;
  }

  /**
   * created → paid with the channel's transaction id; false when the order was not `created`.
   * Throws UniqueConflict when the transaction id already paid another order.
   */
  async markPaid(id: string, transactionId: string, at: number): Promise<boolean> {
    const result = await this.db
      .updateTable('orders')
      .set({ status: 'paid', transaction_id: transactionId, paid_at: at })
      .where('id', '=', id)
      .where('status', '=', 'created')
      .executeTakeFirst()
      .catch(conflictAs(`transaction ${transactionId} already paid an order`));
    return result.numUpdatedRows > 0n;
  }

  /**
   * created → paid by a store purchase (the order's channel becomes the store); false when the
   * order was not `created`. Throws UniqueConflict when the purchase already paid another order.
   */
  async markPaidByPurchase(id: string, purchase: VerifiedPurchase, at: number): Promise<boolean> {
    const result = await this.db
      .updateTable('orders')
      .set({
        status: 'paid',
        channel: purchase.store,
        transaction_id: purchase.storeOrderId,
        purchase_store: purchase.store,
        purchase_key: purchase.purchaseKey,
        paid_at: at,
      })
      .where('id', '=', id)
      .where('status', '=', 'created')
      .executeTakeFirst()
      .catch(conflictAs(`purchase ${purchase.purchaseKey} already paid an order`));
    return result.numUpdatedRows > 0n;
  }

  /** paid → delivered; false when the order was not `paid` (refunded meanwhile, say). */
  async markDelivered(id: string, at: number): Promise<boolean> {
    const result = await this.db
      .updateTable('orders')
      .set({ status: 'delivered', delivered_at: at })
      .where('id', '=', id)
      .where('status', '=', 'paid')
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** paid or delivered → refunded; false otherwise. */
  async markRefunded(id: string, at: number): Promise<boolean> {
    const result = await this.db
      .updateTable('orders')
      .set({ status: 'refunded', refunded_at: at })
      .where('id', '=', id)
      .where('status', 'in', ['paid', 'delivered'])
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** An app's orders, newest first. */
  async list(appId: string, page: OrderPage): Promise<Order[]> {
    const { before, status, channel, accountId, from, to } = page;
    const rows = await this.db
      .selectFrom('orders')
      .selectAll()
      .where('app_id', '=', appId)
      .$if(status !== undefined, (qb) => qb.where('status', '=', status as OrderStatus))
      .$if(channel !== undefined, (qb) => qb.where('channel', '=', channel as Channel))
      .$if(accountId !== undefined, (qb) => qb.where('account_id', '=', accountId as number))
      .$if(from !== undefined, (qb) => qb.where('created_at', '>=', from as number))
      .$if(to !== undefined, (qb) => qb.where('created_at', '<', to as number))
      .$if(before !== undefined, (qb) =>
        qb.where((eb) =>
          eb.or([
            eb('created_at', '<', before?.createdAt ?? 0),
            eb.and([
              eb('created_at', '=', before?.createdAt ?? 0),
              eb('id', '<', before?.id ?? ''),
            ]),
          ]),
        ),
      )
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(page.limit)
      .execute();
    return rows.map(toOrder);
  }

  /**
   * Orders of an app paid in [from, to) and not refunded, in payment order, `limit` at a time
   * after the order paid at `after` (keyset paging: a day of bills is never held at once).
   */
  async paidBetween(
    appId: string,
    from: number,
    to: number,
    after: { paidAt: number; id: string } | undefined,
    limit: number,
  ): Promise<Order[]> {
    const rows = await this.db
      .selectFrom('orders')
      .selectAll()
      .where('app_id', '=', appId)
      .where('paid_at', '>=', from)
      .where('paid_at', '<', to)
      .where('status', 'in', ['paid', 'delivered'])
      .$if(after !== undefined, (qb) =>
        qb.where((eb) =>
          eb.or([
            eb('paid_at', '>', after?.paidAt ?? 0),
            eb.and([eb('paid_at', '=', after?.paidAt ?? 0), eb('id', '>', after?.id ?? '')]),
          ]),
        ),
      )
      .orderBy('paid_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toOrder);
  }

  /**
   * Paid orders not refunded, counted and summed in SQL per day, currency and channel. Day `i`
   * runs from `dayStarts[i]` to `dayStarts[i + 1]` (the app's calendar, worked out by the caller).
   */
  async paidPerDay(appId: string, dayStarts: readonly number[]): Promise<PaidPerDay[]> {
    const first = dayStarts[0] ?? 0;
    const end = dayStarts[dayStarts.length - 1] ?? 0;
    const dayOf = sql.join(
      dayStarts.slice(1).map((start, i) => sql`WHEN paid_at < ${start} THEN ${sql.lit(i)}`),
      sql` `,
    );
    const rows = await this.db
      .selectFrom('orders')
      .select((eb) => [
        sql<number>`CASE ${dayOf} END`.as('day'),
        'currency',
        'channel',
        eb.fn.countAll<number>().as('orders'),
        eb.fn.sum<number>('amount').as('amount'),
      ])
      .where('app_id', '=', appId)
      .where('paid_at', '>=', first)
      .where('paid_at', '<', end)
      .where('status', 'in', ['paid', 'delivered'])
      .groupBy([sql`1`, 'currency', 'channel'])
      .execute();
    return rows.map((r) => ({
      day: Number(r.day),
      currency: r.currency,
      channel: r.channel,
      orders: Number(r.orders),
      amount: Number(r.amount),
    }));
  }
}

export interface PaidPerDay {
  /** Index of the day in the range. */
  day: number;
  currency: string;
  channel: string;
  orders: number;
  /** Integer minor units of the currency. */
  amount: number;
}
