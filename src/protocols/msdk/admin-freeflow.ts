import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Carrier, FreeflowPlan, FreeflowSettings } from '../../core/sharing/types.js';
import { CARRIERS } from '../../core/sharing/types.js';
import type { Services } from '../../services.js';
import { appParams } from '../native/admin.js';
import type { NativeEndpoint } from '../native/endpoint.js';
import { parse } from '../http/parse.js';
import { CC_TYPES } from './freeflow.js';

const playerParams = appParams.extend({ player_id: z.string().min(1) });

/** Domains or IPs: a JSON array, or one comma-separated string. */
const hostList = z.union([
  z.array(z.string().trim()),
  z
    .string()
    .max(200_000)
    .transform((list) => list.split(',').map((host) => host.trim())),
]);

const settingsBody = z
  .object({
    lt_list: hostList,
    dx_list: hostList,
    yd_list: hostList,
    expire: z.number().int(),
  })
  .partial()
  .strict();

const planBody = z
  .object({ is_free: z.boolean(), cc_type: z.number().int().min(0).max(2) })
  .partial()
  .strict();

/** The admin API's list field of each carrier (MSDK's ltList, dxList, ydList). */
const LIST_FIELDS = { unicom: 'lt_list', telecom: 'dx_list', mobile: 'yd_list' } as const;

const carrierOf = (ccType: number): Carrier =>
  CARRIERS.find((carrier) => CC_TYPES[carrier] === ccType) ?? 'unicom';

function settingsView(settings: FreeflowSettings) {
  return {
    lt_list: settings.hosts.unicom,
    dx_list: settings.hosts.telecom,
    yd_list: settings.hosts.mobile,
    expire: settings.expireSec,
  };
}

function planView(plan: FreeflowPlan) {
  return { is_free: plan.isFree, cc_type: CC_TYPES[plan.carrier] };
}

/** The app the path names. */
const appOf = (services: Services, request: FastifyRequest) =>
  services.apps.get(parse(appParams, request.params).app_id);
/** The app and one of its players who may hold a plan. */
const playerOf = async (services: Services, request: FastifyRequest) => {
  const params = parse(playerParams, request.params);
  const [app, account] = await Promise.all([
    services.apps.get(params.app_id),
    services.directory.accountByPublicId(params.player_id),
  ]);
  await services.freeflow.checkHolder(app.id, account.id);
  return { appId: app.id, accountId: account.id };
};

/** Operators set an app's free-flow hosts per carrier and which players hold a plan. */
export const adminFreeflowEndpoints: NativeEndpoint[] = [
  {
    method: 'GET',
    url: '/v1/admin/apps/:app_id/freeflow',
    access: 'admin',
    async handle({ services, request }) {
      const app = await appOf(services, request);
      return settingsView(await services.freeflow.settings(app.id));
    },
  },
  {
    method: 'PUT',
    url: '/v1/admin/apps/:app_id/freeflow',
    access: 'admin',
    body: settingsBody,
    async handle({ services, request }) {
      const app = await appOf(services, request);
      const body = parse(settingsBody, request.body);
      const hosts: Partial<Record<Carrier, string[]>> = {};
      for (const carrier of CARRIERS) {
        const list = body[LIST_FIELDS[carrier]];
        if (list) hosts[carrier] = list.filter((host) => host !== '');
      }
      return settingsView(
        await services.freeflow.configure(app.id, { hosts, expireSec: body.expire }),
      );
    },
  },
  {
    method: 'GET',
    url: '/v1/admin/apps/:app_id/players/:player_id/freeflow',
    access: 'admin',
    async handle({ services, request }) {
      const player = await playerOf(services, request);
      return planView(await services.freeflow.plan(player.appId, player.accountId));
    },
  },
  {
    method: 'PUT',
    url: '/v1/admin/apps/:app_id/players/:player_id/freeflow',
    access: 'admin',
    body: planBody,
    async handle({ services, request }) {
      const player = await playerOf(services, request);
      const body = parse(planBody, request.body);
      const plan = await services.freeflow.setPlan(player.appId, player.accountId, {
        ...(body.is_free !== undefined && { isFree: body.is_free }),
        ...(body.cc_type !== undefined && { carrier: carrierOf(body.cc_type) }),
      });
      return planView(plan);
    },
  },
];
