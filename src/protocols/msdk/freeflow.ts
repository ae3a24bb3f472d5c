import { z } from 'zod';
import type { Carrier } from '../../core/sharing/types.js';
import type { MsdkEndpoint } from './endpoint.js';
import { msdkEndpoint } from './endpoint.js';

/** MSDK's ccType of each carrier. */
export const CC_TYPES: Record<Carrier, number> = { unicom: 0, telecom: 1, mobile: 2 };

const known = (value: string) => value || 'unknown';

export const freeflowEndpoints: MsdkEndpoint[] = [
  msdkEndpoint({
    path: 'freeflow/getinfo',
    platforms: ['qq', 'wx'],
    player: 'openid',
    params: z.object({}),
    async handle({ services, app, player }) {
      const info = await services.freeflow.info(app.id, player.accountId);
      return {
        freeFlowInfo: {
          ipList: info.allHosts.join(','),
          isFree: info.isFree ? 1 : 0,
          ccType: CC_TYPES[info.carrier],
          ltList: info.hosts.unicom.join(','),
          dxList: info.hosts.telecom.join(','),
          ydList: info.hosts.mobile.join(','),
          expire: info.expireSec,
        },
      };
    },
  }),
  msdkEndpoint({
    path: 'freeflow/get_ccinfo',
    platforms: ['qq', 'wx'],
    player: 'openid',
    params: z.object({ ip: z.string().trim().max(64).optional() }),
    async handle({ services, params, clientIp }) {
      const place = await services.freeflow.locate(params.ip || clientIp);
      return {
        data: {
          apn: 'unknown',
          city: known(place.city),
          country: known(place.country),
          district: known(place.district),
          extend: known(place.extend),
          nettype: 'unknown',
          oper: known(place.isp),
          province: known(place.province),
        },
      };
    },
  }),
];
