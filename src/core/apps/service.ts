import { timingSafeEqual } from 'node:crypto';
import { RecentMap } from '../cache.js';
import { fail } from '../errors.js';
import type { Clock, Random } from '../runtime.js';
import { randomId } from '../runtime.js';
import type { SecretBox } from '../secrets/secret-box.js';
import type { StoredApp, StoredCredential } from '../../store/repos/apps.js';
import type { StoreSlice } from '../../store/store.js';
import { APP_CHANGED } from '../../common/change-topics.js';
import type { ChangeFeed } from '../changes.js';
import type { AppConfigDeclaration, CredentialField } from './declarations.js';
import type { App, AppSettings } from './types.js';
import { DEFAULT_APP_SETTINGS, isTimeZone } from './types.js';

/** Apps change rarely: every one is kept, until a change to it is heard from any process. */
const CACHE_SIZE = 20_000;

export function secretsEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Rejects settings no app may have. */
function checkSettings(settings: Partial<AppSettings>): void {
  if (settings.timezone !== undefined && !isTimeZone(settings.timezone)) {
    fail('invalid_argument', `unknown time zone ${settings.timezone}`);
  }
}

/** Changes to an app's dialect settings: per dialect, the declared names to set. */
export type DialectSettingChanges = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

const lookupKey = (dialect: string, name: string, value: string) =>
  `${dialect}\u0000${name}\u0000${value}`;

/**
 * The apps (games) the platform serves: their core settings, and the credentials and settings
 * each dialect declares for them (generated, validated, sealed and looked up here, by name).
 */
export class AppService {
  private readonly byId: RecentMap<string, App>;
  private readonly byCredential: RecentMap<string, App>;

  constructor(
    private readonly store: StoreSlice<'apps'>,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly box: SecretBox,
    readonly declarations: readonly AppConfigDeclaration[],
    private readonly changes: ChangeFeed,
  ) {
    this.byId = new RecentMap(CACHE_SIZE);
    this.byCredential = new RecentMap(CACHE_SIZE);
    changes.watch(APP_CHANGED, (appId) => {
      if (appId === undefined) this.byId.clear();
      else this.byId.delete(appId);
      this.byCredential.clear();
    });
    const dialects = new Set<string>();
    for (const declaration of declarations) {
      if (dialects.has(declaration.dialect)) {
        throw new Error(`two app config declarations for dialect ${declaration.dialect}`);
      }
      dialects.add(declaration.dialect);
    }
  }

  async create(
    name: string,
    settings: Partial<AppSettings> = {},
    dialectSettings: DialectSettingChanges = {},
  ): Promise<App> {
    if (!name.trim()) fail('invalid_argument', 'app name is empty');
    checkSettings(settings);
    const parsed = this.parseDialectSettings(dialectSettings);
    const now = this.clock.now();
    const credentials: StoredCredential[] = [];
    for (const declaration of this.declarations) {
      for (const field of declaration.credentials) {
        credentials.push(this.stored(declaration.dialect, field, field.generate(this.random)));
      }
    }
    const stored: StoredApp = {
      id: `app_${randomId(this.random, 10)}`,
      name: name.trim(),
      credentials,
      settings: { ...DEFAULT_APP_SETTINGS, ...settings },
      dialectSettings: parsed,
      createdAt: now,
      updatedAt: now,
    };
    await this.store.apps.insert(stored);
    return this.open(stored);
  }

  async list(): Promise<App[]> {
    return (await this.store.apps.list()).map((stored) => this.open(stored));
  }

  async get(id: string): Promise<App> {
    const cached = await this.cached(this.byId, id);
    if (cached) return cached;
    const heard = this.changes.heard;
    const stored = (await this.store.apps.byId(id)) ?? fail('app.not_found', `no app ${id}`);
    const app = this.open(stored);
    if (this.changes.heard === heard) this.byId.set(id, app);
    return app;
  }

  /** A cached app, once the changes committed so far were heard. */
  private async cached<K>(cache: RecentMap<K, App>, key: K): Promise<App | undefined> {
    await this.changes.catchUp();
    return this.changes.coherent ? cache.get(key) : undefined;
  }

  /**
   * Changes the name, core settings or dialect settings (by their declared names; each checked
   * by its declaration's `parse`, and nothing changes when one is refused).
   */
  async update(
    id: string,
    changes: {
      name?: string;
      settings?: Partial<AppSettings>;
      dialectSettings?: DialectSettingChanges;
    },
  ): Promise<App> {
    const app = await this.get(id);
    if (changes.settings) checkSettings(changes.settings);
    const parsed = this.parseDialectSettings(changes.dialectSettings ?? {});
    const dialectSettings: Record<string, Record<string, unknown>> = {};
    for (const [dialect, values] of Object.entries(app.dialectSettings)) {
      dialectSettings[dialect] = { ...values, ...parsed[dialect] };
    }
    const updated: App = {
      ...app,
      name: changes.name?.trim() || app.name,
      settings: { ...app.settings, ...changes.settings },
      dialectSettings,
      updatedAt: this.clock.now(),
    };
    await this.store.apps.update(updated);
    return updated;
  }

