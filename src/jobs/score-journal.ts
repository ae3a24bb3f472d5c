import type { Logger } from 'pino';
import type { Guildhall } from '../guildhall.js';

/** Folding seldom lets a hot member's many journal entries collapse into one row write. */
const INTERVAL_MS = 1_000;
/**
 * A batch blocks the event loop while SQLite folds it: small enough to keep requests flowing
 * (score writes queued meanwhile run between batches).
 */
const BATCH = 10_000;

/** Folds journaled scores into the scores table, a batch at a time. Returns a stop function. */
export function startJournalCompaction(guildhall: Guildhall, logger: Logger): () => Promise<void> {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const run = async () => {
    try {
      while (!stopped && (await guildhall.leaderboards.compactJournal(BATCH)) === BATCH);
    } catch (error) {
      logger.error({ err: error }, 'score journal compaction failed');
    }
  };
  const timer = setInterval(() => {
    running = running.then(run);
  }, INTERVAL_MS);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
