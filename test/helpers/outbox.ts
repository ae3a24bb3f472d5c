import pino from 'pino';
import { OutboxSignal } from '../../src/core/outbox/types.js';
import type { OutboxHandler } from '../../src/core/outbox/types.js';
import { OutboxWorker } from '../../src/jobs/outbox-worker.js';
import type { Guildhall } from '../../src/guildhall.js';

/** An outbox worker over the platform, driven by hand (`drainDue`) and logging nothing. */
export function outboxWorker(
  guildhall: Guildhall,
  handlers: readonly OutboxHandler[] = guildhall.outboxHandlers,
): OutboxWorker {
  return new OutboxWorker(
    guildhall.store,
    handlers,
    guildhall.clock,
    pino({ level: 'silent' }),
    new OutboxSignal(),
  );
}

/** Delivers everything due now; resolves when every attempt is recorded. */
export function drainOutbox(guildhall: Guildhall): Promise<number> {
  return outboxWorker(guildhall).drainDue();
}
