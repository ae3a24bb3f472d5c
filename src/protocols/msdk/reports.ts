import { z } from 'zod';
import type { AchievementEntry, BattleReport } from '../../core/achievements/types.js';
import { ACHIEVEMENT_LIMITS } from '../../core/achievements/types.js';
import { fail } from '../../core/errors.js';
import { avatarUrl } from './avatars.js';
import type { MsdkEndpoint } from './endpoint.js';
import { msdkEndpoint } from './endpoint.js';
import { int, jsonOrString, openid, str } from './params.js';
import { msdkCredentials } from './app-config.js';

/** Unix seconds (0: never), as a number or a string of digits. */
const unixSeconds = int(0, 253_402_300_799);

/** ReportParam: the value of one type; `expireds` is 001's spelling of `expires` in its text. */
const reportParam = z
  .object({
    type: int(0, 2_147_483_647),
    data: str(ACHIEVEMENT_LIMITS.textLength),
    expires: unixSeconds.optional(),
    expireds: unixSeconds.optional(),
    bcover: int(-2_147_483_648, 2_147_483_647).optional(),
  })
  .transform((p): AchievementEntry => {
    const expires = p.expires ?? p.expireds ?? 0;
    return {
      kind: p.type,
      data: p.data,
      expiresAt: expires === 0 ? null : expires * 1000,
      overwrite: p.bcover === 1,
    };
  });

const optionalText = (max: number) =>
  z.union([z.string().max(max), z.number().transform(String)]).optional();

/** One player's battle result, checked; the element is stored as sent. */
const battleFields = z.object({
  openid: openid.optional(),
  baseinfo: z.object({
    gamename: optionalText(128),
    platid: int(0, 1),
    partitionid: optionalText(64),
    roleid: optionalText(64),
    level: int(0, 2_147_483_647).optional(),
  }),
  battleinfo: z
    .object({
      score: int(-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER).optional(),
      iswin: z.boolean().optional(),
    })
    .optional(),
  userdefined: z.record(z.string(), z.unknown()).optional(),
});

const battleElement = z.record(z.string(), z.unknown()).transform((raw, ctx) => {
  const parsed = battleFields.safeParse(raw);
  if (parsed.success) return { raw, fields: parsed.data };
  for (const issue of parsed.error.issues) {
    ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  }
  return z.NEVER;
});

/** `json`: one player's result or an array of them (also as a string of JSON). */
const battleJson = jsonOrString(
  z.union([battleElement.transform((e) => [e]), z.array(battleElement).min(1)]),
);

/** Achievements on QQ, friends to invite on QQ, and battle results on WeChat. */
export const reportEndpoints: MsdkEndpoint[] = [
  msdkEndpoint({
    path: 'profile/qqscore_batch',
    platforms: ['qq'],
    player: 'token',
    params: z.object({ param: z.array(reportParam) }),
    async handle({ services, app, player, params }) {
      await services.achievements.report(app, player.accountId, params.param);
      return { type: 0 };
    },
  }),
  msdkEndpoint({
    path: 'relation/qq_unreg_friends',
    platforms: ['qq'],
    player: 'token',
    params: z.object({ count: int(1, ACHIEVEMENT_LIMITS.invitees).optional() }),
    async handle({ services, app, player, params, urlBase }) {
      const accounts = await services.achievements.friendsToInvite(
        app.id,
        player.accountId,
        params.count ?? ACHIEVEMENT_LIMITS.invitees,
      );
      // Friends are shown to the game before they join it: ids now, not marked as playing.
      const ids = await services.tencent.idsFor(
        app.id,
        accounts.map((a) => a.id),
      );
      const idsOf = new Map(ids.map((p) => [p.accountId, p]));
      const friends = accounts.flatMap((account) => {
        const found = idsOf.get(account.id);
        return found ? [{ player: found, account }] : [];
      });
      return {
        friends: friends.map((f) => ({
          openid: f.player.qqOpenid,
          nick_name: f.account.name,
          head_img_url: avatarUrl(
            urlBase,
            'qq',
            msdkCredentials(app).qqAppid,
            f.player.qqOpenid,
            100,
          ),
        })),
      };
    },
  }),
  msdkEndpoint({
    path: 'profile/wxbattle_report',
    platforms: ['wx'],
    player: 'openid',
    params: z.object({ json: battleJson }),
    async handle({ services, app, player, params }) {
      // An element names its player with "openid"; without one it is the caller's.
      const named = params.json.flatMap((e) => (e.fields.openid ? [e.fields.openid] : []));
      const players = await services.tencent.byOpenids(app.id, 'wx', named);
      const accountOf = new Map(players.map((p) => [p.wxOpenid, p.accountId]));
      const reports = params.json.map((e): BattleReport => ({
        accountId: e.fields.openid
          ? (accountOf.get(e.fields.openid) ??
            fail('player.not_found', `no player ${e.fields.openid} in this app`))
          : player.accountId,
        report: e.raw,
        score: e.fields.battleinfo?.score ?? null,
      }));
      await services.battles.report(app.id, reports);
      return {};
    },
  }),
];
