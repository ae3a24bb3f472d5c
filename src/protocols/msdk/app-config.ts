import type { AppConfigDeclaration } from '../../core/apps/declarations.js';
import type { AppService } from '../../core/apps/service.js';
import type { App } from '../../core/apps/types.js';
import { credentialOf, dialectSettingOf } from '../../core/apps/types.js';
import { fail } from '../../core/errors.js';
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

const MAX_WINDOW_SEC = 86_400;

function timestampWindow(value: unknown): number | null {
  if (value === null) return null;
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < 1 ||
    value > MAX_WINDOW_SEC
  ) {
    return fail(
      'invalid_argument',
      `msdk_timestamp_window_sec: an integer from 1 to ${MAX_WINDOW_SEC}, or null`,
    );
  }
  return value;
}

function timestampWindowFlag(text: string): number | null {
  if (text === 'off') return null;
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`not a positive integer: ${text}`);
  return timestampWindow(n);
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
    {
      name: 'msdk_timestamp_window_sec',
      label: 'msdk timestamp',
      defaultValue: null,
      parse: timestampWindow,
      flag: {
        spec: '--msdk-timestamp-window <seconds|off>',
        description: 'how far an MSDK timestamp may be from now; off: not checked',
        parse: timestampWindowFlag,
      },
      show: (value) => (value === null ? 'not checked' : `within ${value as number} s`),
    },
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
