/**
 * Kinds of achievement a game reports for its players, numbered as the platform documents number
 * them. `text` kinds hold words; the others numbers. `computed` kinds are derived by the platform
 * from the score reports (kind 3) and may not be reported.
 */
interface KindInfo {
  name: string;
  text?: true;
  computed?: true;
}

const KINDS: Record<number, KindInfo> = {
  1: { name: 'level' },
  2: { name: 'money' },
  3: { name: 'score' },
  4: { name: 'experience' },
  5: { name: 'best score', computed: true },
  6: { name: "last week's rank", computed: true },
  7: { name: 'challenge result' },
  8: { name: 'last login time' },
  9: { name: 'games today', computed: true },
  10: { name: 'games this week', computed: true },
  11: { name: "today's best score", computed: true },
  12: { name: 'platform' },
  13: { name: 'game mode' },
  14: { name: 'game duration' },
  15: { name: "this week's best score", computed: true },
  16: { name: "this week's rank", computed: true },
  17: { name: 'power' },
  18: { name: 'power rank' },
  19: { name: 'stages cleared' },
  20: { name: 'stages cleared this week' },
  21: { name: 'points' },
  22: { name: 'points rank' },
  23: { name: 'games played' },
  24: { name: 'win rate' },
  25: { name: 'registration time' },
  26: { name: 'zone' },
  27: { name: 'server' },
  28: { name: 'role id' },
  29: { name: 'role name', text: true },
  30: { name: 'guild id' },
  31: { name: 'guild joined at' },
  301: { name: 'guild name', text: true },
  302: { name: 'guild level' },
  303: { name: 'guild power' },
  304: { name: 'guild rank' },
  305: { name: 'guild honour' },
  306: { name: 'guild created at' },
  307: { name: 'guild dissolved at' },
  308: { name: 'guild members' },
  309: { name: 'guild member change' },
  310: { name: 'guild introduction', text: true },
  311: { name: 'guild role' },
  312: { name: 'guild chat group' },
  313: { name: 'guild chat group bound at' },
};

export const ACHIEVEMENT = {
  score: 3,
  bestScore: 5,
  lastWeekRank: 6,
  gamesToday: 9,
  gamesThisWeek: 10,
  bestToday: 11,
  platform: 12,
  mode: 13,
  bestThisWeek: 15,
  rankThisWeek: 16,
  zone: 26,
  server: 27,
  role: 28,
  guild: 30,
  guildJoinedAt: 31,
} as const;

/** Platform values of kind 12. */
export const ACHIEVEMENT_PLATFORMS = { android: 1, ios: 2 } as const;

export function kindInfo(kind: number): KindInfo | undefined {
  return KINDS[kind];
}

/** "type 12 (platform)": how messages name a kind. */
export function kindLabel(kind: number): string {
  const info = KINDS[kind];
  return info ? `type ${kind} (${info.name})` : `type ${kind}`;
}

/** Kinds that describe a report's context rather than an achievement (companions). */
export const COMPANION_KINDS: ReadonlySet<number> = new Set([
  ACHIEVEMENT.platform,
  ACHIEVEMENT.mode,
  ACHIEVEMENT.zone,
  ACHIEVEMENT.server,
  ACHIEVEMENT.role,
  ACHIEVEMENT.guild,
]);

/** Guild kinds: reported only together with the guild id (kind 30). */
export function isGuildKind(kind: number): boolean {
  return kind === ACHIEVEMENT.guildJoinedAt || (kind >= 301 && kind <= 313);
}

/** One value of a report. */
export interface AchievementEntry {
  kind: number;
  data: string;
  /** Unix ms after which the value reads as absent; null: never. */
  expiresAt: number | null;
  /** Replace the held value; otherwise only a higher value is kept (text kinds always replace). */
  overwrite: boolean;
}

/** A value a player holds. */
export interface Achievement {
  kind: number;
  data: string;
  expiresAt: number | null;
  updatedAt: number;
}

/** The values the platform derives from a player's score reports. */
export interface DerivedAchievements {
  bestScore: number;
  lastWeekRank: number;
  gamesToday: number;
  gamesThisWeek: number;
  bestToday: number;
  bestThisWeek: number;
  rankThisWeek: number;
}

/** Which companions an app's reports must carry, and when it first reported. */
export interface ReportProfile {
  /** Kind 12 (platform) with every report. */
  requirePlatform: boolean;
  /** Kind 13 (game mode) with every report. */
  multiMode: boolean;
  /** Kinds 26, 27 and 28 (zone, server, role) with every report. */
  multiZone: boolean;
  firstReportAt: number | null;
}

export type ReportProfileChanges = Partial<Omit<ReportProfile, 'firstReportAt'>>;

export const DEFAULT_REPORT_PROFILE: ReportProfile = {
  requirePlatform: false,
  multiMode: false,
  multiZone: false,
  firstReportAt: null,
};

/** A player's latest battle report and best battle score. */
export interface BattleRecord {
  accountId: number;
  /** The report as sent. */
  report: Record<string, unknown>;
  bestScore: number | null;
  updatedAt: number;
}

export interface BattleReport {
  accountId: number;
  report: Record<string, unknown>;
  /** The result's score, if it has one (it then counts for the battle board). */
  score: number | null;
}

export const ACHIEVEMENT_LIMITS = {
  /** Values in one report. */
  entries: 100,
  /** Characters of a text value. */
  textLength: 256,
  /** Characters of a numeric value. */
  numberLength: 32,
  /** Battle reports in one call. */
  battles: 50,
  /** Bytes of one battle report's JSON. */
  battleBytes: 8_192,
  /** Friends one invitation list holds. */
  invitees: 20,
} as const;

/**
 * How a dialect's game centre keeps achievements: friends count as playing the game when active
 * in the app under an id of `namespace`, and score reports (kind 3) feed `board` (each player's
 * held score).
 */
export interface AchievementRules {
  readonly namespace: string;
  readonly board: string;
}
/** The board battle reports feed: each player's best battle score. */
export const BATTLE_BOARD = 'wx_friends';
