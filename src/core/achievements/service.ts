import type { App } from '../apps/types.js';
import { fail } from '../errors.js';
import type { LeaderboardService } from '../leaderboards/service.js';
import { mustHoldIds } from '../identity/holders.js';
import type { PlayerDirectory } from '../players/directory.js';
import type { Account } from '../players/types.js';
import type { Clock } from '../runtime.js';
import type { AchievementWrite } from '../../store/repos/achievements.js';
import type { Store } from '../../store/store.js';
import type { DayRange } from './calendar.js';
import { dayOf, periodsOf } from './calendar.js';
import type {
  Achievement,
  AchievementEntry,
  AchievementRules,
  DerivedAchievements,
  ReportProfile,
  ReportProfileChanges,
} from './types.js';
import {
  ACHIEVEMENT,
  ACHIEVEMENT_LIMITS,
  ACHIEVEMENT_PLATFORMS,
  COMPANION_KINDS,
  DEFAULT_REPORT_PROFILE,
  isGuildKind,
  kindInfo,
  kindLabel,
} from './types.js';

const ALL_DAYS: DayRange = { from: '0000-01-01', to: '9999-12-31' };
const NUMBER = /^-?\d+(\.\d+)?$/;

interface CheckedEntry extends AchievementWrite {
  onlyHigher: boolean;
}

/** The first companion the report lacks by the app's rules, and what it must accompany. */
function missingCompanion(
  entries: readonly AchievementEntry[],
  profile: ReportProfile,
): { kind: number; of: string } | undefined {
  const kinds = new Set(entries.map((e) => e.kind));
  const required: number[] = [];
  if ([...kinds].some((kind) => !COMPANION_KINDS.has(kind))) {
    if (profile.requirePlatform) required.push(ACHIEVEMENT.platform);
    if (profile.multiMode) required.push(ACHIEVEMENT.mode);
    if (profile.multiZone) required.push(ACHIEVEMENT.zone, ACHIEVEMENT.server, ACHIEVEMENT.role);
  }
  const kind = required.find((k) => !kinds.has(k));
  if (kind !== undefined) return { kind, of: 'every report' };
  if ([...kinds].some(isGuildKind) && !kinds.has(ACHIEVEMENT.guild)) {
    return { kind: ACHIEVEMENT.guild, of: 'guild reports (types 31, 301-313)' };
  }
  return undefined;
}

function checkEntry(entry: AchievementEntry): CheckedEntry {
  const info = kindInfo(entry.kind) ?? fail('invalid_argument', `unknown ${kindLabel(entry.kind)}`);
  const label = kindLabel(entry.kind);
  if (info.computed) {
    fail('invalid_argument', `${label} is computed by the platform from type 3; do not report it`);
  }
  if (entry.expiresAt !== null && entry.expiresAt < 0) {
    fail('invalid_argument', `${label}: the expiry is negative`);
  }
  const base = { kind: entry.kind, data: entry.data, expiresAt: entry.expiresAt };
  if (info.text) {
    const length = Array.from(entry.data).length;
    if (length < 1 || length > ACHIEVEMENT_LIMITS.textLength) {
      fail('invalid_argument', `${label}: 1 to ${ACHIEVEMENT_LIMITS.textLength} characters`);
    }
    // Words have no order: a text value is always replaced.
    return { ...base, num: null, onlyHigher: false };
  }
  if (entry.data.length > ACHIEVEMENT_LIMITS.numberLength || !NUMBER.test(entry.data)) {
    fail('invalid_argument', `${label} must be a number`);
  }
  const num = Number(entry.data);
  if (
    entry.kind === ACHIEVEMENT.platform &&
    !Object.values<number>(ACHIEVEMENT_PLATFORMS).includes(num)
  ) {
    fail('invalid_argument', `${label}: 1 (android) or 2 (ios)`);
  }
  return { ...base, num, onlyHigher: !entry.overwrite };
}

/** Checks a whole report against the kinds and the app's companion rules. */
function checkReport(entries: readonly AchievementEntry[], profile: ReportProfile): CheckedEntry[] {
  if (entries.length === 0) fail('invalid_argument', 'the report holds no value');
  if (entries.length > ACHIEVEMENT_LIMITS.entries) {
    fail('invalid_argument', `at most ${ACHIEVEMENT_LIMITS.entries} values per report`);
  }
  const seen = new Set<number>();
  const checked = entries.map((entry) => {
    if (seen.has(entry.kind)) fail('invalid_argument', `${kindLabel(entry.kind)} reported twice`);
    seen.add(entry.kind);
    return checkEntry(entry);
  });
  const missing = missingCompanion(entries, profile);
  if (missing) fail('invalid_argument', `${kindLabel(missing.kind)} must accompany ${missing.of}`);
  return checked;
}

function isLive(expiresAt: number | null, now: number): boolean {
  return expiresAt === null || expiresAt > now;
}

/** The player's 1-based rank by best score among the players in `totals`; 0 without a game. */
function rankIn(totals: Map<number, { best: number }>, accountId: number): number {
  const mine = totals.get(accountId);
  if (!mine) return 0;
  let ahead = 0;
  for (const [id, other] of totals) if (id !== accountId && other.best > mine.best) ahead++;
  return ahead + 1;
}

