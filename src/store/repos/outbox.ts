import type { Kysely, Selectable } from 'kysely';
import { sql } from 'kysely';
import type {
  AttemptOutcome,
  DeliveryAttempt,
  OutboxItem,
  OutboxStatus,
} from '../../core/outbox/types.js';
import type { DatabaseKind } from '../database.js';
import type { Database } from '../schema.js';
import type { DeliveryAttemptsTable, OutboxTable } from '../tables/outbox.js';

function toItem(row: Selectable<OutboxTable>): OutboxItem {
  return {
    id: row.id,
    kind: row.kind,
    appId: row.app_id,
    ref: row.ref,
    status: row.status as OutboxStatus,
    attempts: row.attempts,
    dueAt: row.due_at,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

function toAttempt(row: Selectable<DeliveryAttemptsTable>): DeliveryAttempt {
  return {
    outboxId: row.outbox_id,
    attempt: row.attempt,
    startedAt: row.started_at,
    url: row.url,
    httpStatus: row.http_status,
    body: row.body,
    latencyMs: row.latency_ms,
    outcome: row.outcome as AttemptOutcome,
  };
}

/** The result of an attempt and what becomes of the item. */
export interface AttemptRecord {
  attempt: Omit<DeliveryAttempt, 'outboxId'>;
  status: OutboxStatus;
  dueAt: number;
  finishedAt: number | null;
}

export class OutboxRepo {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly kind: DatabaseKind,
  ) {}

  async enqueue(item: { kind: string; appId: string; ref: string; at: number }): Promise<number> {
    const row = await this.db
      .insertInto('outbox')
      .values({
        kind: item.kind,
        app_id: item.appId,
        ref: item.ref,
        status: 'pending',
        attempts: 0,
        due_at: item.at,
        claimed_at: null,
        lease_until: null,
        created_at: item.at,
        finished_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /**
   * Claims up to `limit` due items for this process until `leaseUntil`; run it in a transaction.
   * On PostgreSQL, rows another process is claiming at the same moment are skipped, not waited
   * for. An item whose lease ran out was being worked on by a process that stopped: its attempt
   * is recorded as interrupted (its outcome is unknown) before the item is claimed again.
   */
  async claim(now: number, leaseUntil: number, limit: number): Promise<OutboxItem[]> {
    const due = await this.db
      .selectFrom('outbox')
      .select(['id', 'attempts', 'claimed_at', 'lease_until'])
      .where('status', '=', 'pending')
      .where('due_at', '<=', now)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
      .orderBy('due_at')
      .orderBy('id')
      .limit(limit)
      .$if(this.kind === 'postgres', (qb) => qb.forUpdate().skipLocked())
      .execute();
    if (due.length === 0) return [];
    const interrupted = due.filter((row) => row.lease_until !== null);
    if (interrupted.length > 0) {
      await this.db
        .insertInto('delivery_attempts')
        .values(
          interrupted.map((row) => ({
            outbox_id: row.id,
            attempt: row.attempts,
            started_at: row.claimed_at ?? now,
            url: '',
            http_status: null,
            body: 'the process stopped before the outcome was recorded',
            latency_ms: 0,
            outcome: 'interrupted',
          })),
        )
        .execute();
    }
    const rows = await this.db
      .updateTable('outbox')
      .set((eb) => ({
        attempts: eb('attempts', '+', 1),
        claimed_at: now,
        lease_until: leaseUntil,
      }))
      .where(
        'id',
        'in',
        due.map((row) => row.id),
      )
      .returningAll()
      .execute();
    return rows.map(toItem).sort((a, b) => a.dueAt - b.dueAt || a.id - b.id);
  }

  /** Extends a lease this process holds; false when it no longer holds it. */
  async renewLease(id: number, heldUntil: number, until: number): Promise<boolean> {
    const result = await this.db
      .updateTable('outbox')
      .set({ lease_until: until })
      .where('id', '=', id)
      .where('lease_until', '=', heldUntil)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /**
   * Records an attempt and the item's next state, if this process still holds the lease it
   * claimed the item with; false (and nothing changed) otherwise.
   */
  async finishAttempt(id: number, heldUntil: number, record: AttemptRecord): Promise<boolean> {
    const result = await this.db
      .updateTable('outbox')
      .set({
        status: record.status,
        due_at: record.dueAt,
        finished_at: record.finishedAt,
        claimed_at: null,
        lease_until: null,
      })
      .where('id', '=', id)
      .where('lease_until', '=', heldUntil)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) return false;
    const { attempt } = record;
    await this.db
      .insertInto('delivery_attempts')
      .values({
        outbox_id: id,
        attempt: attempt.attempt,
        started_at: attempt.startedAt,
        url: attempt.url,
        http_status: attempt.httpStatus,
        body: attempt.body,
        latency_ms: attempt.latencyMs,
        outcome: attempt.outcome,
      })
      .execute();
    return true;
  }

  /** Lets every lease lapse at once: at start, when no other process can hold one (SQLite). */
  async expireLeases(now: number): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set({ lease_until: now })
      .where('lease_until', 'is not', null)
      .where('lease_until', '>', now)
      .execute();
  }

  async byRef(kinds: readonly string[], ref: string): Promise<OutboxItem[]> {
    const rows = await this.db
      .selectFrom('outbox')
      .selectAll()
      .where('kind', 'in', kinds)
      .where('ref', '=', ref)
      .orderBy('id')
      .execute();
    return rows.map(toItem);
  }

  async attemptsOf(outboxIds: number[]): Promise<DeliveryAttempt[]> {
    if (outboxIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('delivery_attempts')
      .selectAll()
      .where('outbox_id', 'in', outboxIds)
      .orderBy('outbox_id')
      .orderBy('attempt')
      .orderBy('id')
      .execute();
    return rows.map(toAttempt);
  }

  /** Makes pending items of `ref` due now; returns how many there were. */
  async hurry(kind: string, ref: string, now: number): Promise<number> {
    const result = await this.db
      .updateTable('outbox')
      .set({ due_at: now })
      .where('kind', '=', kind)
      .where('ref', '=', ref)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async cancel(kind: string, ref: string, now: number): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set({ status: 'cancelled', finished_at: now })
      .where('kind', '=', kind)
      .where('ref', '=', ref)
      .where('status', '=', 'pending')
      .execute();
  }

  async countPending(): Promise<number> {
    const row = await this.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * Per kind, the app's items not delivered: pending ones, those of them already attempted, those
   * given up, and when the oldest pending one was queued.
   */
  async health(appId: string): Promise<OutboxHealth[]> {
    const pending = sql`status = 'pending'`;
    const rows = await this.db
      .selectFrom('outbox')
      .select([
        'kind',
        sql<number>`sum(CASE WHEN ${pending} THEN 1 ELSE 0 END)`.as('pending'),
        sql<number>`sum(CASE WHEN ${pending} AND attempts > 0 THEN 1 ELSE 0 END)`.as('failing'),
        sql<number>`sum(CASE WHEN status = 'failed' THEN 1 ELSE 0 END)`.as('failed'),
        sql<number | null>`min(CASE WHEN ${pending} THEN created_at END)`.as('oldest'),
      ])
      .where('app_id', '=', appId)
      .where('status', 'in', ['pending', 'failed'])
      .groupBy('kind')
      .orderBy('kind')
      .execute();
    return rows.map((r) => ({
      kind: r.kind,
      pending: Number(r.pending),
      failing: Number(r.failing),
      failed: Number(r.failed),
      oldestPendingAt: r.oldest === null ? null : Number(r.oldest),
    }));
  }
}

export interface OutboxHealth {
  kind: string;
  pending: number;
  /** Pending items with at least one attempt made (or under way). */
  failing: number;
  /** Items given up after their last attempt. */
  failed: number;
  /** When the oldest pending item was queued; null when none is pending. */
  oldestPendingAt: number | null;
}
