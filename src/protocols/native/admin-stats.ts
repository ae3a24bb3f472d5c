import { z } from 'zod';
import type { AppStats } from '../../core/analytics/types.js';
import type { Services } from '../../services.js';
import { appParams } from './admin.js';
import type { NativeEndpoint } from './endpoint.js';
import { parse } from './validation.js';

const statsQuery = z
  .object({ from: z.string().min(1).optional(), to: z.string().min(1).optional() })
  .strict();

/** The stats as the admin API and `guildhall stats --json` show them. */
export function statsView(appId: string, stats: AppStats) {
  return {
    app_id: appId,
    from: stats.from,
    to: stats.to,
    days: stats.days.map((d) => ({
      day: d.day,
      active_players: d.activePlayers,
      new_players: d.newPlayers,
    })),
    new_players_by_source: stats.newPlayersBySource.map((s) => ({
      day: s.day,
      source: s.source,
      mainsource: s.mainsource,
      subsource: s.subsource,
      players: s.players,
    })),
    events: stats.events.map((e) => ({
      day: e.day,
      main_class: e.mainClass,
      sub_class: e.subClass,
      events: e.events,
    })),
    device_models: stats.deviceModels.map((m) => ({
      platform: m.platform,
      model: m.model,
      devices: m.devices,
    })),
  };
}

/** An app's stats over days (yyyy-MM-dd, the app's calendar; default the last 30 days). */
export async function adminStats(
  services: Services,
  appId: string,
  range: { from?: string; to?: string },
) {
  const app = await services.apps.get(appId);
  return statsView(app.id, await services.analytics.stats(app, range));
}

/** Analytics as operators read it. */
export const adminStatsEndpoints: NativeEndpoint[] = [
  {
    method: 'GET',
    url: '/v1/admin/apps/:app_id/stats',
    access: 'admin',
    params: appParams,
    query: statsQuery,
    handle: ({ services, request }) =>
      adminStats(
        services,
        parse(appParams, request.params).app_id,
        parse(statsQuery, request.query),
      ),
  },
];
