import type { Logger } from 'pino';
import type {
  AttemptReport,
  Lease,
  OutboxHandler,
  OutboxItem,
  OutboxSignal,
  OutboxStatus,
} from '../core/outbox/types.js';
import type { Clock } from '../core/runtime.js';
import type { Store } from '../store/store.js';

export interface OutboxWorkerOptions {
  /** Attempts in flight at once. */
  concurrency?: number;
  /** How long a claim lasts; must outlast the slowest attempt (HTTP timeouts are 10 s). */
  leaseMs?: number;
  /** How often to look for due items when nothing wakes the worker. */
  pollMs?: number;
  /** Multiplies every retry delay (tests and drills run a day's schedule in seconds). */
  timeScale?: number;
  /** Another process may work the same outbox (PostgreSQL); else leases lapse at start. */
  shared?: boolean;
}

/** Where an item stands after an attempt, `exhausted` when it was the schedule's last. */
function statusAfter(report: AttemptReport, exhausted: boolean): OutboxStatus {
  if (report.outcome === 'acknowledged') return 'delivered';
  if (report.outcome === 'dropped') return 'cancelled';
  return exhausted ? 'failed' : 'pending';
}

/**
 * Delivers outbox items: claims due ones, runs each kind's handler, records every attempt and
 * schedules the next one on the handler's schedule. An item is acknowledged at most once in the
 * database; after a crash its unfinished attempt is recorded as interrupted and made again.
 */
export class OutboxWorker {
  private readonly handlers: Map<string, OutboxHandler>;
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly timeScale: number;
  private readonly inFlight = new Set<Promise<void>>();
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly store: Store,
    handlers: readonly OutboxHandler[],
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly signal: OutboxSignal,
    private readonly options: OutboxWorkerOptions = {},
  ) {
    this.handlers = new Map(handlers.map((h) => [h.kind, h]));
    this.concurrency = options.concurrency ?? 16;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.pollMs = options.pollMs ?? 250;
    this.timeScale = options.timeScale ?? 1;
  }

  async start(): Promise<void> {
    if (!this.options.shared) await this.store.outbox.expireLeases(this.clock.now());
    this.running = true;
    this.signal.listen(() => this.wake?.());
    this.loop = this.run();
  }

  /** Stops claiming; waits for the attempts in flight to be recorded. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await Promise.all(this.inFlight);
  }

  /** Claims and works off every item due now; resolves when they are all recorded. */
  async drainDue(): Promise<number> {
    let total = 0;
    for (;;) {
      const started = await this.claimAndStart();
      total += started;
      await Promise.all(this.inFlight);
      if (started === 0) return total;
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      let started = 0;
      try {
        started = await this.claimAndStart();
      } catch (error) {
        this.logger.error({ err: error }, 'outbox claim failed');
      }
      if (!this.running) break;
      if (started === 0 && this.inFlight.size <= this.concurrency / 2) await this.sleep();
      // Refill in batches: one claim transaction for many items, not one per finished attempt.
      while (this.running && this.inFlight.size > this.concurrency / 2) {
        await Promise.race(this.inFlight);
      }
    }
  }

  private sleep(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.pollMs);
      this.wake = done;
    });
  }

  private async claimAndStart(): Promise<number> {
    const room = this.concurrency - this.inFlight.size;
    if (room <= 0) return 0;
    const now = this.clock.now();
    const leaseUntil = now + this.leaseMs;
    const items = await this.store.transaction((store) =>
      store.outbox.claim(now, leaseUntil, room),
    );
    for (const item of items) {
      const work = this.attempt(item, leaseUntil).catch((error: unknown) =>
        this.logger.error({ err: error, outbox: item.id }, 'outbox attempt not recorded'),
      );
      this.inFlight.add(work);
      void work.finally(() => this.inFlight.delete(work));
    }
    return items.length;
  }

  private async attempt(item: OutboxItem, claimedUntil: number): Promise<void> {
    const handler = this.handlers.get(item.kind);
    const startedAt = this.clock.now();
    let heldUntil = claimedUntil;
    const lease: Lease = {
      renew: async () => {
        const until = this.clock.now() + this.leaseMs;
        if (!(await this.store.outbox.renewLease(item.id, heldUntil, until))) {
          throw new Error(`lost the claim on outbox item ${item.id}`);
        }
        heldUntil = until;
      },
    };
    let report: AttemptReport;
    try {
      if (!handler) throw new Error(`no handler for outbox kind ${item.kind}`);
      report = await handler.attempt(item, lease);
    } catch (error) {
      report = {
        url: '',
        httpStatus: null,
        body: error instanceof Error ? error.message : String(error),
        latencyMs: this.clock.now() - startedAt,
        outcome: 'error',
      };
    }
    const finishedAt = this.clock.now();
    const acknowledged = report.outcome === 'acknowledged';
    const schedule = handler?.schedule ?? [];
    const status = statusAfter(report, item.attempts >= schedule.length);
    const nextDue = item.createdAt + (schedule[item.attempts] ?? 0) * this.timeScale;
    const recorded = await this.store.transaction(async (store) => {
      const held = await store.outbox.finishAttempt(item.id, heldUntil, {
        attempt: { ...report, attempt: item.attempts, startedAt },
        status,
        dueAt: status === 'pending' ? Math.max(nextDue, finishedAt) : item.dueAt,
        finishedAt: status === 'pending' ? null : finishedAt,
      });
      if (held && acknowledged) await handler?.acknowledged?.(store, item, finishedAt);
      return held;
    });
    if (!recorded) this.logger.warn({ outbox: item.id }, 'outbox lease lost; attempt not recorded');
    else if (status === 'failed') {
      this.logger.warn(
        { outbox: item.id, kind: item.kind },
        'outbox item failed: attempts used up',
      );
    }
  }
}
