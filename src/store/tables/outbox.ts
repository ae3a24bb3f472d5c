import type { Generated } from 'kysely';

/** Tables of the outbox: items to deliver and their delivery attempts. */
export interface OutboxTables {
  outbox: OutboxTable;
  delivery_attempts: DeliveryAttemptsTable;
}

export interface OutboxTable {
  id: Generated<number>;
  /** What to deliver: 'pay_notify' (ref = order id), 'push' (ref = push job id). */
  kind: string;
  app_id: string;
  ref: string;
  /** pending | delivered | failed | cancelled */
  status: string;
  /** Attempts started, counted when claimed (so one cut short by a crash still counts). */
  attempts: number;
  due_at: number;
  claimed_at: number | null;
  /** Set while a process works on the item; a lease past due means that process died. */
  lease_until: number | null;
  created_at: number;
  finished_at: number | null;
}

export interface DeliveryAttemptsTable {
  id: Generated<number>;
  outbox_id: number;
  attempt: number;
  started_at: number;
  url: string;
  http_status: number | null;
  /** The start of the response body, or what went wrong. */
  body: string;
  latency_ms: number;
  /** acknowledged | rejected | error | interrupted */
  outcome: string;
}
