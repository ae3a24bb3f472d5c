import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { GUILD_KINDS } from '../../core/groups/types.js';
import type { GroupDetail } from '../../core/groups/service.js';
import type { Services } from '../../services.js';
import { appParams, nextAfter, searchPageQuery } from './admin.js';
import type { ClientSession, NativeEndpoint } from './endpoint.js';
import { groupView, memberView, publicIds } from './group-views.js';
import { parse } from './validation.js';

const gid = z.string().min(1).max(32);
const playerId = z.string().min(1).max(64);
const groupParams = appParams.extend({ gid });
const clientGroupParams = z.object({ gid });
const clientMemberParams = clientGroupParams.extend({ player_id: playerId });

const createBody = z
  .object({
    name: z.string().min(1).max(64),
    union_id: z.string().min(1).max(128).optional(),
    zone: z.string().max(64).default(''),
    type: z.enum(GUILD_KINDS).default('guild'),
  })
  .strict()
  // Zone and type name a guild; without union_id there is none for them to name.
  .refine((body) => body.union_id !== undefined || (body.zone === '' && body.type === 'guild'), {
    path: ['union_id'],
    message: 'required with zone or type',
  });
const joinBody = z.object({ join_key: z.string().min(1).max(64) }).strict();
const ownerBody = z.object({ player_id: playerId }).strict();

/** Player ids of a group's owner and members. */
function idsOf(services: Services, detail: GroupDetail) {
  return publicIds(services, [detail.group.ownerId, ...detail.members.map((m) => m.accountId)]);
}

/** The app's chat groups and their guild bindings, for operators. Bearer admin token. */
export const adminGroupEndpoints: NativeEndpoint[] = [
  {
    method: 'GET',
    url: '/v1/admin/apps/:app_id/groups',
    access: 'admin',
    params: appParams,
    query: searchPageQuery,
    async handle({ services, request }) {
      const { app_id } = parse(appParams, request.params);
      const { after, limit, q } = parse(searchPageQuery, request.query);
      await services.apps.get(app_id);
      const groups = await services.groups.listApp(app_id, after, limit, q);
      const ids = await publicIds(
        services,
        groups.map((g) => g.group.ownerId),
      );
      return {
        groups: groups.map((summary) => ({ id: summary.group.id, ...groupView(summary, ids) })),
        next_after: nextAfter(
          groups.map((summary) => summary.group.id),
          limit,
        ),
      };
    },
  },

  {
    method: 'GET',
    url: '/v1/admin/apps/:app_id/groups/:gid',
    access: 'admin',
    params: groupParams,
    async handle({ services, request }) {
      const { app_id, gid } = parse(groupParams, request.params);
      await services.apps.get(app_id);
      const detail = await services.groups.detail({ appId: app_id, gid });
      const ids = await idsOf(services, detail);
      return {
        ...groupView(detail, ids),
        members: detail.members.map((m) => memberView(m, ids)),
      };
    },
  },
];

/** The group as a member sees it: with its join key, the caller's role and the members. */
const memberGroup = async (services: Services, appId: string, gid: string, me: number) => {
  const detail = await services.groups.detail({ appId, gid }, { viewerId: me });
  const ids = await idsOf(services, detail);
  return {
    ...groupView(detail, ids),
    join_key: detail.group.joinKey,
    role: detail.members.find((m) => m.accountId === me)!.role,
    members: detail.members.map((m) => memberView(m, ids)),
  };
};

/** The caller and the group the path names. */
const groupCall = ({ appId, account }: ClientSession, request: FastifyRequest) => {
  const params = parse(clientGroupParams, request.params);
  return { appId, me: account.id, gid: params.gid, ref: { appId, gid: params.gid } };
};

/** The caller, the group and the player the path names. */
const memberCall = async (services: Services, session: ClientSession, request: FastifyRequest) => {
  const call = groupCall(session, request);
  const { player_id } = parse(clientMemberParams, request.params);
  return { ...call, target: (await services.directory.accountByPublicId(player_id)).id };
};

