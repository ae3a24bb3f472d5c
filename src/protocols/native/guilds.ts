import { z } from 'zod';
import type { GuildSummary } from '../../core/groups/bindings.js';
import type { Services } from '../../services.js';
import { appParams, nextAfter, searchPageQuery } from './admin.js';
import type { NativeContext, NativeEndpoint } from './endpoint.js';
import { publicIds } from './group-views.js';
import { parse } from './validation.js';

const playerId = z.string().min(1).max(64);
const guildParams = appParams.extend({ id: z.coerce.number().int().min(1) });
const rosterParams = guildParams.extend({ player_id: playerId });
const leaderBody = z.object({ player_id: playerId }).strict();
const dissolveBody = z.object({ confirm: z.string().min(1).max(128) }).strict();

/** A guild as operators see it: its key, name, leader, roster size and bound group. */
function guildView({ guild, group, rosterSize }: GuildSummary, ids: Map<number, string>) {
  return {
    id: guild.id,
    union_id: guild.unionId,
    zone: guild.zone,
    kind: guild.kind,
    name: guild.name,
    leader: guild.presidentId === null ? null : (ids.get(guild.presidentId) ?? null),
    roster_size: rosterSize,
    group: group && {
      gid: group.gid,
      name: group.name,
      open_id: group.publicId,
      dissolved_at: group.dissolvedAt,
    },
  };
}

const leaderIds = (summaries: readonly GuildSummary[]) =>
  summaries.flatMap(({ guild }) => (guild.presidentId === null ? [] : [guild.presidentId]));

/** A guild with its roster, as operators see it. */
const guildDetail = async (services: Services, appId: string, guildId: number) => {
  const detail = await services.guildBindings.detail(appId, guildId);
  const ids = await publicIds(services, [
    ...leaderIds([detail]),
    ...detail.roster.map((m) => m.accountId),
  ]);
  return {
    ...guildView(detail, ids),
    roster: detail.roster.map((m) => ({
      player_id: ids.get(m.accountId) ?? '',
      joined_at: m.joinedAt,
    })),
  };
};

/** The guild the path names, as the audit log keeps it before and after a write. */
const guildSnapshot = ({ services, request }: NativeContext) => {
  const { app_id, id } = parse(guildParams, request.params);
  return guildDetail(services, app_id, id);
};

/** The app, guild and player a roster or leader call names. */
const resolve = async (
  services: Services,
  names: { app_id: string; id: number; player_id: string },
) => {
  await services.apps.get(names.app_id);
  const account = await services.directory.accountByPublicId(names.player_id);
  return { appId: names.app_id, guildId: names.id, accountId: account.id };
};

/**
 * The app's guilds (the game's guilds, teams and events), their rosters, leaders and group
 * bindings, for operators; they may correct a roster or name the leader. Bearer admin token.
 */
export const adminGuildEndpoints: NativeEndpoint[] = [
  {
    method: 'GET',
    url: '/v1/admin/apps/:app_id/guilds',
    access: 'admin',
    params: appParams,
    query: searchPageQuery,
    async handle({ services, request }) {
      const { app_id } = parse(appParams, request.params);
      const { after, limit, q } = parse(searchPageQuery, request.query);
      await services.apps.get(app_id);
      const guilds = await services.guildBindings.listApp(app_id, after, limit, q);
      const ids = await publicIds(services, leaderIds(guilds));
      return {
        guilds: guilds.map((summary) => guildView(summary, ids)),
        next_after: nextAfter(
          guilds.map((summary) => summary.guild.id),
          limit,
        ),
      };
    },
  },

  {
    method: 'GET',
    url: '/v1/admin/apps/:app_id/guilds/:id',
    access: 'admin',
    params: guildParams,
    async handle({ services, request }) {
      const { app_id, id } = parse(guildParams, request.params);
      await services.apps.get(app_id);
      return guildDetail(services, app_id, id);
    },
  },

  // Body {"confirm": "<the guild's union_id>"}: the group's members go and its binding ends.
  {
    method: 'POST',
    url: '/v1/admin/apps/:app_id/guilds/:id/dissolve',
    access: 'admin',
    params: guildParams,
    body: dissolveBody,
    snapshot: guildSnapshot,
    async handle({ services, request }) {
      const { app_id, id } = parse(guildParams, request.params);
      const { confirm } = parse(dissolveBody, request.body);
      await services.apps.get(app_id);
      await services.guildBindings.dissolveGroup(app_id, id, confirm);
      return guildDetail(services, app_id, id);
    },
  },

  {
    method: 'PUT',
    url: '/v1/admin/apps/:app_id/guilds/:id/roster/:player_id',
    access: 'admin',
    params: rosterParams,
    snapshot: guildSnapshot,
    async handle({ services, request }) {
      const { appId, guildId, accountId } = await resolve(
        services,
        parse(rosterParams, request.params),
      );
      await services.guildBindings.setRosterMember(appId, guildId, accountId, true);
      return guildDetail(services, appId, guildId);
    },
  },

  {
    method: 'DELETE',
    url: '/v1/admin/apps/:app_id/guilds/:id/roster/:player_id',
    access: 'admin',
    params: rosterParams,
    snapshot: guildSnapshot,
    async handle({ services, request, reply }) {
      const { appId, guildId, accountId } = await resolve(
        services,
        parse(rosterParams, request.params),
      );
      await services.guildBindings.setRosterMember(appId, guildId, accountId, false);
      return reply.code(204).send();
    },
  },

  {
    method: 'PUT',
    url: '/v1/admin/apps/:app_id/guilds/:id/leader',
    access: 'admin',
    params: guildParams,
    body: leaderBody,
    snapshot: guildSnapshot,
    async handle({ services, request }) {
      const { appId, guildId, accountId } = await resolve(services, {
        ...parse(guildParams, request.params),
        ...parse(leaderBody, request.body),
      });
      await services.guildBindings.setLeader(appId, guildId, accountId);
      return guildDetail(services, appId, guildId);
    },
  },
];
