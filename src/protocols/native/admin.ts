import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { App } from '../../core/apps/types.js';
import { BOARD_OPERATORS, guestAppid } from '../../core/apps/types.js';
import { fail } from '../../core/errors.js';
import { secretsEqual } from '../../core/apps/service.js';
import { tokenHash } from '../../core/runtime.js';
import type { Account } from '../../core/players/types.js';
import type { Services } from '../../services.js';
import type { NativeEndpoint } from './endpoint.js';
import { bearerToken, parse } from './validation.js';
import { MOMO_USERID, profileView } from './views.js';

export const appParams = z.object({ app_id: z.string().min(1) });
const playerParams = z.object({ player_id: z.string().min(1) });
const boardParams = appParams.extend({ board: z.string().min(1).max(64) });

const appSettingsBody = z
  .object({
    name: z.string().min(1).max(128),
    nearby_radius_m: z.number().int().min(100).max(1_000_000),
    emotion: z.object({ id: z.string().min(1).max(64), name: z.string().max(64) }).nullable(),
    sandbox: z.boolean(),
    momo_notify_url: z.string().min(1).max(2048).nullable(),
    momo_notify_sign_type: z.enum(['RSA', 'RSA2']),
    bill_export: z.boolean(),
    timezone: z.string().min(1).max(64),
    apns_environment: z.enum(['production', 'sandbox']),
    msdk_timestamp_window_sec: z.number().int().min(1).max(86_400).nullable(),
  })
  .partial()
  .strict();

const attributesBody = z
  .object({
    vip: z.number().int().min(0).max(100),
    regstate: z.number().int().min(1).max(3),
    is_spam: z.boolean(),
  })
  .partial()
  .strict();

export const pageQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export function adminApp(app: App) {
  return {
    id: app.id,
    name: app.name,
    momo: { appid: app.momo.appid, app_secret: app.momo.appSecret },
    msdk: {
      qq_appid: app.msdk.qqAppid,
      wx_appid: app.msdk.wxAppid,
      guest_appid: guestAppid(app.msdk),
      appkey: app.msdk.appkey,
      msdkkey: app.msdk.msdkkey,
    },
    settings: {
      nearby_radius_m: app.settings.nearbyRadiusM,
      emotion: app.settings.emotion,
      sandbox: app.settings.sandbox,
      momo_notify_url: app.settings.momoNotifyUrl,
      momo_notify_sign_type: app.settings.momoNotifySignType,
      bill_export: app.settings.billExport,
      timezone: app.settings.timezone,
      apns_environment: app.settings.apnsEnvironment,
      msdk_timestamp_window_sec: app.settings.msdkTimestampWindowSec,
    },
    created_at: app.createdAt,
  };
}

function adminPlayer(account: Account) {
  return {
    ...profileView(account),
    kind: account.kind,
    vip: account.vip,
    regstate: account.regstate,
    is_spam: account.isSpam,
    created_at: account.createdAt,
  };
}

/** The onRequest hook of every admin route: 401 auth.bad_token without the admin token. */
export function adminAuth(adminTokenHash: string) {
  return async (request: FastifyRequest): Promise<void> => {
    const token = bearerToken(request.headers.authorization);
    if (!token || !secretsEqual(tokenHash(token), adminTokenHash))
      fail('auth.bad_token', 'admin token required');
  };
}

/** The app the path names. */
const appOf = (services: Services, request: FastifyRequest) =>
  services.apps.get(parse(appParams, request.params).app_id);
/** The player the path names. */
const playerOf = (services: Services, request: FastifyRequest) =>
  services.directory.accountByPublicId(parse(playerParams, request.params).player_id);

