import { z } from 'zod';
import { MAX_STATS_DAYS } from '../../core/analytics/types.js';
import { appOf, appParams } from './admin.js';
import type { NativeEndpoint } from './endpoint.js';
import { parse } from './validation.js';

const dashboardQuery = z
  .object({ days: z.coerce.number().int().min(1).max(MAX_STATS_DAYS).default(30) })
  .strict();

/** The operator console's first page. */
export const adminDashboardEndpoints: NativeEndpoint[] = [
  {
    method: 'GET',
    url: '/v1/admin/apps/:app_id/dashboard',
    access: 'admin',
    params: appParams,
    query: dashboardQuery,
    async handle({ services, request }) {
      const app = await appOf(services, request);
      const { days } = parse(dashboardQuery, request.query);
      const dashboard = await services.dashboard.dashboard(app, days);
      return {
        app_id: app.id,
        from: dashboard.from,
        to: dashboard.to,
        days: dashboard.days.map((d) => ({
          day: d.day,
          active_players: d.activePlayers,
          new_players: d.newPlayers,
          revenue: d.revenue,
          paid_orders: d.paidOrders,
        })),
        delivery: dashboard.delivery.map((k) => ({
          kind: k.kind,
          pending: k.pending,
          failing: k.failing,
          failed: k.failed,
          oldest_pending_at: k.oldestPendingAt,
          oldest_pending_age_ms: k.oldestPendingAgeMs,
        })),
      };
    },
  },
];
