import { z } from 'zod';
import type { App } from '../../core/apps/types.js';
import type { BoardPage, BoardScope } from '../../core/leaderboards/types.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../core/leaderboards/types.js';
import { areaName } from '../../core/players/areas.js';
import { distanceM } from '../../core/players/geo.js';
import type { Account } from '../../core/players/types.js';
import { fail } from '../../core/errors.js';
import type { Services } from '../../services.js';
import type { MomoEndpoint } from './endpoint.js';
import { momoEndpoint } from './endpoint.js';
import { idValue, jsonArray, optionalInt, scoreValue, text } from './params.js';
import { momoRankEntryJson } from './profile.js';
import { RawJson } from './router.js';
import { MOMO_USERID, accountByUserid, resolveUserids, useridsOf } from './players.js';

const scoreType = z
  .union([
    z
      .string()
      .trim()
      .regex(/^\d{1,18}$/),
    z.number().int().nonnegative().transform(String),
  ])
  .transform((v) => String(Number(v)));

const scoreEntry = z.object({ userid: idValue, score_type: scoreType, score: scoreValue });
type ScoreEntry = z.infer<typeof scoreEntry>;

const PLAIN_USERID = /^[^\s].{0,126}[^\s]$|^[^\s]$/;
const PLAIN_SCORE_TYPE = /^\d{1,18}$/;

/**
 * A rank/update entry in its common shape (string userid, numeric score), read without zod: for
 * a 100-entry batch the schema costs more than the rest of the request. Anything else goes
 * through the schema, which also words the errors.
 */
function plainScoreEntry(value: unknown): ScoreEntry | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { userid, score_type, score } = value as Record<string, unknown>;
  if (typeof userid !== 'string' || !PLAIN_USERID.test(userid)) return undefined;
  if (typeof score !== 'number' || !Number.isFinite(score)) return undefined;
  const board =
    typeof score_type === 'string' && PLAIN_SCORE_TYPE.test(score_type)
      ? score_type
      : typeof score_type === 'number' && Number.isSafeInteger(score_type) && score_type >= 0
        ? score_type
        : undefined;
  if (board === undefined) return undefined;
  return { userid, score_type: String(Number(board)), score };
}

const unionEntry = z.object({
  unionid: idValue,
  name: z.string().max(128).optional(),
  score_type: scoreType,
  score: scoreValue,
  presidentid: z.string().trim().max(128).optional(),
});

/** Checks the `data` array's length before its entries: too many is 30305 whatever they hold. */
const scoreBatch = <T extends z.ZodType>(
  entry: T,
  plain?: (value: unknown) => z.infer<T> | undefined,
) =>
  jsonArray.transform((entries, ctx) => {
    if (entries.length > MAX_BATCH) fail('leaderboard.too_many', 'more than 100 entries');
    const fast = plain && entries.length > 0 ? entries.map(plain) : [];
    if (fast.length > 0 && !fast.includes(undefined)) return fast as z.infer<T>[];
    const parsed = z.array(entry).min(1).safeParse(entries);
    if (parsed.success) return parsed.data;
    ctx.addIssue({
      code: 'custom',
      message: parsed.error.issues[0]?.message ?? 'bad entry',
      path: parsed.error.issues[0]?.path,
    });
    return z.NEVER;
  });

const MAX_BATCH = 100;

const countParam = z
  .string()
  .trim()
  .regex(/^\d+$/)
  .transform((v) => Math.min(Number(v), MAX_PAGE_SIZE))
  .pipe(z.number().int().min(1))
  .optional();

const boardQuery = z.object({ score_type: scoreType, userid: text(64), count: countParam });

/** The document's board response: total, rank, score, areaid, area_name, list. */
async function boardResponse(
  services: Services,
  app: App,
  page: BoardPage,
  asker: Account | undefined,
  askerFriends?: readonly number[],
) {
  const ids = page.entries.map((e) => e.accountId);
  const [players, friends] = await Promise.all([
    services.directory.appAccounts(app.id, MOMO_USERID, ids),
    askerFriends ?? (asker ? services.friends.friendIds(asker.id) : []),
  ]);
  const friendSet = new Set(friends);
  const now = services.clock.now();
  const origin = asker?.location;
  const fixed = JSON.stringify({
    total: page.total,
    rank: page.rank,
    score: page.score,
    areaid: page.areaId === null ? '' : String(page.areaId),
    area_name: page.areaId === null ? '' : areaName(page.areaId),
  });
  const list = page.entries.map((entry) => {
    const found = players.get(entry.accountId);
    const account = found?.account;
    const where = account?.location;
    const distance =
      origin && where ? Math.round(distanceM(origin.lat, origin.lng, where.lat, where.lng)) : -1;
    const relation = friendSet.has(entry.accountId) ? 'both' : '';
    const userid = found?.id ?? '';
    return momoRankEntryJson(account, userid, entry.score, distance, relation, now);
  });
  return new RawJson(`${fixed.slice(0, -1)},"list":[${list.join(',')}]}`);
}

