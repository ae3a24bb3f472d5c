import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { App } from '../../core/apps/types.js';
import { parse } from '../http/parse.js';
import { msdkCredentials } from './app-config.js';
import type { DialectLogin } from '../plugin.js';
import type { TencentIdentity, TencentLogin } from './identity/tencent-identity.js';
import type { PfSource } from './identity/types.js';
import { TENCENT_PLATFORMS, composePf, pfKeyOf } from './identity/types.js';
import type { MsdkServices } from './services.js';

/** What an MSDK client adds to a native login: the Tencent platform, and where its pf says it came from. */
const loginFields = z.object({
  platform: z.enum(TENCENT_PLATFORMS).optional(),
  os: z.enum(['android', 'iap']).default('android'),
  reg_channel: z
    .string()
    .regex(/^[\w.]{1,64}$/)
    .default('00000000'),
  install_channel: z
    .string()
    .regex(/^[\w.]{1,64}$/)
    .default('00000000'),
});

export const wxRefreshBody = z.object({
  app_id: z.string().min(1),
  refresh_token: z.string().min(1).max(256),
});

/** The `msdk` block of a login: what Tencent's SDK would hand the game client. */
function msdkBlock(app: App, login: TencentLogin, pfSource?: PfSource) {
  const { tokens, openid } = login;
  if (login.platform === 'qq') {
    const source = pfSource ?? {
      platform: 'desktop_m_qq',
      regChannel: '00000000',
      os: 'android',
      installChannel: '00000000',
    };
    const pf = composePf(source, 'qq', msdkCredentials(app).qqAppid, openid);
    return {
      openid,
      openkey: tokens.access,
      pay_token: tokens.payToken,
      pf,
      pfkey: pfKeyOf(msdkCredentials(app).appkey, pf),
    };
  }
  if (login.platform === 'wx') {
    return { openid, access_token: tokens.access, refresh_token: tokens.refresh };
  }
  return { guestid: openid, accessToken: tokens.access };
}

/** A native login names a Tencent platform: the player gets its ids and tokens there. */
export function msdkLogin(tencent: TencentIdentity): DialectLogin {
  return {
    parse: (body) => parse(loginFields, body),
    async answer({ app, accountId }, parsed) {
      const fields = parsed as z.infer<typeof loginFields>;
      if (!fields.platform) return undefined;
      const login = await tencent.login(app.id, accountId, fields.platform);
      return msdkBlock(app, login, {
        platform: `desktop_m_${fields.platform}`,
        regChannel: fields.reg_channel,
        os: fields.os,
        installChannel: fields.install_channel,
      });
    },
  };
}

export const WX_REFRESH_URL = '/v1/client/msdk/refresh';

/** The client's WeChat token refresh (what Tencent's SDK does with a refresh_token). */
export function registerWxRefresh(http: FastifyInstance, services: MsdkServices): void {
  http.post(WX_REFRESH_URL, async (request) => {
    const body = parse(wxRefreshBody, request.body);
    const login = await services.tencent.refreshWx(body.app_id, body.refresh_token);
    return { msdk: msdkBlock(await services.apps.get(body.app_id), login) };
  });
}