/**
 * Achievements players reach in a game, as a platform's game centre keeps them: values by kind,
 * each kept until it expires; higher values replace lower ones unless a report overwrites. Score
 * reports (kind 3) also count games per day of the app's calendar, from which the platform
 * derives bests, game counts and ranks among same-game friends (those active under an id of the
 * rules' namespace), and feed the rules' score board.
 */
export class AchievementService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly leaderboards: LeaderboardService,
    private readonly directory: PlayerDirectory,
    /** Whose friends play the game, and the board scores feed; none: no board, no ranks. */
    private readonly rules: AchievementRules | undefined,
  ) {}

  /** Stores a player's report: all of it, or nothing when any value breaks a rule. */
  async report(app: App, accountId: number, entries: readonly AchievementEntry[]): Promise<void> {
    const profile = await this.profile(app.id);
    const checked = checkReport(entries, profile);
    const now = this.clock.now();
    const score = checked.find((e) => e.kind === ACHIEVEMENT.score);
    const written = await this.store.transaction(async (store) => {
      const kinds = [];
      for (const onlyHigher of [false, true]) {
        const writes = checked.filter((e) => e.onlyHigher === onlyHigher);
        kinds.push(...(await store.achievements.put(app.id, accountId, writes, onlyHigher, now)));
      }
      if (score?.num != null) {
        const day = dayOf(now, app.settings.timezone);
        await store.achievements.countGame(app.id, accountId, day, score.num);
      }
      if (profile.firstReportAt === null) await store.achievements.markReported(app.id, now);
      return new Set(kinds);
    });
    const board = this.rules?.board;
    if (
      board !== undefined &&
      score?.num != null &&
      written.has(ACHIEVEMENT.score) &&
      isLive(score.expiresAt, now)
    ) {
      await this.leaderboards.submit(app.id, [{ accountId, board, score: score.num }]);
    }
  }

  /** The player's values that have not expired, by kind. */
  held(appId: string, accountId: number): Promise<Achievement[]> {
    return this.store.achievements.live(appId, accountId, this.clock.now());
  }

  /**
   * What the platform derives from the player's score reports, on the app's calendar: ranks are
   * among the player and their friends who play the app (under the rules' namespace), by best
   * score of the week.
   */
  async derived(app: App, accountId: number): Promise<DerivedAchievements> {
    // player.not_found for strangers to the app
    await mustHoldIds(this.store, app.id, accountId, this.rules ? [this.rules.namespace] : []);
    const { playing } = await this.friendsOf(app.id, accountId);
    const everyone = [accountId, ...playing];
    const periods = periodsOf(this.clock.now(), app.settings.timezone);
    const totals = this.store.achievements;
    const [ever, today, week, lastWeek] = await Promise.all([
      totals.totals(app.id, [accountId], ALL_DAYS),
      totals.totals(app.id, [accountId], periods.today),
      totals.totals(app.id, everyone, periods.week),
      totals.totals(app.id, everyone, periods.lastWeek),
    ]);
    return {
      bestScore: ever.get(accountId)?.best ?? 0,
      lastWeekRank: rankIn(lastWeek, accountId),
      gamesToday: today.get(accountId)?.games ?? 0,
      gamesThisWeek: week.get(accountId)?.games ?? 0,
      bestToday: today.get(accountId)?.best ?? 0,
      bestThisWeek: week.get(accountId)?.best ?? 0,
      rankThisWeek: rankIn(week, accountId),
    };
  }

  /** The player's friends, in account order: those who play the app, and the others. */
  private async friendsOf(
    appId: string,
    accountId: number,
  ): Promise<{ playing: number[]; others: number[] }> {
    const friendIds = await this.store.friends.friendsOf(accountId);
    const playing = new Set(
      this.rules
        ? await this.store.relation.friendsPlaying(accountId, appId, this.rules.namespace)
        : [],
    );
    return {
      playing: friendIds.filter((id) => playing.has(id)),
      others: friendIds.filter((id) => !playing.has(id)),
    };
  }

  async profile(appId: string): Promise<ReportProfile> {
    return (await this.store.achievements.profile(appId)) ?? DEFAULT_REPORT_PROFILE;
  }

  async setProfile(appId: string, changes: ReportProfileChanges): Promise<ReportProfile> {
    const current = await this.profile(appId);
    const profile: ReportProfile = {
      requirePlatform: changes.requirePlatform ?? current.requirePlatform,
      multiMode: changes.multiMode ?? current.multiMode,
      multiZone: changes.multiZone ?? current.multiZone,
      firstReportAt: current.firstReportAt,
    };
    await this.store.achievements.saveProfile(appId, profile, this.clock.now());
    return profile;
  }

  /**
   * Up to `limit` friends of the player who do not play the app, in account order (the caller
   * gives them ids in the app). Only for an app that has reported achievements: the platform
   * hands out friends to invite in exchange for the game's reports.
   */
  async friendsToInvite(appId: string, accountId: number, limit: number): Promise<Account[]> {
    if ((await this.profile(appId)).firstReportAt === null) {
      fail('not_permitted', 'the app has not reported achievements yet');
    }
    const chosen = (await this.friendsOf(appId, accountId)).others.slice(0, limit);
    const accountOf = new Map((await this.directory.accounts(chosen)).map((a) => [a.id, a]));
    return chosen.flatMap((id) => {
      const account = accountOf.get(id);
      return account ? [account] : [];
    });
  }
}
