import { z } from 'zod';
import type { App } from '../../core/apps/types.js';
import type { GuildKey } from '../../core/groups/types.js';
import type { MiniProgramEnv } from './sharing/mini-messages.js';
import type { MsdkEndpoint } from './endpoint.js';
import { msdkEndpoint } from './endpoint.js';
import { MSDK_RET, MsdkFailure } from './errors.js';
import { GROUP_ERRORS, guildId, guildKeyOf } from './group-params.js';
import {
  int,
  isHttpUrl,
  jsonOrString,
  openid,
  optionalUtf8,
  textOrNumber,
  utf8,
} from './params.js';
import { msdkCredentials } from './app-config.js';

/** Most openids one wxget_groupinfo may ask about. */
export const WX_GROUPINFO_MAX = 100;

/** WeChat's groupid is the game's id for the guild and the whole key: no zone, kind guild. */
const guildOf = (app: App, groupid: string): GuildKey => guildKeyOf(app, groupid, '');

/** "a,b,c": WeChat openids, each kept once, in the order given. */
const openidList = z
  .string()
  .transform((text) => text.split(',').map((id) => id.trim()))
  .pipe(z.array(z.string().min(1).max(64)).min(1).max(WX_GROUPINFO_MAX))
  .transform((ids) => [...new Set(ids)]);

/** wxsend_groupmsg's `reqBody`: the message WeChat would post in the group. */
const groupMessage = z
  .object({
    msg_type: int(1, 2),
    sub_type: int(1, 4),
    appid: textOrNumber.pipe(z.string().trim()),
    groupid: guildId,
    open: z.object({
      title: utf8(512),
      desc: optionalUtf8(1024),
      share_url: optionalUtf8(1024).refine(
        (url) => url === '' || isHttpUrl(url),
        'is not an http(s) URL',
      ),
      ext_info: optionalUtf8(2048),
      message_ext: optionalUtf8(2048),
      media_tag_name: optionalUtf8(64),
    }),
  })
  .refine((message) => message.msg_type !== 2 || message.open.share_url !== '', {
    path: ['open', 'share_url'],
    message: 'is required when msg_type is 2',
  });

/** wx_mini_send_msg's env_version: 0 release, 1 develop, 2 trial. */
const MINI_ENVS: Record<string, MiniProgramEnv> = { '0': 'release', '1': 'develop', '2': 'trial' };

const miniEnv = textOrNumber
  .pipe(z.string().trim())
  .refine((version) => Object.hasOwn(MINI_ENVS, version), 'must be 0, 1 or 2')
  .transform((version) => MINI_ENVS[version] as MiniProgramEnv);

/** The WeChat endpoints share their appids, their caller (a token) and their failures. */
function wxEndpoint<S extends z.ZodType>(
  name: string,
  params: S,
  handle: MsdkEndpoint<S>['handle'],
): MsdkEndpoint {
  return msdkEndpoint({
    path: `relation/${name}`,
    platforms: ['wx'],
    player: 'token',
    messageField: 'msg',
    errors: GROUP_ERRORS,
    params,
    handle,
  });
}

/** WeChat's guild groups, which players make through the client SDK, and mini-program messages. */
export const wxGroupEndpoints: MsdkEndpoint[] = [
  wxEndpoint(
    'wxget_groupinfo',
    z.object({ groupid: guildId, openidlist: openidList }),
    async ({ services, app, params }) => {
      const players = await services.tencent.byOpenids(app.id, 'wx', params.openidlist);
      const { members, memberCount } = await services.groups.membersAmong(
        { guild: guildOf(app, params.groupid) },
        players.map((player) => player.accountId),
      );
      const inGroup = new Set(
        players.filter((p) => members.has(p.accountId)).map((p) => p.wxOpenid),
      );
      return {
        platCode: '',
        openidlist: params.openidlist.filter((id) => inGroup.has(id)).join(','),
        membercount: memberCount,
      };
    },
  ),
  wxEndpoint(
    'wxunlink_group',
    z.object({ groupid: guildId }),
    async ({ services, app, player, params }) => {
      await services.guildBindings.unbind(
        { guild: guildOf(app, params.groupid) },
        player.accountId,
      );
      return {};
    },
  ),
  wxEndpoint(
    'wxget_groupstatus',
    z.object({ groupid: guildId, op_type: int(0, 1) }),
    async ({ services, app, player, params }) => {
      const key = guildOf(app, params.groupid);
      const has =
        params.op_type === 0
          ? (await services.groups.find(key)) !== undefined
          : await services.groups.isMember(key, player.accountId);
      return { is_has: has ? 1 : 0 };
    },
  ),
  wxEndpoint(
    'wxsend_groupmsg',
    z.object({ reqBody: jsonOrString(groupMessage) }),
    async ({ services, app, player, params }) => {
      const { open, ...message } = params.reqBody;
      if (message.appid !== msdkCredentials(app).wxAppid) {
        throw new MsdkFailure(MSDK_RET.parameterError, "reqBody.appid: is not this app's appid");
      }
      const { title, ...fields } = open;
      await services.groups.sendToMembers(
        { guild: guildOf(app, message.groupid) },
        player.accountId,
        { title, fields: { msg_type: message.msg_type, sub_type: message.sub_type, ...fields } },
      );
      return { platCode: '' };
    },
  ),
  wxEndpoint(
    'wx_mini_send_msg',
    z.object({
      touser: openid,
      weapp_id: textOrNumber.pipe(
        z
          .string()
          .trim()
          .regex(/^wx[0-9a-f]{16}$/i, 'is not a WeChat appid'),
      ),
      path: utf8(1024),
      env_version: miniEnv.optional(),
      pic_url: utf8(1024),
      title: utf8(80),
      media_tag_name: optionalUtf8(64),
    }),
    async ({ services, app, player, params }) => {
      await services.miniMessages.send(app, player, params.touser, {
        weappId: params.weapp_id,
        path: params.path,
        env: params.env_version ?? 'release',
        picUrl: params.pic_url,
        title: params.title,
        mediaTagName: params.media_tag_name,
      });
      return {};
    },
  ),
];
