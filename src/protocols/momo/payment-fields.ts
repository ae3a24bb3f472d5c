import type { App } from '../../core/apps/types.js';
import { formatMajor } from '../../core/payments/money.js';
import type { Channel, Order } from '../../core/payments/types.js';
import { momoCredentials } from './app-config.js';

/** The document's channel_type numbers; the sandbox and the app stores report as 200 (其他). */
export const MOMO_CHANNEL_TYPE: Record<Channel, number> = {
  apple: 0,
  alipay: 1,
  sms: 2,
  mmb: 3,
  web: 4,
  unionpay: 5,
  cmcc_sms: 6,
  other: 200,
  sandbox: 200,
  google_play: 200,
  app_store: 200,
};

/**
 * What the pay notify and trade/checkorder tell about a paid order: currency_type 0 cash, 1 陌陌币;
 * total_fee in 元 (or coins for 陌陌币); trade_time in unix seconds of the payment.
 */
export interface MomoTradeFields {
  appid: string;
  trade_no: string;
  app_trade_no: string;
  product_id: string;
  currency_type: string;
  total_fee: string;
  trade_time: string;
  channel_type: string;
}

export function momoTradeFields(app: App, order: Order): MomoTradeFields {
  return {
    appid: momoCredentials(app).appid,
    trade_no: order.tradeNo,
    app_trade_no: order.appOrderNo,
    product_id: order.productId,
    currency_type: order.currency === 'MMB' ? '1' : '0',
    total_fee: formatMajor(order.amount, order.currency),
    trade_time: String(Math.floor((order.paidAt ?? order.createdAt) / 1000)),
    channel_type: String(MOMO_CHANNEL_TYPE[order.channel]),
  };
}
