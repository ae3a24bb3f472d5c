import { timingSafeEqual } from 'node:crypto';
import { RecentCache } from '../cache.js';
import { fail } from '../errors.js';
import type { Clock, Random } from '../runtime.js';
import { randomHex, randomId } from '../runtime.js';
import type { AppRepo } from '../../store/repos/apps.js';
import type { TencentPlatform } from '../../protocols/msdk/identity/types.js';
import type { App, AppSettings } from './types.js';
import { DEFAULT_APP_SETTINGS, isTimeZone } from './types.js';

/** Apps change rarely and may be changed by another process (the CLI): cache briefly. */
const CACHE_TTL_MS = 2_000;

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
  const url = settings.momoNotifyUrl;
  if (url !== undefined && url !== null) {
    let protocol = '';
    try {
      protocol = new URL(url).protocol;
    } catch {
      // reported below
    }
    if (protocol !== 'http:' && protocol !== 'https:') {
      fail('invalid_argument', `notify URL must be http(s): ${url}`);
    }
  }
}

export class AppService {
  private readonly byMomoAppid: RecentCache<string, App>;
  private readonly byId: RecentCache<string, App>;
  private readonly byMsdkAppid: RecentCache<string, App>;

  constructor(
    private readonly repo: AppRepo,
    private readonly clock: Clock,
    private readonly random: Random,
  ) {
    this.byMomoAppid = new RecentCache(10_000, CACHE_TTL_MS, clock);
    this.byId = new RecentCache(10_000, CACHE_TTL_MS, clock);
    this.byMsdkAppid = new RecentCache(10_000, CACHE_TTL_MS, clock);
  }

  async create(name: string, settings: Partial<AppSettings> = {}): Promise<App> {
    if (!name.trim()) fail('invalid_argument', 'app name is empty');
    checkSettings(settings);
    const now = this.clock.now();
    const app: App = {
      id: `app_${randomId(this.random, 10)}`,
      name: name.trim(),
      momo: { appid: `mm_gh_${randomId(this.random, 8)}`, appSecret: randomHex(this.random, 16) },
      msdk: {
        qqAppid: String(this.random.int(1_000_000_000, 2_000_000_000)),
        wxAppid: `wx${randomHex(this.random, 8)}`,
        appkey: randomHex(this.random, 16),
        msdkkey: randomHex(this.random, 16),
      },
      settings: { ...DEFAULT_APP_SETTINGS, ...settings },
      createdAt: now,
      updatedAt: now,
    };
    await this.repo.insert(app);
    return app;
  }

  list(): Promise<App[]> {
    return this.repo.list();
  }

  async get(id: string): Promise<App> {
    const cached = this.byId.get(id);
    if (cached) return cached;
    const app = (await this.repo.byId(id)) ?? fail('app.not_found', `no app ${id}`);
    this.byId.set(id, app);
    return app;
  }

  async update(
    id: string,
    changes: { name?: string; settings?: Partial<AppSettings> },
  ): Promise<App> {
    const app = await this.get(id);
    if (changes.settings) checkSettings(changes.settings);
    const updated: App = {
      ...app,
      name: changes.name?.trim() || app.name,
      settings: { ...app.settings, ...changes.settings },
      updatedAt: this.clock.now(),
    };
    await this.repo.update(updated);
    this.forget(app);
    return updated;
  }

  async rotateSecret(id: string): Promise<App> {
    const app = await this.get(id);
    const updated: App = {
      ...app,
      momo: { ...app.momo, appSecret: randomHex(this.random, 16) },
      updatedAt: this.clock.now(),
    };
    await this.repo.update(updated);
    this.forget(app);
    return updated;
  }

  private forget(app: App): void {
    this.byMomoAppid.delete(app.momo.appid);
    this.byId.delete(app.id);
    this.byMsdkAppid.delete(app.msdk.qqAppid);
    this.byMsdkAppid.delete(app.msdk.wxAppid);
  }

  /** The app a Momo game server calls as, after checking its secret. */
  async authenticateMomo(appid: string, appSecret: string): Promise<App> {
    const app = await this.findByMomoAppid(appid);
    if (!app) fail('app.not_found', 'unknown appid');
    if (!secretsEqual(appSecret, app.momo.appSecret)) fail('app.bad_secret', 'wrong app_secret');
    return app;
  }

  /**
   * The app an MSDK caller names by its QQ appid, WeChat appid or guest appid (`G_` + QQ appid),
   * and which platform that appid stands for.
   */
  async findByMsdkAppid(
    appid: string,
  ): Promise<{ app: App; platform: TencentPlatform } | undefined> {
    const guest = appid.startsWith('G_');
    const key = guest ? appid.slice(2) : appid;
    let app = this.byMsdkAppid.get(key);
    if (!app) {
      app = await this.repo.byMsdkAppid(key);
      if (!app) return undefined;
      this.byMsdkAppid.set(key, app);
    }
    if (guest) return app.msdk.qqAppid === key ? { app, platform: 'guest' } : undefined;
    return { app, platform: app.msdk.wxAppid === key ? 'wx' : 'qq' };
  }

  private async findByMomoAppid(appid: string): Promise<App | undefined> {
    const cached = this.byMomoAppid.get(appid);
    if (cached) return cached;
    const app = await this.repo.byMomoAppid(appid);
    if (app) this.byMomoAppid.set(appid, app);
    return app;
  }
}
