import type { Logger } from 'pino';
import type { Guildhall } from '../guildhall.js';

const HOUR_MS = 3_600_000;

/** Hourly housekeeping: forget expired tokens. Returns a function that stops it. */
export function startMaintenance(guildhall: Guildhall, logger: Logger): () => void {
  const run = async () => {
    try {
      const removed = await guildhall.players.purgeExpiredTokens();
      if (removed > 0) logger.info({ removed }, 'expired tokens removed');
    } catch (error) {
      logger.error({ err: error }, 'maintenance failed');
    }
  };
  const timer = setInterval(() => void run(), HOUR_MS);
  timer.unref();
  void run();
  return () => clearInterval(timer);
}
