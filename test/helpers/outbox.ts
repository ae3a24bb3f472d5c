import pino from 'pino';
import { OutboxSignal } from '../../src/core/outbox/types.js';
import type { OutboxHandler } from '../../src/core/outbox/types.js';
import { OutboxWorker } from '../../src/jobs/outbox-worker.js';
import type { Platform } from '../../src/platform.js';

/** An outbox worker over the platform, driven by hand (`drainDue`) and logging nothing. */
export function outboxWorker(
  platform: Platform,
  handlers: readonly OutboxHandler[] = platform.outboxHandlers,
): OutboxWorker {
  return new OutboxWorker(
    platform.store,
    handlers,
    platform.clock,
    pino({ level: 'silent' }),
    new OutboxSignal(),
  );
}

/** Delivers everything due now; resolves when every attempt is recorded. */
export function drainOutbox(platform: Platform): Promise<number> {
  return outboxWorker(platform).drainDue();
}
