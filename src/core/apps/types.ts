export type BoardOperator = 'set' | 'best' | 'increment';

export const BOARD_OPERATORS: readonly BoardOperator[] = ['set', 'best', 'increment'];

export interface EmotionConfig {
  id: string;
  name: string;
}

export interface AppSettings {
  /** Radius of the nearby leaderboard, metres. */
  nearbyRadiusM: number;
  /** The emotion (sticker) the game may present to players; null: not configured. */
  emotion: EmotionConfig | null;
}

export const DEFAULT_APP_SETTINGS: AppSettings = {
  nearbyRadiusM: 10_000,
  emotion: null,
};

export interface App {
  id: string;
  name: string;
  momo: { appid: string; appSecret: string };
  settings: AppSettings;
  createdAt: number;
  updatedAt: number;
}
