import type { AppStore } from './store-purchases.js';

/**
 * RMB in fen (1 元 = 100), platform coins (MMB, whole coins; 1 元 = 10 MMB), or an ISO 4217
 * currency in its minor units (money.ts holds each one's decimals).
 */
export type Currency = string;

/** Payment channels: the channel types the platform documents list, plus the sandbox. */
export type Channel =
  | 'apple'
  | 'alipay'
  | 'sms'
  | 'mmb'
  | 'web'
  | 'unionpay'
  | 'cmcc_sms'
  | 'other'
  | 'sandbox'
  | AppStore;
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
  'google_play',
  'app_store',
];

export type ClientType = 'ios' | 'android';

export const ORDER_STATUSES = ['created', 'paid', 'delivered', 'refunded'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

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
  /** The game server the purchase is for. */
  serverId?: number;
  /** Game coins the purchase grants and the game's package number. */
  gameMoney?: number;
  gameGoodId?: number;
  /** The channel as the game named it when ordering, passed through. */
  channelName?: string;
  /** The game's pass-through text, handed back with the payment. */
  passThrough?: string;
  /** The store purchase that paid the order (unique: one purchase pays one order, ever). */
  purchaseStore?: AppStore;
  purchaseKey?: string;
  /** The outbox kind that tells the game server it is paid (absent: ORDER_PAID). */
  notifyKind?: string;
  /** The outbox kind that tells the game server it was refunded (absent: no refund notice). */
  refundNoticeKind?: string;
}

/** What a game names with its order beyond the product, passed back when it is paid. */
export interface OrderDetails {
  serverId?: number;
  gameMoney?: number;
  gameGoodId?: number;
  channelName?: string;
  passThrough?: string;
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
  /** The app's order number names one order of the app only (order.duplicate otherwise). */
  uniqueAppOrderNo?: boolean;
  details?: OrderDetails;
  /**
   * The outbox kind whose handler tells the game server the order is paid (the caller's
   * notification, e.g. a dialect's signed form); absent: ORDER_PAID.
   */
  notifyKind?: string;
  /** The outbox kind whose handler tells the game server the order was refunded; absent: none. */
  refundNoticeKind?: string;
}

/** The outbox kind that tells the game server an order is paid, unless the order names another. */
export const ORDER_PAID = 'order.paid';

export function notifyKindOf(order: Order): string {
  return order.notifyKind ?? ORDER_PAID;
}

/** Every outbox kind that tells the game server about the order: its payment, then its refund. */
export function noticeKindsOf(order: Order): string[] {
  return [notifyKindOf(order), ...(order.refundNoticeKind ? [order.refundNoticeKind] : [])];
}
