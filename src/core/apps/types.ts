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
  /** Sandbox mode: the client may complete sandbox orders itself (no real payment). */
  sandbox: boolean;
  /** Whether the game server may download daily bills. */
  billExport: boolean;
  /** IANA time zone of the app's business day (bills, trade numbers). */
  timezone: string;
  /** Which APNs the uploaded certificate is for. */
  apnsEnvironment: ApnsEnvironment;
  /**
   * The Facebook app whose user tokens players log in with (its app secret is sealed among the
   * app's secrets); null: Facebook identities are not verified.
   */
  facebookAppId: string | null;
  /** Google OAuth client ids an ID token may be for; none: Google identities are not verified. */
  googleClientIds: string[];
  /** Sign in with Apple client ids (bundle or services ids) an identity token may be for. */
  appleClientIds: string[];
  /** The Android package name whose Google Play purchases the app accepts; null: none. */
  googlePlayPackageName: string | null;
}

export type ApnsEnvironment = 'production' | 'sandbox';

export const DEFAULT_APP_SETTINGS: AppSettings = {
  nearbyRadiusM: 10_000,
  emotion: null,
  sandbox: false,
  billExport: false,
  timezone: 'Asia/Shanghai',
  apnsEnvironment: 'production',
  facebookAppId: null,
  googleClientIds: [],
  appleClientIds: [],
  googlePlayPackageName: null,
};

/** True for a time zone name the runtime knows (Asia/Shanghai, UTC, ...). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Values per dialect, then per name: `{ <dialect>: { appid: ..., app_secret: ... } }`. */
export type PerDialect<T> = Readonly<Record<string, Readonly<Record<string, T>>>>;

export interface App {
  id: string;
  name: string;
  /**
   * Every declared credential of every dialect, in the clear (secrets are sealed at rest only),
   * in declaration order.
   */
  credentials: PerDialect<string>;
  /** The core settings, which every app has whatever the dialects. */
  settings: AppSettings;
  /** Every declared setting of every dialect (its default unless set), in declaration order. */
  dialectSettings: PerDialect<unknown>;
  createdAt: number;
  updatedAt: number;
}

/** The app's credential `dialect`/`name` (every declared one is there; throws otherwise). */
export function credentialOf(app: App, dialect: string, name: string): string {
  const value = app.credentials[dialect]?.[name];
  if (value === undefined) throw new Error(`app ${app.id} has no credential ${dialect} ${name}`);
  return value;
}

/** The app's setting `dialect`/`name` (its declared default unless set). */
export function dialectSettingOf(app: App, dialect: string, name: string): unknown {
  return app.dialectSettings[dialect]?.[name];
}
