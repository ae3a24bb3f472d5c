/** RMB in fen (1 元 = 100), or platform coins (MMB, whole coins; 1 元 = 10 MMB). */
export type Currency = 'RMB' | 'MMB';
export const CURRENCIES: readonly Currency[] = ['RMB', 'MMB'];

/** Payment channels: the channel types the platform documents list, plus the sandbox. */
export type Channel =
  'apple' | 'alipay' | 'sms' | 'mmb' | 'web' | 'unionpay' | 'cmcc_sms' | 'other' | 'sandbox';
export const CHANNELS: readonly Channel[] = [
  'apple',
  'alipay',
  'sms',
  'mmb',
  'web',
  'unionpay',
  'cmcc_sms',
  'other',
  'sandbox',
];

export type ClientType = 'ios' | 'android';

export type OrderStatus = 'created' | 'paid' | 'delivered' | 'refunded';

export interface Order {
  id: string;
  tradeNo: string;
  appId: string;
  accountId: number;
  productId: string;
  /** Integer minor units of `currency`. */
  amount: number;
  currency: Currency;
  channel: Channel;
  /** The game's own order number, passed through (app_trade_no / out_trade_no). */
  appOrderNo: string;
  clientType: ClientType;
  status: OrderStatus;
  /** The channel's transaction id once paid; one transaction pays one order. */
  transactionId: string | null;
  createdAt: number;
  paidAt: number | null;
  deliveredAt: number | null;
  refundedAt: number | null;
}

export interface NewOrder {
  productId: string;
  /** Decimal text in the currency's unit: "6.00" 元, "60" MMB. */
  amount: string;
  currency: Currency;
  channel: Channel;
  appOrderNo: string;
  /** Defaults to ios for the apple channel, android otherwise. */
  clientType?: ClientType;
}

/** The outbox kind that tells the game server an order is paid. */
export const ORDER_PAID = 'order.paid';