/** The operator's API: read and adjust apps, players and leaderboards. Bearer admin token. */
export const adminEndpoints: NativeEndpoint[] = [
  {
    method: 'GET',
    url: '/v1/admin/apps',
    access: 'admin',
    async handle({ services }) {
      return { apps: (await services.apps.list()).map(adminApp) };
    },
  },
  {
    method: 'GET',
    url: '/v1/admin/apps/:app_id',
    access: 'admin',
    async handle({ services, request }) {
      return adminApp(await appOf(services, request));
    },
  },
  {
    method: 'PATCH',
    url: '/v1/admin/apps/:app_id',
    access: 'admin',
    async handle({ services, request }) {
      const appRecord = await appOf(services, request);
      const body = parse(appSettingsBody, request.body);
      const updated = await services.apps.update(appRecord.id, {
        name: body.name,
        settings: {
          ...(body.nearby_radius_m !== undefined && { nearbyRadiusM: body.nearby_radius_m }),
          ...(body.emotion !== undefined && { emotion: body.emotion }),
          ...(body.sandbox !== undefined && { sandbox: body.sandbox }),
          ...(body.momo_notify_url !== undefined && { momoNotifyUrl: body.momo_notify_url }),
          ...(body.momo_notify_sign_type !== undefined && {
            momoNotifySignType: body.momo_notify_sign_type,
          }),
          ...(body.bill_export !== undefined && { billExport: body.bill_export }),
          ...(body.timezone !== undefined && { timezone: body.timezone }),
          ...(body.apns_environment !== undefined && { apnsEnvironment: body.apns_environment }),
          ...(body.msdk_timestamp_window_sec !== undefined && {
            msdkTimestampWindowSec: body.msdk_timestamp_window_sec,
          }),
        },
      });
      return adminApp(updated);
    },
  },

  {
    method: 'GET',
    url: '/v1/admin/apps/:app_id/boards/:board',
    access: 'admin',
    async handle({ services, request }) {
      const { app_id, board } = parse(boardParams, request.params);
      const { after, limit } = parse(pageQuery, request.query);
      await services.apps.get(app_id);
      const operator = (await services.leaderboards.operators(app_id)).get(board) ?? 'set';
      const page = await services.leaderboards.range(app_id, board, after, limit);
      const accounts = new Map(
        (await services.directory.accounts(page.entries.map((e) => e.memberId))).map((a) => [
          a.id,
          a,
        ]),
      );
      return {
        board,
        operator,
        total: page.total,
        entries: page.entries.map((e) => ({
          rank: e.rank,
          score: e.score,
          player_id: accounts.get(e.memberId)?.publicId ?? null,
        })),
      };
    },
  },
  {
    method: 'PUT',
    url: '/v1/admin/apps/:app_id/boards/:board',
    access: 'admin',
    async handle({ services, request }) {
      const { app_id, board } = parse(boardParams, request.params);
      const { operator } = parse(z.object({ operator: z.enum(BOARD_OPERATORS) }), request.body);
      await services.apps.get(app_id);
      await services.leaderboards.setOperator(app_id, board, operator);
      return { board, operator };
    },
  },

  {
    method: 'GET',
    url: '/v1/admin/apps/:app_id/players/:player_id/cards',
    access: 'admin',
    async handle({ services, request }) {
      const [appRecord, account] = await Promise.all([
        appOf(services, request),
        playerOf(services, request),
      ]);
      const cards = await services.cards.list(appRecord.id, account.id);
      return {
        cards: cards.map((c) => ({ serverid: c.serverId, card: c.card, updated_at: c.updatedAt })),
      };
    },
  },

  {
    method: 'GET',
    url: '/v1/admin/players',
    access: 'admin',
    async handle({ services, request }) {
      const { after, limit } = parse(pageQuery, request.query);
      const accounts = await services.directory.listAccounts(after, limit);
      const last = accounts[accounts.length - 1];
      return {
        players: accounts.map(adminPlayer),
        next_after: accounts.length === limit && last ? last.id : null,
      };
    },
  },
  {
    method: 'GET',
    url: '/v1/admin/players/:player_id',
    access: 'admin',
    async handle({ services, request }) {
      const account = await playerOf(services, request);
      const [apps, ids, gifts] = await Promise.all([
        services.directory.appsOf(account.id),
        services.publicIds.everywhere(account.id),
        services.gifts.ofAccount(account.id),
      ]);
      const userids = new Map(
        ids.filter((id) => id.namespace === MOMO_USERID).map((id) => [id.appId, id.id]),
      );
      return {
        ...adminPlayer(account),
        apps: apps.map((a) => ({ app_id: a.appId, momo_userid: userids.get(a.appId) ?? null })),
        gifts: gifts.map((g) => ({
          app_id: g.appId,
          kind: g.kind,
          item: g.item,
          created_at: g.createdAt,
        })),
      };
    },
  },
  {
    method: 'PATCH',
    url: '/v1/admin/players/:player_id',
    access: 'admin',
    async handle({ services, request }) {
      const account = await playerOf(services, request);
      const body = parse(attributesBody, request.body);
      return adminPlayer(
        await services.players.setAttributes(account.id, {
          vip: body.vip,
          regstate: body.regstate,
          isSpam: body.is_spam,
        }),
      );
    },
  },
];
