import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Guildhall } from '../../guildhall.js';
import { clientSession, parse } from './validation.js';

const friendParams = z.object({ player_id: z.string().min(1).max(64) });

/**
 * Close friends (QQ's closefriend_lists): a player marks a friend close or unmarks them. Marks
 * are platform-wide, like friendship, and count only while the two stay friends.
 */
export function registerClientFriends(app: FastifyInstance, services: Guildhall): void {
  const parties = async (request: FastifyRequest) => {
    const { account } = await clientSession(services, request);
    const { player_id } = parse(friendParams, request.params);
    return { account, friend: await services.directory.accountByPublicId(player_id) };
  };

  app.put('/v1/client/friends/:player_id/close', async (request) => {
    const { account, friend } = await parties(request);
    await services.tencentFriends.markClose(account.id, friend.id);
    return { player_id: friend.publicId, close: true };
  });

  app.delete('/v1/client/friends/:player_id/close', async (request, reply) => {
    const { account, friend } = await parties(request);
    await services.tencentFriends.unmarkClose(account.id, friend.id);
    return reply.code(204).send();
  });
}
