import { z } from 'zod';
import { fail } from '../../core/errors.js';
import { formatAmount, isCurrency } from '../../core/payments/money.js';
import type { Order } from '../../core/payments/types.js';
import { CHANNELS, ORDER_STATUSES } from '../../core/payments/types.js';
import type { NativeEndpoint } from './endpoint.js';
import { parse } from './validation.js';

const orderBody = z
  .object({
    product_id: z.string().min(1).max(128),
    amount: z.string().min(1).max(32),
    currency: z.string().refine(isCurrency, 'unknown currency'),
    channel: z.enum(CHANNELS),
    app_order_no: z.string().min(1).max(256),
    client_type: z.enum(['ios', 'android']).optional(),
  })
  .strict();

const payBody = z.object({ transaction_id: z.string().min(1).max(128).optional() }).strict();

const orderParams = z.object({ order_id: z.string().min(1).max(64) });

const placedAnswer = z.object({ order_id: z.string(), trade_no: z.string() });
const paidAnswer = placedAnswer.extend({ status: z.enum(ORDER_STATUSES) });

/** An order as its player sees it; the amount is decimal text in the currency's unit. */
const clientOrderAnswer = paidAnswer.extend({
  product_id: z.string(),
  amount: z.string(),
  currency: z.string(),
  channel: z.enum(CHANNELS),
  app_order_no: z.string(),
  created_at: z.number(),
  paid_at: z.number().nullable(),
});

export function clientOrderView(order: Order): z.infer<typeof clientOrderAnswer> {
  return {
    order_id: order.id,
    trade_no: order.tradeNo,
    product_id: order.productId,
    amount: formatAmount(order.amount, order.currency),
    currency: order.currency,
    channel: order.channel,
    status: order.status,
    app_order_no: order.appOrderNo,
    created_at: order.createdAt,
    paid_at: order.paidAt,
  };
}

/** Orders a game client places and, in sandbox mode, pays itself. Bearer session token. */
export const clientOrderEndpoints: NativeEndpoint[] = [
  {
    method: 'POST',
    url: '/v1/client/orders',
    access: 'client',
    body: orderBody,
    response: placedAnswer,
    status: 201,
    async handle({ services, request, reply, session }) {
      const { appId, account } = session;
      const body = parse(orderBody, request.body);
      const order = await services.payments.create(await services.apps.get(appId), account.id, {
        productId: body.product_id,
        amount: body.amount,
        currency: body.currency,
        channel: body.channel,
        appOrderNo: body.app_order_no,
        clientType: body.client_type,
      });
      reply.code(201);
      return { order_id: order.id, trade_no: order.tradeNo } satisfies z.infer<typeof placedAnswer>;
    },
  },

  {
    method: 'POST',
    url: '/v1/client/orders/:order_id/pay',
    access: 'client',
    params: orderParams,
    body: payBody,
    response: paidAnswer,
    async handle({ services, request, session }) {
      const { appId, account } = session;
      const { order_id } = parse(orderParams, request.params);
      const body = parse(payBody, request.body);
      const paid = await services.payments.payInSandbox(
        await services.apps.get(appId),
        account.id,
        order_id,
        body.transaction_id,
      );
      return {
        order_id: paid.id,
        trade_no: paid.tradeNo,
        status: paid.status,
      } satisfies z.infer<typeof paidAnswer>;
    },
  },

  {
    method: 'GET',
    url: '/v1/client/orders/:order_id',
    access: 'client',
    params: orderParams,
    response: clientOrderAnswer,
    async handle({ services, request, session }) {
      const { appId, account } = session;
      const { order_id } = parse(orderParams, request.params);
      const order = await services.payments.get(order_id);
      if (order.appId !== appId || order.accountId !== account.id) {
        fail('order.not_found', `no order ${order_id}`);
      }
      return clientOrderView(order);
    },
  },
];
