import type { AppConfigDeclaration } from '../../core/apps/declarations.js';
import type { AppService } from '../../core/apps/service.js';
import type { App } from '../../core/apps/types.js';
import { credentialOf, dialectSettingOf } from '../../core/apps/types.js';
import { fail } from '../../core/errors.js';
import { randomHex, randomId } from '../../core/runtime.js';
import { urlSetting } from '../setting-fields.js';

export const MOMO = 'momo';

export type NotifySignType = 'RSA' | 'RSA2';
export const NOTIFY_SIGN_TYPES: readonly NotifySignType[] = ['RSA', 'RSA2'];
/** How each `encrypt_type` of Momo pay notifications signs with the app's key pair. */
export const NOTIFY_SIGNATURE_ALGORITHMS = { RSA: 'SHA1withRSA', RSA2: 'SHA256withRSA' } as const;

function notifySignType(value: unknown): NotifySignType {
  if (!NOTIFY_SIGN_TYPES.includes(value as NotifySignType)) {
    fail('invalid_argument', `momo_notify_sign_type: one of ${NOTIFY_SIGN_TYPES.join(', ')}`);
  }
  return value as NotifySignType;
}

/** Momo: an appid game servers name (`mm_gh_...`) and the app_secret they prove it with. */
export const momoAppConfig: AppConfigDeclaration = {
  dialect: MOMO,
  credentials: [
    { name: 'appid', generate: (random) => `mm_gh_${randomId(random, 8)}`, lookup: true },
    { name: 'app_secret', generate: (random) => randomHex(random, 16), secret: true },
  ],
  settings: [
    urlSetting({
      name: 'momo_notify_url',
      label: 'momo notify url',
      flag: '--momo-notify-url',
      description: 'where Momo pay notifications go; none: nowhere',
    }),
    {
      name: 'momo_notify_sign_type',
      label: 'notify sign type',
      defaultValue: 'RSA',
      parse: notifySignType,
      flag: {
        spec: '--momo-notify-sign-type <type>',
        description: `encrypt_type of pay notifications (${NOTIFY_SIGN_TYPES.join(', ')})`,
        parse: notifySignType,
      },
      show: (value) =>
        `${value as NotifySignType} (${NOTIFY_SIGNATURE_ALGORITHMS[value as NotifySignType]})`,
    },
  ],
};

export function momoCredentials(app: App): { appid: string; appSecret: string } {
  return {
    appid: credentialOf(app, MOMO, 'appid'),
    appSecret: credentialOf(app, MOMO, 'app_secret'),
  };
}

export function momoSettings(app: App): {
  /** Where pay notifications are POSTed; null: not configured (they wait and retry). */
  notifyUrl: string | null;
  /** `encrypt_type` of pay notifications: RSA (SHA-1) or RSA2 (SHA-256). */
  notifySignType: NotifySignType;
} {
  return {
    notifyUrl: dialectSettingOf(app, MOMO, 'momo_notify_url') as string | null,
    notifySignType: dialectSettingOf(app, MOMO, 'momo_notify_sign_type') as NotifySignType,
  };
}

/** The app a Momo game server calls as, after checking its secret. */
export async function authenticateMomo(
  apps: AppService,
  appid: string,
  appSecret: string,
): Promise<App> {
  const app = await apps.findByCredential(MOMO, 'appid', appid);
  if (!app) return fail('app.not_found', 'unknown appid');
  apps.checkSecret(app, MOMO, 'app_secret', appSecret);
  return app;
}
