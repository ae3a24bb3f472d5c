import type { Logger } from 'pino';
import type { Platform } from '../platform.js';
import { startMaintenance } from './maintenance.js';
import { startJournalCompaction } from './score-journal.js';

/** Starts every background job of a serving process; the returned function stops them all. */
export function startJobs(platform: Platform, logger: Logger): () => Promise<void> {
  const stopMaintenance = startMaintenance(platform, logger);
  const stopCompaction = startJournalCompaction(platform, logger);
  return async () => {
    stopMaintenance();
    await stopCompaction();
  };
}
