import { z } from 'zod';
import { fail } from '../../core/errors.js';
import type { Services } from '../../services.js';
import { appParams, playerSnapshot } from './admin.js';
import type { NativeEndpoint } from './endpoint.js';
import { parse } from './validation.js';

const playerParams = z.object({ player_id: z.string().min(1) });

const searchQuery = z
  .object({
    q: z.string().trim().min(1).max(256),
    offset: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

const deleteQuery = z.object({ confirm: z.string().optional() }).strict();

/** The players of an app with `q` as any of their ids (admin API and `guildhall player search`). */
export async function adminPlayerSearch(services: Services, appId: string, query: unknown) {
  const { q, offset, limit } = parse(searchQuery, query);
  const app = await services.apps.get(appId);
  const page = await services.privacy.search(app.id, q, { offset, limit });
  return {
    players: page.matches.map(({ account, matched }) => ({
      player_id: account.publicId,
      name: account.name,
      created_at: account.createdAt,
      matched,
    })),
    total: page.total,
    next_offset: offset + limit < page.total ? offset + limit : null,
  };
}

/** Deletes the player once the operator repeated their id (`confirm`); else nothing changes. */
export async function adminPlayerDelete(services: Services, playerId: string, confirm?: string) {
  if (confirm !== playerId) {
    fail('invalid_argument', `confirm: repeat the player id (confirm=${playerId}) to delete`);
  }
  await services.privacy.delete(playerId);
  return { player_id: playerId, deleted: true };
}

/** Players' privacy requests: find by any id, export their data, delete them. */
export const adminPrivacyEndpoints: NativeEndpoint[] = [
  {
    method: 'GET',
    url: '/v1/admin/apps/:app_id/players/search',
    access: 'admin',
    params: appParams,
    query: searchQuery,
    handle: ({ services, request }) =>
      adminPlayerSearch(services, parse(appParams, request.params).app_id, request.query),
  },
  {
    method: 'GET',
    url: '/v1/admin/players/:player_id/export',
    access: 'admin',
    params: playerParams,
    async handle({ services, request, reply }) {
      const document = await services.privacy.export(parse(playerParams, request.params).player_id);
      const filename = `player-${document.player_id.replace(/[^\w.-]/g, '_')}.json`;
      void reply.header('content-disposition', `attachment; filename="${filename}"`);
      return document;
    },
  },
  {
    method: 'DELETE',
    url: '/v1/admin/players/:player_id',
    access: 'admin',
    params: playerParams,
    query: deleteQuery,
    snapshot: playerSnapshot,
    handle: ({ services, request }) =>
      adminPlayerDelete(
        services,
        parse(playerParams, request.params).player_id,
        parse(deleteQuery, request.query).confirm,
      ),
  },
];
