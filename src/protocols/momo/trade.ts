import { DateTime } from 'luxon';
import { z } from 'zod';
import type { App } from '../../core/apps/types.js';
import { majorUnits } from '../../core/payments/money.js';
import type { Order } from '../../core/payments/types.js';
import { momoEndpoint } from './endpoint.js';
import { text } from './params.js';
import { momoTradeFields } from './payment-fields.js';
import { RawJson } from './router.js';
import { momoSign } from './signature.js';
import { useridsOf } from './players.js';
import { momoCredentials } from './app-config.js';

/** yyyyMMddHHmmss in the app's time zone, as a number (historybill's update_time/create_time). */
function momoTime(app: App, at: number): number {
  return Number(
    DateTime.fromMillis(at, { zone: app.settings.timezone }).toFormat('yyyyMMddHHmmss'),
  );
}

/** One line of a day's bill, in the document's field order. */
function billEntry(app: App, order: Order, momoid: string) {
  return {
    trade_no: order.tradeNo,
    update_time: momoTime(app, order.paidAt ?? order.createdAt),
    product_id: order.productId,
    channel_group: `${order.channel}_channel`,
    momoid,
    channel_type: order.channel,
    currency_type: order.currency === 'MMB' ? 'mmb' : 'rmb',
    create_time: momoTime(app, order.createdAt),
    total_fee: majorUnits(order.amount, order.currency),
    out_trade_no: order.appOrderNo,
    client_type: order.clientType,
  };
}

export const tradeEndpoints = [
  momoEndpoint({
    path: 'trade/checkorder',
    params: z.object({ trade_no: text(64) }),
    errors: {
      'order.not_found': 30217,
      'order.other_app': 30221,
      'order.not_paid': 30218,
      'order.refunded': 30211,
    },
    async handle({ services, app, params }) {
      const order = await services.payments.checkTrade(app.id, params.trade_no);
      const userids = await useridsOf(services, app.id, [order.accountId]);
      const userid = userids.get(order.accountId) ?? '';
      const { appid, currency_type, trade_no, total_fee, trade_time, app_trade_no } =
        momoTradeFields(app, order);
      const signed = {
        userid,
        appid,
        currency_type,
        trade_no,
        total_fee,
        trade_time,
        app_trade_no,
      };
      const sign = momoSign(signed, momoCredentials(app).appSecret);
      // The document's field order, sign among them.
      return { userid, appid, currency_type, sign, trade_no, total_fee, trade_time, app_trade_no };
    },
  }),

  momoEndpoint({
    path: 'trade/historybill',
    postOnly: true,
    // A missing time is as wrong as a malformed one: 30105 either way.
    params: z.object({ time: z.string().trim().default('') }),
    errors: { 'payment.bills_disabled': 30021, invalid_argument: 30105 },
    async handle({ services, app, params }) {
      const date = /^(\d{4})(\d{2})(\d{2})$/.exec(params.time);
      const bill = await services.payments.dailyBill(
        app,
        date ? `${date[1]}-${date[2]}-${date[3]}` : '',
      );
      // Orders are read a page at a time; only the day's serialized text is held.
      const chunks: string[] = [];
      for await (const page of bill) {
        const momoids = await useridsOf(services, app.id, [
          ...new Set(page.map((o) => o.accountId)),
        ]);
        chunks.push(
          page
            .map((o) => JSON.stringify(billEntry(app, o, momoids.get(o.accountId) ?? '')))
            .join(','),
        );
      }
      return new RawJson(`[${chunks.join(',')}]`);
    },
  }),
];
