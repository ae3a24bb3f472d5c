import { z } from 'zod';
import type { App } from '../../core/apps/types.js';
import type { GuildKey, GuildKind } from '../../core/groups/types.js';
import type { MsdkEndpoint } from './endpoint.js';
import { msdkEndpoint } from './endpoint.js';
import {
  GROUP_ERRORS,
  cardOf,
  cardParams,
  groupNumber,
  guildId,
  guildKeyOf,
  guildType,
  relationOf,
  testEnvParams,
  zoneId,
} from './group-params.js';
import { httpUrl, openid, str, textOrNumber, utf8 } from './params.js';

/** The guild a call names: its id and zone, and `type` for a team or an event. */
const guildParams = { guild_id: guildId, zone_id: zoneId, type: guildType.optional() };

function keyOf(
  app: App,
  params: { guild_id: string; zone_id: string; type?: GuildKind },
): GuildKey {
  return guildKeyOf(app, params.guild_id, params.zone_id, params.type);
}

/** A guild or group name; '' counts as not given. */
const optionalName = z
  .literal('')
  .transform(() => undefined)
  .or(str(64))
  .optional();

/** data.empty: the v2 endpoints' answer when there is nothing to tell. */
const EMPTY = { data: { empty: '' } };

/** The v2 endpoints share their appids (QQ), their caller (a token) and their failures. */
function qqEndpoint<S extends z.ZodType>(
  endpointName: string,
  params: S,
  handle: MsdkEndpoint<S>['handle'],
): MsdkEndpoint {
  return msdkEndpoint({
    path: `relation/${endpointName}`,
    platforms: ['qq'],
    player: 'token',
    messageField: 'message',
    errors: GROUP_ERRORS,
    params,
    handle,
  });
}

/** 002's QQ guild-group endpoints (the "v2" ones). */
export const qqGroupEndpoints: MsdkEndpoint[] = [
  qqEndpoint(
    'createbind_groupv2',
    z.object({ ...guildParams, guild_name: optionalName, ...cardParams, ...testEnvParams }),
    async ({ services, app, player, params }) => {
      // 002: a group made without a guild name has an empty name.
      const { group } = await services.groups.create(keyOf(app, params), player.accountId, {
        name: params.guild_name ?? '',
        guildName: params.guild_name,
        card: cardOf(params),
      });
      return { data: { gc: group.gid, group_name: group.name } };
    },
  ),
  qqEndpoint(
    'get_groupinfov2',
    z.object({ gc: groupNumber }),
    async ({ services, app, player, params }) => {
      const role = await services.groups.roleOf(
        { appId: app.id, gid: params.gc },
        player.accountId,
      );
      return { data: { relation: relationOf(role) } };
    },
  ),
  qqEndpoint(
    'join_groupv2',
    z.object({ ...guildParams, gc: groupNumber, ...cardParams, ...testEnvParams }),
    async ({ services, app, player, params }) => {
      await services.groups.join({ guild: keyOf(app, params) }, player.accountId, {
        gid: params.gc,
        card: cardOf(params),
      });
      return EMPTY;
    },
  ),
  qqEndpoint(
    'unlink_groupv2',
    z.object({
      ...guildParams,
      // 002: "must not be empty", though nothing else reads them.
      platid: cardParams.platid.unwrap(),
      roleid: cardParams.roleid.unwrap(),
      guild_name: optionalName,
      user_zone_id: cardParams.user_zone_id,
      ...testEnvParams,
    }),
    async ({ services, app, player, params }) => {
      await services.guildBindings.unbind({ guild: keyOf(app, params) }, player.accountId, {
        guildName: params.guild_name,
      });
      return EMPTY;
    },
  ),
  qqEndpoint('get_group_listv2', z.object({}), async ({ services, app, player }) => {
    const groups = await services.groups.ownedBy(app.id, player.accountId);
    return { data: { group_list: groups.map((g) => ({ gc: g.gid, group_name: g.name })) } };
  }),
  qqEndpoint(
    'bind_existing_groupv2',
    z.object({
      ...guildParams,
      gc: groupNumber,
      group_name: optionalName,
      ...cardParams,
      ...testEnvParams,
    }),
    async ({ services, app, player, params }) => {
      await services.guildBindings.bind(
        keyOf(app, params),
        { appId: app.id, gid: params.gc },
        player.accountId,
        { groupName: params.group_name, card: cardOf(params) },
      );
      return EMPTY;
    },
  ),
  qqEndpoint(
    'remind_leader_bindv2',
    z.object({
      ...guildParams,
      platid: cardParams.platid,
      roleid: cardParams.roleid,
      rolename: str(64).optional(),
      user_zone_id: cardParams.user_zone_id,
      leaderOpenid: openid.optional(),
      leaderRoleid: str(64).optional(),
      leaderZoneid: str(64).optional(),
      ...testEnvParams,
    }),
    async ({ services, app, player, params }) => {
      const leader = params.leaderOpenid
        ? (await services.tencent.byOpenid(app.id, 'qq', params.leaderOpenid)).accountId
        : null;
      await services.guildBindings.remindLeader(
        keyOf(app, params),
        player.accountId,
        leader,
        params.rolename ?? player.qqOpenid,
      );
      return EMPTY;
    },
  ),
  qqEndpoint(
    'query_bind_unionv2',
    z.object({ gc: groupNumber, type: guildType.optional() }),
    async ({ services, app, params }) => {
      const guild = await services.guildBindings.guildOf(
        { appId: app.id, gid: params.gc },
        params.type,
      );
      return { data: { union_id: guild.unionId, union_name: guild.name } };
    },
  ),
  qqEndpoint('get_groupcode', z.object(guildParams), async ({ services, app, params }) => {
    // A dissolved group too: its binding outlives it until unlinked or next joined.
    const group = await services.guildBindings.groupOf(keyOf(app, params));
    return {
      data: {
        gc: group.gid,
        group_name: group.name,
        group_key: group.joinKey,
        group_openid: group.publicId,
      },
    };
  }),
  qqEndpoint(
    'send_groupmsg',
    z.object({
      pf: str(64),
      group_openid: openid,
      title: utf8(45),
      desc: utf8(60),
      image_url: z.literal('').or(httpUrl(1024)).optional(),
      redirect_url: httpUrl(1024),
      param: textOrNumber.pipe(z.string().max(1024)).optional(),
    }),
    async ({ services, app, player, params }) => {
      await services.groups.sendToMembers(
        { appId: app.id, publicId: params.group_openid },
        player.accountId,
        {
          title: params.title,
          fields: {
            desc: params.desc,
            image_url: params.image_url ?? '',
            redirect_url: params.redirect_url,
            param: params.param ?? '',
          },
        },
      );
      return { is_lost: '0' };
    },
  ),
];