function boardEndpoint(
  path: string,
  failureCode: number,
  scope: (services: Services, app: App, asker: Account) => Promise<BoardScope>,
): MomoEndpoint {
  return momoEndpoint({
    path,
    params: boardQuery,
    unexpectedCode: failureCode,
    async handle({ services, app, params }) {
      const asker = await accountByUserid(services, app.id, params.userid);
      const boardScope = await scope(services, app, asker);
      const page = await services.leaderboards.page(
        app.id,
        params.score_type,
        boardScope,
        asker,
        params.count ?? DEFAULT_PAGE_SIZE,
        app.settings.nearbyRadiusM,
      );
      const friends = boardScope.kind === 'friends' ? boardScope.friendIds : undefined;
      return boardResponse(services, app, page, asker, friends);
    },
  });
}

export const leaderboardEndpoints = [
  momoEndpoint({
    path: 'rank/update',
    params: z.object({ data: scoreBatch(scoreEntry, plainScoreEntry) }),
    badSecretCode: 30309,
    unexpectedCode: 30304,
    errors: { 'player.not_found': 30304 },
    async handle({ services, app, params }) {
      const accounts = await resolveUserids(
        services,
        app.id,
        params.data.map((e) => e.userid),
      );
      const submissions = params.data.map((e) => ({
        accountId: accounts.get(e.userid) ?? fail('player.not_found', `unknown userid ${e.userid}`),
        board: e.score_type,
        score: e.score,
      }));
      await services.leaderboards.submit(app.id, submissions);
      return [];
    },
  }),
  momoEndpoint({
    path: 'rank/update_unions',
    params: z.object({ data: scoreBatch(unionEntry) }),
    errors: { 'player.not_found': 30304 },
    async handle({ services, app, params }) {
      const presidents = params.data.flatMap((e) => (e.presidentid ? [e.presidentid] : []));
      const accounts = await resolveUserids(services, app.id, presidents);
      const submissions = params.data.map((e) => ({
        unionId: e.unionid,
        name: e.name ?? null,
        presidentId: e.presidentid
          ? (accounts.get(e.presidentid) ??
            fail('player.not_found', `unknown presidentid ${e.presidentid}`))
          : null,
        board: e.score_type,
        score: e.score,
      }));
      await services.leaderboards.submitGuilds(app.id, submissions);
      return [];
    },
  }),
  momoEndpoint({
    path: 'rank/reset',
    params: z.object({ score_type: scoreType }),
    unexpectedCode: 30306,
    async handle({ services, app, params }) {
      await services.leaderboards.reset(app.id, params.score_type);
      return [];
    },
  }),
  momoEndpoint({
    path: 'rank/total',
    params: z.object({ score_type: scoreType, userid: text(64).optional(), count: countParam }),
    async handle({ services, app, params }) {
      const asker = params.userid
        ? await accountByUserid(services, app.id, params.userid)
        : undefined;
      const page = await services.leaderboards.page(
        app.id,
        params.score_type,
        { kind: 'total' },
        asker,
        params.count ?? DEFAULT_PAGE_SIZE,
        app.settings.nearbyRadiusM,
      );
      return boardResponse(services, app, page, asker);
    },
  }),
  boardEndpoint('rank/area', 30303, () => Promise.resolve({ kind: 'area' })),
  boardEndpoint('rank/nearby', 30302, () => Promise.resolve({ kind: 'nearby' })),
  boardEndpoint('rank/friend', 30301, async (services, app, asker) => ({
    kind: 'friends',
    friendIds: await services.friends.friendsInApp(app.id, asker.id),
  })),
  momoEndpoint({
    path: 'rank/top_player',
    params: z.object({ score_type: scoreType, limit: optionalInt(1, MAX_PAGE_SIZE) }),
    unexpectedCode: 30303,
    async handle({ services, app, params }) {
      const tops = await services.leaderboards.topPerArea(
        app.id,
        params.score_type,
        params.limit ?? 10,
      );
      const userids = await useridsOf(services, app.id, [...tops.values()].flat());
      const data: Record<string, { areaid: number; area_name: string; userids: string[] }> = {};
      for (const [areaId, members] of tops) {
        data[String(areaId)] = {
          areaid: areaId,
          area_name: areaName(areaId),
          userids: members.map((m) => userids.get(m) ?? ''),
        };
      }
      return data;
    },
  }),
];
