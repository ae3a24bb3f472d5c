import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Platform } from '../../platform.js';
import { appParams, pageQuery } from './admin.js';
import { groupView, publicIds } from './group-views.js';
import { clientSession, parse } from './validation.js';

const groupParams = appParams.extend({ gid: z.string().min(1).max(32) });

/** The app's chat groups and their guild bindings, for operators. Bearer admin token. */
export function registerAdminGroups(admin: FastifyInstance, platform: Platform): void {
  admin.get('/v1/admin/apps/:app_id/groups', async (request) => {
    const { app_id } = parse(appParams, request.params);
    const { after, limit } = parse(pageQuery, request.query);
    await platform.apps.get(app_id);
    const groups = await platform.groups.listApp(app_id, after, limit);
    const ids = await publicIds(
      platform,
      groups.map((g) => g.group.ownerId),
    );
    return {
      groups: groups.map((summary) => ({ id: summary.group.id, ...groupView(summary, ids) })),
    };
  });

  admin.get('/v1/admin/apps/:app_id/groups/:gid', async (request) => {
    const { app_id, gid } = parse(groupParams, request.params);
    await platform.apps.get(app_id);
    const detail = await platform.groups.detail({ appId: app_id, gid });
    const ids = await publicIds(platform, [
      detail.group.ownerId,
      ...detail.members.map((m) => m.accountId),
    ]);
    return {
      ...groupView(detail, ids),
      members: detail.members.map((m) => ({
        player_id: ids.get(m.accountId) ?? '',
        role: m.role,
        joined_at: m.joinedAt,
      })),
    };
  });
}

/** The player's groups in the session's app. Bearer session token. */
export function registerClientGroups(app: FastifyInstance, platform: Platform): void {
  app.get('/v1/client/groups', async (request) => {
    const { appId, account } = await clientSession(platform, request);
    const groups = await platform.groups.groupsOf(appId, account.id);
    const ids = await publicIds(
      platform,
      groups.map((g) => g.group.ownerId),
    );
    return { groups: groups.map((g) => ({ ...groupView(g, ids), role: g.role })) };
  });
}
