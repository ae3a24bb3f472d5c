import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { App } from '../../core/apps/types.js';
import type { LoginResult } from '../../core/players/service.js';
import type { PfSource, TencentLogin } from '../../core/players/tencent.js';
import { composePf, pfKeyOf } from '../../core/players/tencent.js';
import { TENCENT_PLATFORMS } from '../../core/players/types.js';
import { areaIdOfCode } from '../../core/players/service.js';
import type { Guildhall } from '../../guildhall.js';
import { clientSession, parse } from './validation.js';
import { profileView } from './views.js';
import { msdkCredentials } from '../msdk/app-config.js';

/** What an MSDK client adds: the Tencent platform, and where its pf says it came from. */
const tencentLogin = {
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
};

const loginBody = z.discriminatedUnion('method', [
  z.object({
    app_id: z.string().min(1),
    method: z.literal('guest'),
    device_id: z.string().min(1).max(128),
    ...tencentLogin,
  }),
  z.object({
    app_id: z.string().min(1),
    method: z.literal('password'),
    email: z.string().min(1),
    password: z.string().min(1),
    ...tencentLogin,
  }),
]);

const wxRefreshBody = z.object({
  app_id: z.string().min(1),
  refresh_token: z.string().min(1).max(256),
});

const registerBody = z.object({
  app_id: z.string().min(1),
  email: z.string().min(3).max(254),
  password: z.string(),
});

const profileBody = z
  .object({
    name: z.string().max(64),
    sex: z.enum(['M', 'F']),
    birthday: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .nullable(),
    photos: z.array(z.string().min(1).max(64)).max(16),
    sign: z.string().max(512),
    city_code: z
      .string()
      .regex(/^(0|\d{6})$/)
      .nullable(),
    lat: z.number().min(-90).max(90),
    lng: z.number().min(-180).max(180),
  })
  .partial()
  .strict()
  .refine((b) => (b.lat === undefined) === (b.lng === undefined), {
    message: 'lat and lng go together',
    path: ['lat'],
  });

function loginResponse(result: LoginResult) {
  return {
    player_id: result.account.publicId,
    session_token: result.sessionToken,
    momo: {
      userid: result.player.momoUserid,
      vtoken: result.momo.vtoken,
      token: result.momo.token,
    },
  };
}

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

/** The client-facing API a game client (the platform SDK) calls. */
export function registerClientApi(app: FastifyInstance, services: Guildhall): void {
  const session = (request: FastifyRequest) => clientSession(services, request);
  const playerParam = (request: FastifyRequest) =>
    parse(z.object({ player_id: z.string().min(1).max(64) }), request.params).player_id;

  app.post('/v1/client/login', async (request) => {
    const body = parse(loginBody, request.body);
    const result =
      body.method === 'guest'
        ? await services.players.loginGuest(body.app_id, body.device_id)
        : await services.players.loginPassword(body.app_id, body.email, body.password);
    if (!body.platform) return loginResponse(result);
    const tencent = await services.tencent.login(body.app_id, result.account.id, body.platform);
    const pfSource: PfSource = {
      platform: `desktop_m_${body.platform}`,
      regChannel: body.reg_channel,
      os: body.os,
      installChannel: body.install_channel,
    };
    const appRecord = await services.apps.get(body.app_id);
    return { ...loginResponse(result), msdk: msdkBlock(appRecord, tencent, pfSource) };
  });

  app.post('/v1/client/msdk/refresh', async (request) => {
    const body = parse(wxRefreshBody, request.body);
    const login = await services.tencent.refreshWx(body.app_id, body.refresh_token);
    return { msdk: msdkBlock(await services.apps.get(body.app_id), login) };
  });

  app.post('/v1/client/register', async (request, reply) => {
    const body = parse(registerBody, request.body);
    reply.code(201);
    return loginResponse(await services.players.register(body.app_id, body.email, body.password));
  });

  app.get('/v1/client/profile', async (request) => profileView((await session(request)).account));

  app.put('/v1/client/profile', async (request) => {
    const { account } = await session(request);
    const body = parse(profileBody, request.body);
    const updated = await services.players.updateProfile(account.id, {
      name: body.name,
      sex: body.sex,
      birthday: body.birthday,
      photos: body.photos,
      sign: body.sign,
      areaId:
        body.city_code === undefined
          ? undefined
          : body.city_code === null
            ? null
            : areaIdOfCode(body.city_code),
      location:
        body.lat !== undefined && body.lng !== undefined
          ? { lat: body.lat, lng: body.lng }
          : undefined,
    });
    return profileView(updated);
  });

  app.get('/v1/client/friends', async (request) => {
    const { account } = await session(request);
    const list = await services.friends.list(account.id);
    const accounts = await services.directory.accounts([
      ...list.friends,
      ...list.outgoing,
      ...list.incoming,
    ]);
    const publicIds = new Map(accounts.map((a) => [a.id, a.publicId]));
    const names = new Map(accounts.map((a) => [a.id, a.name]));
    const view = (ids: number[]) =>
      ids.map((id) => ({ player_id: publicIds.get(id) ?? '', name: names.get(id) ?? '' }));
    return {
      friends: view(list.friends),
      outgoing: view(list.outgoing),
      incoming: view(list.incoming),
    };
  });

  app.post('/v1/client/friends/:player_id', async (request) => {
    const { account } = await session(request);
    const other = await services.directory.accountByPublicId(playerParam(request));
    const friends = await services.friends.request(account.id, other.id);
    return { player_id: other.publicId, status: friends ? 'friends' : 'requested' };
  });

  app.delete('/v1/client/friends/:player_id', async (request, reply) => {
    const { account } = await session(request);
    const other = await services.directory.accountByPublicId(playerParam(request));
    await services.friends.remove(account.id, other.id);
    return reply.code(204).send();
  });
}
