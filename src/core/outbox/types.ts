import type { Store } from '../../store/store.js';

/** Something to deliver to the outside world, written in the transaction that caused it. */
export interface OutboxItem {
  id: number;
  kind: string;
  appId: string;
  ref: string;
  status: OutboxStatus;
  /** Attempts started, this one included while it runs. */
  attempts: number;
  dueAt: number;
  createdAt: number;
  finishedAt: number | null;
}

export type OutboxStatus = 'pending' | 'delivered' | 'failed' | 'cancelled';

/**
 * dropped: there is nowhere to deliver to (an optional notice whose URL the app does not set),
 * so the item is cancelled rather than retried.
 */
export type AttemptOutcome = 'acknowledged' | 'rejected' | 'error' | 'dropped' | 'interrupted';

/** What one attempt did, as recorded for operators. */
export interface AttemptReport {
  url: string;
  httpStatus: number | null;
  /** The start of the response body, or what went wrong. */
  body: string;
  latencyMs: number;
  outcome: Exclude<AttemptOutcome, 'interrupted'>;
}

export interface DeliveryAttempt extends Omit<AttemptReport, 'outcome'> {
  outboxId: number;
  attempt: number;
  startedAt: number;
  outcome: AttemptOutcome;
}

/** Keeps the claim on an item alive while a long attempt (a push fan-out) runs. */
export interface Lease {
  renew(): Promise<void>;
}

/** Delivers one kind of outbox item. */
export interface OutboxHandler {
  kind: string;
  /**
   * When each attempt is due, in milliseconds after the item was created; its length is the
   * number of attempts before the item is given up as failed.
   */
  schedule: readonly number[];
  attempt(item: OutboxItem, lease: Lease): Promise<AttemptReport>;
  /** Runs inside the transaction that records an acknowledged attempt. */
  acknowledged?(store: Store, item: OutboxItem, at: number): Promise<void>;
}

/** Tells the worker of this process that something new is due now. */
export class OutboxSignal {
  private listener: (() => void) | undefined;

  listen(listener: () => void): void {
    this.listener = listener;
  }

  notify(): void {
    this.listener?.();
  }
}
