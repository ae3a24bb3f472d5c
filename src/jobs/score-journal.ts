import { setImmediate } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Guildhall } from '../guildhall.js';

const INTERVAL_MS = 250;
/**
 * A batch blocks the event loop while SQLite folds it (some 5 µs an entry): small enough to keep
 * requests flowing. Between batches the loop yields to I/O: the database calls resolve at once,
 * so without a yield every batch and queued score write would run back to back.
 */
const BATCH = 4_000;

/** Folds journaled scores into the scores table, a batch at a time. Returns a stop function. */
export function startJournalCompaction(guildhall: Guildhall, logger: Logger): () => Promise<void> {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const run = async () => {
    try {
      while (!stopped && (await guildhall.leaderboards.compactJournal(BATCH)) === BATCH) {
        await setImmediate();
      }
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
