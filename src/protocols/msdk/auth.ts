import { z } from 'zod';
import { TENCENT_TOKEN, composePf, pfKeyOf } from './identity/types.js';
import { msdkEndpoint } from './endpoint.js';
import { openid, str } from './params.js';
import { msdkCredentials } from './app-config.js';

/** One part of a pf: the parts are joined with '-', so they may not hold one. */
const pfPart = str(64).pipe(z.string().regex(/^[\w.]+$/, 'letters, digits, _ and . only'));

/** Login verification (auth/..., also reached as wxoauth/...). */
export const authEndpoints = [
  msdkEndpoint({
    path: 'auth/verify_login',
    platforms: ['qq'],
    player: 'none',
    params: z.object({ openid, openkey: str(128), userip: str(64).optional() }),
    okMessage: 'user is logged in',
    async handle({ services, app, params }) {
      await services.tencent.verifyOpenkey(app.id, params.openid, params.openkey);
      return {};
    },
  }),
  msdkEndpoint({
    path: 'auth/check_token',
    platforms: ['wx'],
    player: 'token',
    params: z.object({ openid, accessToken: str(256) }),
    okMessage: 'ok',
    handle: () => Promise.resolve({}),
  }),
  msdkEndpoint({
    path: 'auth/guest_check_token',
    platforms: ['guest'],
    player: 'token',
    params: z.object({ guestid: openid, accessToken: str(256) }),
    okMessage: 'ok',
    handle: () => Promise.resolve({}),
  }),
  msdkEndpoint({
    path: 'auth/get_pfval',
    platforms: ['qq', 'wx', 'guest'],
    player: 'token',
    // QQ pays with pay_token (the document's rule); an openkey is taken too.
    tokens: { qq: [TENCENT_TOKEN.qqPayToken, TENCENT_TOKEN.qqOpenkey] },
    params: z.object({
      openid,
      accessToken: str(256),
      platform: pfPart,
      regChannel: pfPart,
      os: z.enum(['android', 'iap']),
      installchannel: pfPart,
      offerid: str(64),
    }),
    okMessage: 'ok',
    async handle({ app, appPlatform, query, params }) {
      const pf = composePf(
        {
          platform: params.platform,
          regChannel: params.regChannel,
          os: params.os,
          installChannel: params.installchannel,
        },
        appPlatform,
        query.appid,
        params.openid,
      );
      const pfKey = pfKeyOf(msdkCredentials(app).appkey, pf);
      // The document's table names it pfkey and its example pfKey: both are sent.
      return { pf, pfkey: pfKey, pfKey };
    },
  }),
];
