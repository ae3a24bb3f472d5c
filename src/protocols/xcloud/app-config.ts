import type { AppConfigDeclaration } from '../../core/apps/declarations.js';
import type { App } from '../../core/apps/types.js';
import { credentialOf, dialectSettingOf } from '../../core/apps/types.js';
import { randomHex, randomId } from '../../core/runtime.js';
import { timeWindowSetting, urlSetting } from '../setting-fields.js';

export const XCLOUD = 'xcloud';

/** How an app is known to xcloud callers. */
export interface XcloudCredentials {
  /** The document's game id (`gameid` / `gid`): an integer. */
  gid: string;
  /** The document's `app_id` (named by payment calls). */
  appId: string;
  /** The merchant key (商户密钥) that signs every call. */
  key: string;
}

/** xcloud: a game id and app id callers name, and the key that signs their calls. */
export const xcloudAppConfig: AppConfigDeclaration = {
  dialect: XCLOUD,
  credentials: [
    {
      name: 'gid',
      generate: (random) => String(random.int(100_000, 2_000_000_000)),
      lookup: true,
    },
    { name: 'app_id', generate: (random) => `xc${randomId(random, 10)}`, lookup: true },
    { name: 'key', generate: (random) => randomHex(random, 16), secret: true },
  ],
  settings: [
    timeWindowSetting({
      name: 'xcloud_time_window_sec',
      label: 'xcloud time',
      flag: '--xcloud-time-window',
      description: "how far an xcloud call's `time` may be from now; off: not checked",
      defaultValue: 600,
    }),
    urlSetting({
      name: 'xcloud_landing_callback_url',
      label: 'xcloud landing callback',
      flag: '--xcloud-landing-callback-url',
      description: 'where the H5 login page sends the player after login (status and uid added)',
    }),
    urlSetting({
      name: 'xcloud_reward_url',
      label: 'xcloud reward',
      flag: '--xcloud-reward-url',
      description: "the game server's reward URL (发奖接口): paid xcloud orders are POSTed there",
    }),
    urlSetting({
      name: 'xcloud_refund_url',
      label: 'xcloud refund',
      flag: '--xcloud-refund-url',
      description:
        'where refunded xcloud orders are POSTed (signed like the reward); none: nowhere',
    }),
  ],
};

export function xcloudCredentials(app: App): XcloudCredentials {
  return {
    gid: credentialOf(app, XCLOUD, 'gid'),
    appId: credentialOf(app, XCLOUD, 'app_id'),
    key: credentialOf(app, XCLOUD, 'key'),
  };
}

export interface XcloudSettings {
  /** How far (seconds) a call's `time` may be from now; null: not checked. */
  timeWindowSec: number | null;
  /** Where the H5 login page sends the player after login; null: nowhere (the bridge only). */
  landingCallbackUrl: string | null;
  /** Where paid orders' rewards are POSTed; null: nowhere (their delivery attempts fail). */
  rewardUrl: string | null;
  /** Where refunded orders' notices are POSTed; null: nowhere (no notice is sent). */
  refundUrl: string | null;
}

export function xcloudSettings(app: App): XcloudSettings {
  return {
    timeWindowSec: dialectSettingOf(app, XCLOUD, 'xcloud_time_window_sec') as number | null,
    landingCallbackUrl: dialectSettingOf(app, XCLOUD, 'xcloud_landing_callback_url') as
      string | null,
    rewardUrl: dialectSettingOf(app, XCLOUD, 'xcloud_reward_url') as string | null,
    refundUrl: dialectSettingOf(app, XCLOUD, 'xcloud_refund_url') as string | null,
  };
}
