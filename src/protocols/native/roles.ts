import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Role, RoleChange, ServerChoice } from '../../core/roles/types.js';
import { serverIdOf } from '../../core/roles/types.js';
import type { Services } from '../../services.js';
import { appParams, pageQuery } from './admin.js';
import type { NativeEndpoint } from './endpoint.js';
import { parse } from './validation.js';

const playerParams = appParams.extend({ player_id: z.string().min(1) });
const serverQuery = z.object({ server_id: z.string().optional() });

/** The server the query names (`server_id`), if any; role.bad_server when it is no server id. */
function serverOf(request: FastifyRequest): number | undefined {
  const { server_id } = parse(serverQuery, request.query);
  return server_id === undefined ? undefined : serverIdOf(server_id);
}

export function roleView(role: Role) {
  return {
    server_id: role.serverId,
    role_id: role.roleId,
    name: role.name,
    level: role.level,
    power: role.power,
    vip: role.vip,
    reported_at: role.reportedAt,
    created_at: role.createdAt,
    updated_at: role.updatedAt,
  };
}

function changeView(change: RoleChange) {
  return {
    id: change.id,
    server_id: change.serverId,
    role_id: change.roleId,
    name: change.name,
    level: change.level,
    power: change.power,
    vip: change.vip,
    reported_at: change.reportedAt,
    recorded_at: change.recordedAt,
  };
}

function choiceView(choice: ServerChoice) {
  return {
    server_id: choice.serverId,
    entry_type: choice.entryType,
    entry_name: choice.entryName,
    entry_lang: choice.entryLang,
    source: choice.source,
    main_source: choice.mainSource,
    sub_source: choice.subSource,
    url: choice.url,
    chosen_at: choice.chosenAt,
  };
}

/** The app and the player the admin path names. */
async function playerOf(services: Services, request: FastifyRequest) {
  const { app_id, player_id } = parse(playerParams, request.params);
  const [app, account] = await Promise.all([
    services.apps.get(app_id),
    services.directory.accountByPublicId(player_id),
  ]);
  return { appId: app.id, account };
}

/** The logged-in player's roles in the session's app, and the server they chose last. */
export const clientRoleEndpoints: NativeEndpoint[] = [
  {
    method: 'GET',
    url: '/v1/client/roles',
    access: 'client',
    async handle({ services, request, session }) {
      const serverId = serverOf(request);
      const [roles, choice] = await Promise.all([
        services.roles.roles(session.appId, session.account.id, serverId),
        services.roles.serverChoice(session.appId, session.account.id),
      ]);
      return { last_server_id: choice?.serverId ?? null, roles: roles.map(roleView) };
    },
  },
];

/** Operators' view of a player's roles: the latest per server, their history, the chosen server. */
export const adminRoleEndpoints: NativeEndpoint[] = [
  {
    method: 'GET',
    url: '/v1/admin/apps/:app_id/players/:player_id/roles',
    access: 'admin',
    async handle({ services, request }) {
      const serverId = serverOf(request);
      const { appId, account } = await playerOf(services, request);
      const [roles, choice] = await Promise.all([
        services.roles.roles(appId, account.id, serverId),
        services.roles.serverChoice(appId, account.id),
      ]);
      return {
        player_id: account.publicId,
        server_choice: choice ? choiceView(choice) : null,
        roles: roles.map(roleView),
      };
    },
  },
  {
    method: 'GET',
    url: '/v1/admin/apps/:app_id/players/:player_id/roles/history',
    access: 'admin',
    query: pageQuery,
    async handle({ services, request }) {
      const serverId = serverOf(request);
      const { after, limit } = parse(pageQuery, request.query);
      const { appId, account } = await playerOf(services, request);
      const changes = await services.roles.history(appId, account.id, { serverId, after, limit });
      const last = changes[changes.length - 1];
      return {
        player_id: account.publicId,
        changes: changes.map(changeView),
        next_after: changes.length === limit && last ? last.id : null,
      };
    },
  },
];
