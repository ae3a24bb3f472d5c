import type { Logger } from 'pino';
import type { Guildhall } from '../guildhall.js';
import { startMaintenance } from './maintenance.js';
import { OutboxWorker } from './outbox-worker.js';
import { startJournalCompaction } from './score-journal.js';

/** Starts every background job of a serving process; the returned function stops them all. */
export async function startJobs(
  guildhall: Guildhall,
  logger: Logger,
): Promise<() => Promise<void>> {
  const stopMaintenance = startMaintenance(guildhall, logger);
  const stopCompaction = startJournalCompaction(guildhall, logger);
  const outbox = new OutboxWorker(
    guildhall.store,
    guildhall.outboxHandlers,
    guildhall.clock,
    logger,
    guildhall.outboxSignal,
    { shared: guildhall.database.kind === 'postgres', ...guildhall.options.outbox },
  );
  await outbox.start();
  return async () => {
    stopMaintenance();
    await outbox.stop();
    await stopCompaction();
  };
}
