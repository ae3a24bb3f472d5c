import { z } from 'zod';
import type { OrderDelivery, OrderListing } from '../../core/payments/service.js';
import { formatAmount } from '../../core/payments/money.js';
import type { Order, OrderStatus } from '../../core/payments/types.js';
import { CHANNELS } from '../../core/payments/types.js';
import type { Services } from '../../services.js';
import { appParams } from './admin.js';
import type { NativeContext, NativeEndpoint } from './endpoint.js';
import { parse } from './validation.js';

const ORDER_STATUSES: readonly OrderStatus[] = ['created', 'paid', 'delivered', 'refunded'];

const orderParams = z.object({ order_id: z.string().min(1).max(64) });

const unixMs = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

const listQuery = z
  .object({
    status: z.enum(ORDER_STATUSES).optional(),
    channel: z.enum(CHANNELS).optional(),
    player_id: z.string().min(1).max(64).optional(),
    from: unixMs.optional(),
    to: unixMs.optional(),
    before: z.string().min(1).max(64).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, {
    path: ['to'],
    message: 'must be after from',
  });

/** Who placed the orders: player_id and the ids operators see in the app, per account. */
export interface OrderOwners {
  playerIds: Map<number, string>;
  ids: Map<number, Record<string, string | null>>;
}

/** Looks up the owners of a page of orders of one app in two queries. */
export async function orderOwners(
  services: Services,
  appId: string,
  orders: readonly Order[],
): Promise<OrderOwners> {
  const ids = [...new Set(orders.map((o) => o.accountId))];
  const [accounts, operatorIds] = await Promise.all([
    services.directory.accounts(ids),
    services.publicIds.operatorView(appId, ids),
  ]);
  return { playerIds: new Map(accounts.map((a) => [a.id, a.publicId])), ids: operatorIds };
}

/** An order as operators see it (admin API and CLI). */
export function adminOrder(order: Order, owners: OrderOwners) {
  return {
    order_id: order.id,
    trade_no: order.tradeNo,
    app_id: order.appId,
    player_id: owners.playerIds.get(order.accountId) ?? null,
    ...owners.ids.get(order.accountId),
    product_id: order.productId,
    amount: formatAmount(order.amount, order.currency),
    currency: order.currency,
    channel: order.channel,
    client_type: order.clientType,
    app_order_no: order.appOrderNo,
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
  };
}

/** Every notification of an order to the game server, with each attempt. */
export function adminDeliveries(deliveries: readonly OrderDelivery[]) {
  return deliveries.map((d) => ({
    id: d.id,
    kind: d.kind,
    status: d.status,
    attempts: d.attempts,
    due_at: d.dueAt,
    created_at: d.createdAt,
    finished_at: d.finishedAt,
    history: d.history.map((a) => ({
      attempt: a.attempt,
      started_at: a.startedAt,
      url: a.url,
      http_status: a.httpStatus,
      body: a.body,
      latency_ms: a.latencyMs,
      outcome: a.outcome,
    })),
  }));
}

/** One order with its owner looked up. */
export async function adminOrderOf(services: Services, order: Order) {
  return adminOrder(order, await orderOwners(services, order.appId, [order]));
}

/** The order with every notification and attempt. */
export async function adminOrderDetail(services: Services, orderId: string) {
  const order = await services.payments.get(orderId);
  const [view, deliveries] = await Promise.all([
    adminOrderOf(services, order),
    services.payments.deliveries(order.id),
  ]);
  return { ...view, deliveries: adminDeliveries(deliveries) };
}

/**
 * A page of an app's orders, newest first, filtered by status, channel, player (`player_id`) and
 * creation time in [from, to); `next_before` continues the listing.
 */
export async function adminOrderPage(
  services: Services,
  appId: string,
  options: Omit<OrderListing, 'accountId'> & { playerId?: string },
) {
  const { playerId, ...listing } = options;
  await services.apps.get(appId);
  const accountId =
    playerId === undefined ? undefined : (await services.directory.accountByPublicId(playerId)).id;
  const orders = await services.payments.list(appId, { ...listing, accountId });
  const owners = await orderOwners(services, appId, orders);
  const last = orders[orders.length - 1];
  return {
    orders: orders.map((o) => adminOrder(o, owners)),
    next_before: orders.length === options.limit && last ? last.id : null,
  };
}

const orderIdOf = (params: unknown) => parse(orderParams, params).order_id;

/** The order as the audit log keeps it from before and after a re-send or a refund. */
const orderSnapshot = async ({ services, request }: NativeContext) =>
  adminOrderOf(services, await services.payments.get(orderIdOf(request.params)));

/** The operator's view of payments: orders, their notifications, re-sends and refunds. */
export const adminOrderEndpoints: NativeEndpoint[] = [
  {
    method: 'GET',
    url: '/v1/admin/apps/:app_id/orders',
    access: 'admin',
    params: appParams,
    query: listQuery,
    async handle({ services, request }) {
      const { app_id } = parse(appParams, request.params);
      const { player_id, ...filters } = parse(listQuery, request.query);
      return adminOrderPage(services, app_id, { ...filters, playerId: player_id });
    },
  },

  {
    method: 'GET',
    url: '/v1/admin/orders/:order_id',
    access: 'admin',
    params: orderParams,
    async handle({ services, request }) {
      return adminOrderDetail(services, orderIdOf(request.params));
    },
  },

  {
    method: 'POST',
    url: '/v1/admin/orders/:order_id/notify',
    access: 'admin',
    params: orderParams,
    snapshot: orderSnapshot,
    async handle({ services, request, reply }) {
      const orderId = orderIdOf(request.params);
      await services.payments.resend(orderId);
      reply.code(202);
      return { order_id: orderId, notify: 'queued' };
    },
  },

  {
    method: 'POST',
    url: '/v1/admin/orders/:order_id/refund',
    access: 'admin',
    params: orderParams,
    snapshot: orderSnapshot,
    async handle({ services, request }) {
      return adminOrderOf(services, await services.payments.refund(orderIdOf(request.params)));
    },
  },
];
