/** Tables of the payments domain: orders. */
export interface PaymentTables {
  orders: OrdersTable;
}

export interface OrdersTable {
  id: string;
  trade_no: string;
  app_id: string;
  account_id: number;
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
}
