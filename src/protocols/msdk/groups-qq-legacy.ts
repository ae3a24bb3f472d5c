import { z } from 'zod';
import type { App } from '../../core/apps/types.js';
import type { BoundGroupView } from '../../core/groups/service.js';
import type { GroupRef } from '../../core/groups/types.js';
import type { MsdkServices } from './services.js';
import type { MsdkEndpoint, PlatCodeCause } from './endpoint.js';
import { msdkEndpoint } from './endpoint.js';
import { GROUP_ERRORS, groupNumber, guildId, guildKeyOf, zoneId } from './group-params.js';
import { str } from './params.js';

/** What every success carries: nothing lost (the answer may be cached), no platform error. */
const SUCCESS = { is_lost: '0', platCode: '0' } as const;

/** Shared by the four endpoints of 001 (2.3.4 to 2.3.7): QQ players, by token. */
const LEGACY = {
  platforms: ['qq'],
  player: 'token',
  messageField: 'msg',
  errors: GROUP_ERRORS,
} as const;

const groupOpenid = str(64);

/**
 * opt 0 (or none): the guild (unionid, zoneid) names the group; opt 1: its number (groupCode).
 * The other option's fields are ignored, as the examples send all of them.
 */
const lookupParams = z.discriminatedUnion('opt', [
  z.object({ opt: z.literal(['1', 1]), groupCode: groupNumber }),
  z.object({
    opt: z.literal(['0', 0, '']).optional(),
    unionid: guildId,
    zoneid: z.literal('').or(zoneId).optional(),
  }),
]);

function refOf(app: App, lookup: z.infer<typeof lookupParams>): GroupRef {
  return 'groupCode' in lookup
    ? { appId: app.id, gid: lookup.groupCode }
    : { guild: guildKeyOf(app, lookup.unionid, lookup.zoneid ?? '') };
}

/** get_group_detail's platCodes, which get_groupinfo (001 lists none for it) shares. */
const DETAIL_PLAT_CODES: Partial<Record<PlatCodeCause, string>> = {
  parameters: '2001',
  'group.not_found': '2002',
  'group.not_bound': '2002',
  'group.not_member': '2003',
  'group.other_app': '2006',
  'group.dissolved': '2007',
  server: '2100',
};

/** The live group `ref` names, bound to a guild; `viewerId` must be one of its members. */
function boundGroup(services: MsdkServices, ref: GroupRef, viewerId?: number) {
  return services.groups.view(ref, { bound: true, live: true, viewerId });
}

/** get_groupinfo's fields: numbers as strings, the owner and admins by QQ openid. */
async function infoFields(
  services: MsdkServices,
  app: App,
  { guild, group, memberCount, adminIds }: BoundGroupView,
) {
  const players = await services.tencent.idsFor(app.id, [group.ownerId, ...adminIds]);
  const openids = new Map(players.map((p) => [p.accountId, p.qqOpenid]));
  const openidOf = (accountId: number) => openids.get(accountId) ?? '';
  return {
    groupName: group.name,
    fingerMemo: group.sign,
    memberNum: String(memberCount),
    maxNum: String(group.maxMembers),
    ownerOpenid: openidOf(group.ownerId),
    unionid: guild.unionId,
    zoneid: guild.zone,
    adminOpenids: adminIds.map(openidOf).join(','),
  };
}

/** 001's QQ guild-group endpoints, answered by the same core as the v2 ones. */
export const legacyGroupEndpoints: MsdkEndpoint[] = [
  msdkEndpoint({
    ...LEGACY,
    path: 'relation/get_groupopenid',
    params: lookupParams,
    platCodes: {
      parameters: '2001',
      'group.not_found': '2002',
      'group.dissolved': '2002',
      'group.not_member': '2003',
      'group.not_bound': '2004',
      'group.other_app': '2004',
      server: '2010',
    },
    async handle({ services, app, player, params }) {
      const { group } = await boundGroup(services, refOf(app, params), player.accountId);
      return { groupOpenid: group.publicId, ...SUCCESS };
    },
  }),
  msdkEndpoint({
    ...LEGACY,
    path: 'relation/get_groupinfo',
    params: z.object({ groupOpenid }),
    platCodes: DETAIL_PLAT_CODES,
    async handle({ services, app, params }) {
      const bound = await boundGroup(services, { appId: app.id, publicId: params.groupOpenid });
      return { ...(await infoFields(services, app, bound)), ...SUCCESS };
    },
  }),
  msdkEndpoint({
    ...LEGACY,
    path: 'relation/unbind_group',
    params: z.object({ groupOpenid, unionid: guildId }),
    platCodes: {
      'group.not_found': '2001',
      'group.not_bound': '2001',
      'group.other_app': '2002',
      'group.other_guild': '2002',
      'auth.bad_token': '2003',
      'auth.token_expired': '2003',
      'limit.exceeded': '2004',
      parameters: '2006',
      server: '2007',
    },
    async handle({ services, app, player, params }) {
      const ref = { appId: app.id, publicId: params.groupOpenid };
      await services.guildBindings.unbind(ref, player.accountId, { unionId: params.unionid });
      return { ...SUCCESS };
    },
  }),
  msdkEndpoint({
    ...LEGACY,
    path: 'relation/get_group_detail',
    params: lookupParams,
    platCodes: DETAIL_PLAT_CODES,
    async handle({ services, app, player, params }) {
      const bound = await boundGroup(services, refOf(app, params), player.accountId);
      return {
        ...(await infoFields(services, app, bound)),
        groupOpenid: bound.group.publicId,
        joinGroupKey: bound.group.joinKey,
        ...SUCCESS,
      };
    },
  }),
];
