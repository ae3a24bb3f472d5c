import type { Logger } from 'pino';
import type { Guildhall } from '../guildhall.js';

const HOUR_MS = 3_600_000;

/** Changes other processes had an hour to hear (one that missed some forgets its caches). */
const CHANGE_LOG_KEEP_MS = HOUR_MS;

/** Hourly housekeeping: forget expired tokens and old changes. Returns a function that stops it. */
export function startMaintenance(guildhall: Guildhall, logger: Logger): () => void {
  const run = async () => {
    try {
      const removed = await guildhall.players.purgeExpiredTokens();
      if (removed > 0) logger.info({ removed }, 'expired tokens removed');
      await guildhall.store.changes.prune(guildhall.clock.now() - CHANGE_LOG_KEEP_MS);
    } catch (error) {
      logger.error({ err: error }, 'maintenance failed');
    }
  };
  const timer = setInterval(() => void run(), HOUR_MS);
  timer.unref();
  void run();
  return () => clearInterval(timer);
}
