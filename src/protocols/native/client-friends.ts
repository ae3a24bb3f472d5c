import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../services.js';
import type { ClientSession, NativeEndpoint } from './endpoint.js';
import { parse } from './validation.js';

const friendParams = z.object({ player_id: z.string().min(1).max(64) });

/** The caller and the friend the path names. */
const parties = async (services: Services, session: ClientSession, request: FastifyRequest) => {
  const { account } = session;
  const { player_id } = parse(friendParams, request.params);
  return { account, friend: await services.directory.accountByPublicId(player_id) };
};

/**
 * Close friends (QQ's closefriend_lists): a player marks a friend close or unmarks them. Marks
 * are platform-wide, like friendship, and count only while the two stay friends.
 */
export const clientFriendEndpoints: NativeEndpoint[] = [
  {
    method: 'PUT',
    url: '/v1/client/friends/:player_id/close',
    access: 'client',
    async handle({ services, request, session }) {
      const { account, friend } = await parties(services, session, request);
      await services.playingFriends.markClose(account.id, friend.id);
      return { player_id: friend.publicId, close: true };
    },
  },

  {
    method: 'DELETE',
    url: '/v1/client/friends/:player_id/close',
    access: 'client',
    async handle({ services, request, reply, session }) {
      const { account, friend } = await parties(services, session, request);
      await services.playingFriends.unmarkClose(account.id, friend.id);
      return reply.code(204).send();
    },
  },
];