  /** Replaces every secret credential of the dialect (the old ones stop working). */
  async rotateSecret(id: string, dialect: string): Promise<App> {
    const declaration = this.declaration(dialect);
    const app = await this.get(id);
    const now = this.clock.now();
    const rotated: Record<string, string> = {};
    const stored: StoredCredential[] = [];
    for (const field of declaration.credentials) {
      if (!field.secret) continue;
      const value = field.generate(this.random);
      rotated[field.name] = value;
      stored.push(this.stored(dialect, field, value));
    }
    if (stored.length === 0) fail('invalid_argument', `${dialect} has no secret credential`);
    await this.store.transaction((store) => store.apps.putCredentials(app.id, stored, now));
    return {
      ...app,
      credentials: { ...app.credentials, [dialect]: { ...app.credentials[dialect], ...rotated } },
      updatedAt: now,
    };
  }

  /** The app whose lookup credential `dialect`/`field` is `value` (an appid a caller names). */
  async findByCredential(dialect: string, field: string, value: string): Promise<App | undefined> {
    const declared = this.declaration(dialect).credentials.find((c) => c.name === field);
    if (!declared?.lookup) throw new Error(`${dialect} ${field} is not a lookup credential`);
    const key = lookupKey(dialect, field, value);
    const cached = await this.cached(this.byCredential, key);
    if (cached) return cached;
    const heard = this.changes.heard;
    const stored = await this.store.apps.byCredential(dialect, field, value);
    if (!stored) return undefined;
    const app = this.open(stored);
    if (this.changes.heard === heard) this.byCredential.set(key, app);
    return app;
  }

  /** Throws app.bad_secret unless `given` is the app's secret `dialect`/`field` (constant time). */
  checkSecret(
    app: App,
    dialect: string,
    field: string,
    given: string,
    message = `wrong ${field}`,
  ): void {
    const expected = app.credentials[dialect]?.[field];
    if (expected === undefined) throw new Error(`app has no credential ${dialect} ${field}`);
    if (!secretsEqual(given, expected)) fail('app.bad_secret', message);
  }

  /**
   * Once per start: gives every app the declared credentials it lacks (a dialect added since it
   * was made) and seals every secret credential still in the clear (migrated ones). Idempotent,
   * and safe with other processes doing the same.
   */
  async prepareCredentials(): Promise<{ generated: number; sealed: number }> {
    let generated = 0;
    for (const stored of await this.store.apps.list()) {
      const missing: StoredCredential[] = [];
      for (const declaration of this.declarations) {
        for (const field of declaration.credentials) {
          const has = stored.credentials.some(
            (c) => c.dialect === declaration.dialect && c.name === field.name,
          );
          if (!has)
            missing.push(this.stored(declaration.dialect, field, field.generate(this.random)));
        }
      }
      if (missing.length > 0) {
        await this.store.apps.putCredentials(stored.id, missing, stored.updatedAt);
        generated += missing.length;
      }
    }
    const secrets = this.declarations.flatMap((d) =>
      d.credentials.filter((c) => c.secret).map((c) => ({ dialect: d.dialect, name: c.name })),
    );
    let sealed = 0;
    for (const credential of await this.store.apps.unsealed(secrets)) {
      if (
        await this.store.apps.seal(credential.appId, credential, this.box.seal(credential.value))
      ) {
        sealed += 1;
      }
    }
    return { generated, sealed };
  }

  private declaration(dialect: string): AppConfigDeclaration {
    return (
      this.declarations.find((d) => d.dialect === dialect) ??
      fail('invalid_argument', `no dialect ${dialect}`)
    );
  }

  /** Checks changes to dialect settings; returns them parsed, per dialect. */
  private parseDialectSettings(
    changes: DialectSettingChanges,
  ): Record<string, Record<string, unknown>> {
    const parsed: Record<string, Record<string, unknown>> = {};
    for (const [dialect, values] of Object.entries(changes)) {
      const declaration = this.declaration(dialect);
      const out: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(values)) {
        if (value === undefined) continue;
        const setting =
          declaration.settings.find((s) => s.name === name) ??
          fail('invalid_argument', `no ${dialect} setting ${name}`);
        out[name] = setting.parse(value);
      }
      parsed[dialect] = out;
    }
    return parsed;
  }

  private stored(dialect: string, field: CredentialField, value: string): StoredCredential {
    return field.secret
      ? { dialect, name: field.name, value: this.box.seal(value), sealed: true }
      : { dialect, name: field.name, value, sealed: false };
  }

  /** The app as core hands it out: every declared credential open, every setting defaulted. */
  private open(stored: StoredApp): App {
    const credentials: Record<string, Record<string, string>> = {};
    const dialectSettings: Record<string, Record<string, unknown>> = {};
    for (const declaration of this.declarations) {
      const { dialect } = declaration;
      const values: Record<string, string> = {};
      for (const field of declaration.credentials) {
        const found = stored.credentials.find(
          (c) => c.dialect === dialect && c.name === field.name,
        );
        if (!found) continue;
        values[field.name] = found.sealed
          ? this.box.open(found.value).toString('utf8')
          : found.value;
      }
      credentials[dialect] = values;
      const settings: Record<string, unknown> = {};
      const given = stored.dialectSettings[dialect] ?? {};
      for (const setting of declaration.settings) {
        settings[setting.name] = setting.name in given ? given[setting.name] : setting.defaultValue;
      }
      dialectSettings[dialect] = settings;
    }
    return {
      id: stored.id,
      name: stored.name,
      credentials,
      settings: { ...DEFAULT_APP_SETTINGS, ...stored.settings },
      dialectSettings,
      createdAt: stored.createdAt,
      updatedAt: stored.updatedAt,
    };
  }
}
