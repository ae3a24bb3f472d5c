import { fail } from '../errors.js';
import type { LeaderboardService } from '../leaderboards/service.js';
import type { Clock } from '../runtime.js';
import type { BattleWrite } from '../../store/repos/achievements.js';
import type { StoreSlice } from '../../store/store.js';
import type { BattleRecord, BattleReport } from './types.js';
import { ACHIEVEMENT_LIMITS, BATTLE_BOARD } from './types.js';

/** One write per player: their last report in the batch, and the best score of the batch. */
function perPlayer(reports: readonly BattleReport[]): BattleWrite[] {
  const writes = new Map<number, BattleWrite>();
  for (const report of reports) {
    const json = JSON.stringify(report.report);
    if (Buffer.byteLength(json) > ACHIEVEMENT_LIMITS.battleBytes) {
      fail('invalid_argument', `a battle report is over ${ACHIEVEMENT_LIMITS.battleBytes} bytes`);
    }
    const earlier = writes.get(report.accountId)?.score ?? null;
    const score =
      earlier === null || (report.score !== null && report.score > earlier)
        ? report.score
        : earlier;
    writes.set(report.accountId, { accountId: report.accountId, report: json, score });
  }
  return [...writes.values()];
}

/**
 * Results of games players played (battle reports): each player's latest result is
 * kept as the game sent it, and their best score feeds the battle board.
 */
export class BattleService {
  constructor(
    private readonly store: StoreSlice<'achievements'>,
    private readonly clock: Clock,
    private readonly leaderboards: LeaderboardService,
  ) {}

  /** Stores the results: all of them, or none when one is too large. */
  async report(appId: string, reports: readonly BattleReport[]): Promise<void> {
    if (reports.length === 0) fail('invalid_argument', 'no battle report');
    if (reports.length > ACHIEVEMENT_LIMITS.battles) {
      fail('invalid_argument', `at most ${ACHIEVEMENT_LIMITS.battles} battle reports per call`);
    }
    const writes = perPlayer(reports);
    const bests = await this.store.achievements.putBattles(appId, writes, this.clock.now());
    const scored = new Set(writes.filter((w) => w.score !== null).map((w) => w.accountId));
    const submissions = bests.flatMap(({ accountId, bestScore }) =>
      bestScore !== null && scored.has(accountId)
        ? [{ accountId, board: BATTLE_BOARD, score: bestScore }]
        : [],
    );
    if (submissions.length > 0) await this.leaderboards.submit(appId, submissions);
  }

  /** The player's latest battle report, if any. */
  latest(appId: string, accountId: number): Promise<BattleRecord | undefined> {
    return this.store.achievements.battle(appId, accountId);
  }
}
