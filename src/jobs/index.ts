import type { Logger } from 'pino';
import type { Platform } from '../platform.js';
import { startMaintenance } from './maintenance.js';
import { OutboxWorker } from './outbox-worker.js';
import { startJournalCompaction } from './score-journal.js';

/** Starts every background job of a serving process; the returned function stops them all. */
export async function startJobs(platform: Platform, logger: Logger): Promise<() => Promise<void>> {
  const stopMaintenance = startMaintenance(platform, logger);
  const stopCompaction = startJournalCompaction(platform, logger);
  const outbox = new OutboxWorker(
    platform.store,
    platform.outboxHandlers,
    platform.clock,
    logger,
    platform.outboxSignal,
    { shared: platform.database.kind === 'postgres', ...platform.options.outbox },
  );
  await outbox.start();
  return async () => {
    stopMaintenance();
    await outbox.stop();
    await stopCompaction();
  };
}
