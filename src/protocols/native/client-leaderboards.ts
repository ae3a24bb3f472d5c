import { z } from 'zod';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../core/leaderboards/types.js';
import type { NativeEndpoint } from './endpoint.js';
import { parse } from './validation.js';

const boardParams = z.object({ board: z.string().min(1).max(64) });
const countQuery = z.object({
  count: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
});

/** A page of a board: the asking player's rank (0 when unranked) and score, and the entries. */
const boardAnswer = z.object({
  board: z.string(),
  total: z.number(),
  rank: z.number(),
  score: z.number(),
  entries: z.array(
    z.object({
      rank: z.number(),
      score: z.number(),
      player_id: z.string().nullable(),
      name: z.string(),
    }),
  ),
});

/** Boards as a game client reads them. Bearer session token. */
export const clientLeaderboardEndpoints: NativeEndpoint[] = [
  // The player and their friends, ranked among themselves (e.g. qq_friends, wx_friends).
  {
    method: 'GET',
    url: '/v1/client/leaderboards/:board/friends',
    access: 'client',
    params: boardParams,
    query: countQuery,
    response: boardAnswer,
    async handle({ services, request, session }) {
      const { appId, account } = session;
      const { board } = parse(boardParams, request.params);
      const { count } = parse(countQuery, request.query);
      const friendIds = await services.friends.friendIds(account.id);
      const page = await services.leaderboards.page(
        appId,
        board,
        { kind: 'friends', friendIds },
        account,
        count,
        0, // no radius: the friends scope has none
      );
      const accounts = new Map(
        (await services.directory.accounts(page.entries.map((e) => e.accountId))).map((a) => [
          a.id,
          a,
        ]),
      );
      return {
        board,
        total: page.total,
        rank: page.rank,
        score: page.score,
        entries: page.entries.map((e) => ({
          rank: e.rank,
          score: e.score,
          player_id: accounts.get(e.accountId)?.publicId ?? null,
          name: accounts.get(e.accountId)?.name ?? '',
        })),
      } satisfies z.infer<typeof boardAnswer>;
    },
  },
];
