import type { Kysely, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Achievement, BattleRecord, ReportProfile } from '../../core/achievements/types.js';
import type { DayRange } from '../../core/achievements/calendar.js';
import type { Database } from '../schema.js';
import type { BattleReportsTable, ReportProfilesTable } from '../tables/reports.js';

/** A value to write: the held value of one kind. */
export interface AchievementWrite {
  kind: number;
  data: string;
  num: number | null;
  expiresAt: number | null;
}

export interface BattleWrite {
  accountId: number;
  /** JSON. */
  report: string;
  score: number | null;
}

function toProfile(row: Selectable<ReportProfilesTable>): ReportProfile {
  return {
    requirePlatform: row.require_platform === 1,
    multiMode: row.multi_mode === 1,
    multiZone: row.multi_zone === 1,
    firstReportAt: row.first_report_at,
  };
}

function toBattle(row: Selectable<BattleReportsTable>): BattleRecord {
  return {
    accountId: row.account_id,
    report: JSON.parse(row.report) as Record<string, unknown>,
    bestScore: row.best_score,
    updatedAt: row.updated_at,
  };
}

/** Achievement values, the games they count per day, report profiles and battle reports. */
export class AchievementRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Writes the values; with `onlyHigher` a held value is replaced only by a higher number or
   * once it has expired. Returns the kinds written.
   */
  async put(
    appId: string,
    accountId: number,
    writes: readonly AchievementWrite[],
    onlyHigher: boolean,
    now: number,
  ): Promise<number[]> {
    if (writes.length === 0) return [];
    const rows = await this.db
      .insertInto('achievement_reports')
      .values(
        writes.map((w) => ({
          app_id: appId,
          account_id: accountId,
          kind: w.kind,
          data: w.data,
          num: w.num,
          expires_at: w.expiresAt,
          updated_at: now,
        })),
      )
      .onConflict((oc) => {
        const update = oc.columns(['app_id', 'account_id', 'kind']).doUpdateSet((eb) => ({
          data: eb.ref('excluded.data'),
          num: eb.ref('excluded.num'),
          expires_at: eb.ref('excluded.expires_at'),
          updated_at: eb.ref('excluded.updated_at'),
        }));
        return onlyHigher
          ? update.where(
              sql<boolean>`excluded.num > achievement_reports.num OR achievement_reports.expires_at <= ${now}`,
            )
          : update;
      })
      .returning('kind')
      .execute();
    return rows.map((r) => r.kind);
  }

  /** The player's values that have not expired, by kind. */
  async live(appId: string, accountId: number, now: number): Promise<Achievement[]> {
    const rows = await this.db
      .selectFrom('achievement_reports')
      .select(['kind', 'data', 'expires_at', 'updated_at'])
      .where('app_id', '=', appId)
      .where('account_id', '=', accountId)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .orderBy('kind')
      .execute();
    return rows.map((r) => ({
      kind: r.kind,
      data: r.data,
      expiresAt: r.expires_at,
      updatedAt: r.updated_at,
    }));
  }

  /** Counts a game of the player on the day, with its score. */
  async countGame(appId: string, accountId: number, day: string, score: number): Promise<void> {
    await this.db
      .insertInto('achievement_days')
      .values({ app_id: appId, account_id: accountId, day, games: 1, best: score })
      .onConflict((oc) =>
        oc.columns(['app_id', 'account_id', 'day']).doUpdateSet({
          games: sql<number>`achievement_days.games + 1`,
          best: sql<number>`CASE WHEN excluded.best > achievement_days.best THEN excluded.best ELSE achievement_days.best END`,
        }),
      )
      .execute();
  }

  /** Games and best score of each player who played within the days (others are left out). */
  async totals(
    appId: string,
    accountIds: readonly number[],
    days: DayRange,
  ): Promise<Map<number, { games: number; best: number }>> {
    if (accountIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('achievement_days')
      .select((eb) => [
        'account_id',
        eb.fn.sum<number>('games').as('games'),
        eb.fn.max<number>('best').as('best'),
      ])
      .where('app_id', '=', appId)
      .where('account_id', 'in', accountIds)
      .where('day', '>=', days.from)
      .where('day', '<=', days.to)
      .groupBy('account_id')
      .execute();
    return new Map(
      rows.map((r) => [r.account_id, { games: Number(r.games), best: Number(r.best) }]),
    );
  }

  async profile(appId: string): Promise<ReportProfile | undefined> {
    const row = await this.db
      .selectFrom('report_profiles')
      .selectAll()
      .where('app_id', '=', appId)
      .executeTakeFirst();
    return row && toProfile(row);
  }

  /** Stores the app's companion rules (keeping when it first reported). */
  async saveProfile(appId: string, profile: ReportProfile, now: number): Promise<void> {
    const rules = {
      require_platform: profile.requirePlatform ? 1 : 0,
      multi_mode: profile.multiMode ? 1 : 0,
      multi_zone: profile.multiZone ? 1 : 0,
      updated_at: now,
    };
    await this.db
      .insertInto('report_profiles')
      .values({ app_id: appId, ...rules, first_report_at: profile.firstReportAt })
      .onConflict((oc) => oc.column('app_id').doUpdateSet(rules))
      .execute();
  }

  /** Records the app's first report (a later one changes nothing). */
  async markReported(appId: string, now: number): Promise<void> {
    await this.db
      .insertInto('report_profiles')
      .values({
        app_id: appId,
        require_platform: 0,
        multi_mode: 0,
        multi_zone: 0,
        first_report_at: now,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc
          .column('app_id')
          .doUpdateSet({ first_report_at: now })
          .where('report_profiles.first_report_at', 'is', null),
      )
      .execute();
  }

  /**
   * Keeps each player's latest battle report and raises their best score; returns each
   * player's best score. Each player must appear once.
   */
  async putBattles(
    appId: string,
    writes: readonly BattleWrite[],
    now: number,
  ): Promise<{ accountId: number; bestScore: number | null }[]> {
    if (writes.length === 0) return [];
    const rows = await this.db
      .insertInto('battle_reports')
      .values(
        writes.map((w) => ({
          app_id: appId,
          account_id: w.accountId,
          report: w.report,
          best_score: w.score,
          updated_at: now,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['app_id', 'account_id']).doUpdateSet((eb) => ({
          report: eb.ref('excluded.report'),
          updated_at: eb.ref('excluded.updated_at'),
          best_score: sql<number | null>`CASE
            WHEN battle_reports.best_score IS NULL OR excluded.best_score > battle_reports.best_score
            THEN excluded.best_score ELSE battle_reports.best_score END`,
        })),
      )
      .returning(['account_id', 'best_score'])
      .execute();
    return rows.map((r) => ({ accountId: r.account_id, bestScore: r.best_score }));
  }

  async battle(appId: string, accountId: number): Promise<BattleRecord | undefined> {
    const row = await this.db
      .selectFrom('battle_reports')
      .selectAll()
      .where('app_id', '=', appId)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return row && toBattle(row);
  }
}
