import type { Generated } from 'kysely';

/** Tables of achievement reports, battle reports and message subscriptions. */
export interface ReportTables {
  achievement_reports: AchievementReportsTable;
  achievement_days: AchievementDaysTable;
  report_profiles: ReportProfilesTable;
  battle_reports: BattleReportsTable;
  subscription_templates: SubscriptionTemplatesTable;
  subscriptions: SubscriptionsTable;
}

/** The value a player holds of one kind of achievement. */
export interface AchievementReportsTable {
  app_id: string;
  account_id: number;
  kind: number;
  /** The value as reported. */
  data: string;
  /** The value as a number (numeric kinds); null for text kinds. */
  num: number | null;
  /** Unix ms after which the value reads as absent; null: never. */
  expires_at: number | null;
  updated_at: number;
}

/** Games (score reports) a player played on one day of the app's calendar, and the best score. */
export interface AchievementDaysTable {
  app_id: string;
  account_id: number;
  /** yyyy-MM-dd in the app's time zone. */
  day: string;
  games: number;
  best: number;
}

/** How an app reports achievements (companion rules), and whether it has reported any. */
export interface ReportProfilesTable {
  app_id: string;
  require_platform: number;
  multi_mode: number;
  multi_zone: number;
  first_report_at: number | null;
  updated_at: number;
}

/** A player's latest battle report, and their best score. */
export interface BattleReportsTable {
  app_id: string;
  account_id: number;
  /** The report as sent (JSON). */
  report: string;
  best_score: number | null;
  updated_at: number;
}

/** A message players of an app may subscribe to. */
export interface SubscriptionTemplatesTable {
  id: Generated<number>;
  app_id: string;
  title: string;
  content: string;
  created_at: number;
}

export interface SubscriptionsTable {
  template_id: number;
  account_id: number;
  created_at: number;
}