/**
 * The player's chat groups in the session's app: their list, and making, joining, leaving and
 * running groups. Bearer session token. A PUT answers the group as the caller now sees it; a
 * DELETE and a leave answer 204.
 */
export const clientGroupEndpoints: NativeEndpoint[] = [
  {
    method: 'GET',
    url: '/v1/client/groups',
    access: 'client',
    async handle({ services, session }) {
      const { appId, account } = session;
      const groups = await services.groups.groupsOf(appId, account.id);
      const ids = await publicIds(
        services,
        groups.map((g) => g.group.ownerId),
      );
      return { groups: groups.map((g) => ({ ...groupView(g, ids), role: g.role })) };
    },
  },

  {
    method: 'POST',
    url: '/v1/client/groups',
    access: 'client',
    body: createBody,
    async handle({ services, request, reply, session }) {
      const { appId, account } = session;
      const body = parse(createBody, request.body);
      const group =
        body.union_id === undefined
          ? await services.groups.createUnbound(appId, account.id, body.name)
          : (
              await services.groups.create(
                { appId, unionId: body.union_id, zone: body.zone, kind: body.type },
                account.id,
                { name: body.name },
              )
            ).group;
      reply.code(201);
      return memberGroup(services, appId, group.gid, account.id);
    },
  },

  {
    method: 'POST',
    url: '/v1/client/groups/join',
    access: 'client',
    body: joinBody,
    async handle({ services, request, session }) {
      const { appId, account } = session;
      const { join_key } = parse(joinBody, request.body);
      const group = await services.groups.join({ appId, joinKey: join_key }, account.id);
      return memberGroup(services, appId, group.gid, account.id);
    },
  },

  {
    method: 'GET',
    url: '/v1/client/groups/:gid',
    access: 'client',
    async handle({ services, request, session }) {
      const { appId, me, gid } = groupCall(session, request);
      return memberGroup(services, appId, gid, me);
    },
  },

  {
    method: 'POST',
    url: '/v1/client/groups/:gid/leave',
    access: 'client',
    async handle({ services, request, reply, session }) {
      const { ref, me } = groupCall(session, request);
      await services.groups.leave(ref, me);
      return reply.code(204).send();
    },
  },

  {
    method: 'DELETE',
    url: '/v1/client/groups/:gid',
    access: 'client',
    async handle({ services, request, reply, session }) {
      const { ref, me } = groupCall(session, request);
      await services.groups.disband(ref, me);
      return reply.code(204).send();
    },
  },

  {
    method: 'DELETE',
    url: '/v1/client/groups/:gid/members/:player_id',
    access: 'client',
    async handle({ services, request, reply, session }) {
      const { ref, me, target } = await memberCall(services, session, request);
      await services.groups.kick(ref, me, target);
      return reply.code(204).send();
    },
  },

  {
    method: 'PUT',
    url: '/v1/client/groups/:gid/admins/:player_id',
    access: 'client',
    async handle({ services, request, session }) {
      const { appId, gid, ref, me, target } = await memberCall(services, session, request);
      await services.groups.setAdmin(ref, me, target, true);
      return memberGroup(services, appId, gid, me);
    },
  },

  {
    method: 'DELETE',
    url: '/v1/client/groups/:gid/admins/:player_id',
    access: 'client',
    async handle({ services, request, reply, session }) {
      const { ref, me, target } = await memberCall(services, session, request);
      await services.groups.setAdmin(ref, me, target, false);
      return reply.code(204).send();
    },
  },

  {
    method: 'PUT',
    url: '/v1/client/groups/:gid/owner',
    access: 'client',
    body: ownerBody,
    async handle({ services, request, session }) {
      const { appId, gid, ref, me } = groupCall(session, request);
      const { player_id } = parse(ownerBody, request.body);
      const owner = await services.directory.accountByPublicId(player_id);
      await services.groups.changeOwner(ref, me, owner.id);
      return memberGroup(services, appId, gid, me);
    },
  },
];
