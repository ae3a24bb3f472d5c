/** Tables of the payments domain: orders. */
export interface PaymentTables {
  orders: OrdersTable;
}

export interface OrdersTable {
  id: string;
  trade_no: string;
  app_id: string;
  /** Null once the player was deleted (the order is kept for the books). */
  account_id: number | null;
  product_id: string;
  /** Integer minor units of `currency` (fen for RMB, coins for MMB). */
  amount: number;
  currency: string;
  channel: string;
  app_order_no: string;
  client_type: string;
  /** created | paid | delivered | refunded */
  status: string;
  transaction_id: string | null;
  created_at: number;
  paid_at: number | null;
  delivered_at: number | null;
  refunded_at: number | null;
  server_id: number | null;
  game_money: number | null;
  game_good_id: number | null;
  channel_name: string | null;
  pass_through: string | null;
  purchase_store: string | null;
  purchase_key: string | null;
  /** The app order number when the app keeps them unique (unique per app), else NULL. */
  unique_app_order_no: string | null;
  notify_kind: string | null;
  refund_notice_kind: string | null;
}
