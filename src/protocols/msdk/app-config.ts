import type { AppConfigDeclaration } from '../../core/apps/declarations.js';
import type { AppService } from '../../core/apps/service.js';
import type { App } from '../../core/apps/types.js';
import { credentialOf, dialectSettingOf } from '../../core/apps/types.js';
import { timeWindowSetting } from '../setting-fields.js';
import type { TencentPlatform } from './identity/types.js';
import { randomHex } from '../../core/runtime.js';

export const MSDK = 'msdk';

/** How an app is known to Tencent MSDK clients and game servers. */
export interface MsdkCredentials {
  /** Numeric QQ appid; guests use `G_` + it. */
  qqAppid: string;
  /** WeChat appid, `wx` + 16 hex digits. */
  wxAppid: string;
  /** Signs `sig` for encode=1. */
  appkey: string;
  /** Signs `sig` for encode=2. */
  msdkkey: string;
}

/** MSDK: QQ, WeChat and guest appids callers name, and the two keys that sign their calls. */
export const msdkAppConfig: AppConfigDeclaration = {
  dialect: MSDK,
  credentials: [
    {
      name: 'qq_appid',
      label: 'qq appid',
      generate: (random) => String(random.int(1_000_000_000, 2_000_000_000)),
      lookup: true,
    },
    {
      name: 'wx_appid',
      label: 'wx appid',
      generate: (random) => `wx${randomHex(random, 8)}`,
      lookup: true,
    },
    { name: 'appkey', generate: (random) => randomHex(random, 16), secret: true },
    { name: 'msdkkey', generate: (random) => randomHex(random, 16), secret: true },
  ],
  derived: [
    {
      name: 'guest_appid',
      after: 'wx_appid',
      label: 'guest appid',
      derive: (credentials) => `G_${credentials.qq_appid ?? ''}`,
    },
  ],
  settings: [
    timeWindowSetting({
      name: 'msdk_timestamp_window_sec',
      label: 'msdk timestamp',
      flag: '--msdk-timestamp-window',
      description: 'how far an MSDK timestamp may be from now; off: not checked',
      defaultValue: null,
    }),
  ],
};

export function msdkCredentials(app: App): MsdkCredentials {
  return {
    qqAppid: credentialOf(app, MSDK, 'qq_appid'),
    wxAppid: credentialOf(app, MSDK, 'wx_appid'),
    appkey: credentialOf(app, MSDK, 'appkey'),
    msdkkey: credentialOf(app, MSDK, 'msdkkey'),
  };
}

export function msdkSettings(app: App): {
  /**
   * How far (seconds) an MSDK call's `timestamp` may be from now; null: not checked (the
   * default, as real clients send seconds, milliseconds or yyyyMMddHHmmss).
   */
  timestampWindowSec: number | null;
} {
  return {
    timestampWindowSec: dialectSettingOf(app, MSDK, 'msdk_timestamp_window_sec') as number | null,
  };
}

/** The guest appid of an app: `G_` + its QQ appid. */
export function guestAppid(app: App): string {
  return `G_${credentialOf(app, MSDK, 'qq_appid')}`;
}

/**
 * The app an MSDK caller names by its QQ appid, WeChat appid or guest appid (`G_` + QQ appid),
 * and which platform that appid stands for.
 */
export async function findByMsdkAppid(
  apps: AppService,
  appid: string,
): Promise<{ app: App; platform: TencentPlatform } | undefined> {
  if (appid.startsWith('G_')) {
    const app = await apps.findByCredential(MSDK, 'qq_appid', appid.slice(2));
    return app && { app, platform: 'guest' };
  }
  // WeChat appids start with wx, QQ appids are numeric: ask the likely one first.
  const order: TencentPlatform[] = appid.startsWith('wx') ? ['wx', 'qq'] : ['qq', 'wx'];
  for (const platform of order) {
    const app = await apps.findByCredential(MSDK, `${platform}_appid`, appid);
    if (app) return { app, platform };
  }
  return undefined;
}
