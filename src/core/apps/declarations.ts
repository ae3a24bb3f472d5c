import type { Random } from '../runtime.js';

/**
 * One credential a dialect gives every app (an appid, a signing key...). Generated when the app
 * is created (and by migration for older apps), shown by `app show` and the admin API under the
 * dialect's name, e.g. `"<dialect>": {"appid": ..., "app_secret": ...}`.
 */
export interface CredentialField {
  /** The name on the wire and in the database, e.g. `app_secret`. */
  readonly name: string;
  /** How `app show` names it after the dialect, e.g. `<dialect> appid` (default: `name`). */
  readonly label?: string;
  generate(random: Random): string;
  /** Apps are found by this credential (an appid a caller names); unique across apps. */
  readonly lookup?: boolean;
  /** A secret: sealed at rest, compared in constant time, changed by `app rotate-secret`. */
  readonly secret?: boolean;
}

/** A value shown with the credentials but derived from them (e.g. a prefixed appid). */
export interface DerivedCredential {
  readonly name: string;
  /** Shown right after this credential (default: after them all). */
  readonly after?: string;
  /** How `app show` names it after the dialect (default: `name`). */
  readonly label?: string;
  derive(credentials: Readonly<Record<string, string>>): string;
}

/** One per-app setting a dialect needs (where its notifications go, how it checks calls). */
export interface SettingField<T = unknown> {
  /** The name in the admin API's `settings` object, e.g. `<dialect>_notify_url`. */
  readonly name: string;
  readonly defaultValue: T;
  /** Checks a value from the admin API (JSON) and returns it; throws invalid_argument. */
  parse(value: unknown): T;
  /** The `app update` flag, e.g. `--<dialect>-notify-url <url|none>`. */
  readonly flag: {
    readonly spec: string;
    readonly description: string;
    /** Reads the flag's text; throws (an Error whose message the CLI prints) when it cannot. */
    parse(text: string): T;
  };
  /** How `app show` names it, e.g. `<dialect> notify url`. */
  readonly label: string;
  /** How `app show` prints it. */
  show(value: T): string;
}

/** What a dialect keeps per app: its credentials and settings. */
export interface AppConfigDeclaration {
  /** The dialect's name: the key of its block in app views. */
  readonly dialect: string;
  readonly credentials: readonly CredentialField[];
  readonly derived?: readonly DerivedCredential[];
  readonly settings: readonly SettingField[];
}
