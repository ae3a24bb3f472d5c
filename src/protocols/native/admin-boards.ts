import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { BOARD_OPERATORS } from '../../core/apps/types.js';
import { fail } from '../../core/errors.js';
import type { RankedEntry } from '../../core/leaderboards/types.js';
import type { Services } from '../../services.js';
import { appOf, appParams, pageQuery } from './admin.js';
import type { NativeContext, NativeEndpoint } from './endpoint.js';
import { parse } from './validation.js';

const boardParams = appParams.extend({ board: z.string().min(1).max(64) });
const boardPath = '/v1/admin/apps/:app_id/boards/:board';
const operatorBody = z.object({ operator: z.enum(BOARD_OPERATORS) });
const boardPlayerParams = boardParams.extend({ player_id: z.string().min(1) });
const resetBody = z.object({ confirm: z.string() }).strict();

const topQuery = z
  .object({
    offset: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
const aroundQuery = z
  .object({ neighbours: z.coerce.number().int().min(0).max(50).default(5) })
  .strict();
const histogramQuery = z
  .object({ buckets: z.coerce.number().int().min(1).max(200).default(20) })
  .strict();

/** The app and board the path names; the board must hold scores or have an operator set. */
async function boardOf(services: Services, request: FastifyRequest) {
  const { app_id, board } = parse(boardParams, request.params);
  const app = await services.apps.get(app_id);
  await services.leaderboards.requireBoard(app.id, board);
  return { appId: app.id, board };
}

/** A board's operator and size, which the audit log keeps from before and after a write. */
async function boardSnapshot({ services, request }: NativeContext) {
  const { app_id, board } = parse(boardParams, request.params);
  const [operators, { total }] = await Promise.all([
    services.leaderboards.operators(app_id),
    services.leaderboards.range(app_id, board, 0, 0),
  ]);
  return { board, operator: operators.get(board) ?? 'set', entry_count: total };
}

/** Ranked entries with their players' public ids, names and cities. */
async function entriesView(services: Services, entries: readonly RankedEntry[]) {
  const accounts = new Map(
    (await services.directory.accounts(entries.map((e) => e.accountId))).map((a) => [a.id, a]),
  );
  return entries.map((e) => {
    const account = accounts.get(e.accountId);
    return {
      rank: e.rank,
      player_id: account?.publicId ?? null,
      name: account?.name ?? '',
      score: e.score,
      area: account?.areaId ?? null,
    };
  });
}

/** Leaderboards as operators read and adjust them. */
export const adminBoardEndpoints: NativeEndpoint[] = [
  {
    method: 'GET',
    url: '/v1/admin/apps/:app_id/boards',
    access: 'admin',
    params: appParams,
    async handle({ services, request }) {
      const app = await appOf(services, request);
      const boards = await services.leaderboards.boards(app.id);
      return {
        boards: boards.map((b) => ({
          board: b.board,
          operator: b.operator,
          entry_count: b.entryCount,
        })),
      };
    },
  },
  {
    method: 'GET',
    url: boardPath,
    access: 'admin',
    params: boardParams,
    query: pageQuery,
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
    url: boardPath,
    access: 'admin',
    params: boardParams,
    body: operatorBody,
    snapshot: boardSnapshot,
    async handle({ services, request }) {
      const { app_id, board } = parse(boardParams, request.params);
      const { operator } = parse(operatorBody, request.body);
      await services.apps.get(app_id);
      await services.leaderboards.setOperator(app_id, board, operator);
      return { board, operator };
    },
  },
  {
    method: 'GET',
    url: `${boardPath}/top`,
    access: 'admin',
    params: boardParams,
    query: topQuery,
    async handle({ services, request }) {
      const { appId, board } = await boardOf(services, request);
      const { offset, limit } = parse(topQuery, request.query);
      const page = await services.leaderboards.range(appId, board, offset, limit);
      const ranked = page.entries.map((e) => ({ ...e, accountId: e.memberId }));
      return { board, total: page.total, offset, entries: await entriesView(services, ranked) };
    },
  },
  {
    method: 'GET',
    url: `${boardPath}/players/:player_id`,
    access: 'admin',
    params: boardPlayerParams,
    query: aroundQuery,
    async handle({ services, request }) {
      const { appId, board } = await boardOf(services, request);
      const { player_id } = parse(boardPlayerParams, request.params);
      const { neighbours } = parse(aroundQuery, request.query);
      const account = await services.directory.accountByPublicId(player_id);
      const place = await services.leaderboards.around(appId, board, account.id, neighbours);
      return {
        board,
        player_id,
        rank: place.rank,
        score: place.score,
        entries: await entriesView(services, place.entries),
      };
    },
  },
  {
    method: 'GET',
    url: `${boardPath}/histogram`,
    access: 'admin',
    params: boardParams,
    query: histogramQuery,
    async handle({ services, request }) {
      const { appId, board } = await boardOf(services, request);
      const { buckets } = parse(histogramQuery, request.query);
      const { low, high, counts } = await services.leaderboards.histogram(appId, board, buckets);
      const width = counts.length > 0 ? (high - low) / counts.length : 0;
      return {
        board,
        low,
        high,
        buckets: counts.map((count, i) => ({
          from: low + i * width,
          to: i === counts.length - 1 ? high : low + (i + 1) * width,
          count,
        })),
      };
    },
  },
  {
    method: 'POST',
    url: `${boardPath}/reset`,
    access: 'admin',
    params: boardParams,
    body: resetBody,
    snapshot: boardSnapshot,
    async handle({ services, request }) {
      const { appId, board } = await boardOf(services, request);
      const { confirm } = parse(resetBody, request.body);
      if (confirm !== board) fail('invalid_argument', 'confirm must repeat the board name');
      await services.leaderboards.reset(appId, board);
      return { board, reset: true };
    },
  },
];
