import { DateTime } from 'luxon';
import type { App } from '../apps/types.js';
import { fail } from '../errors.js';
import type { Clock } from '../runtime.js';
import type { StoreSlice } from '../../store/store.js';
import type { OutboxHealth } from '../../store/repos/outbox.js';
import type { AnalyticsService } from './service.js';
import { MAX_STATS_DAYS } from './types.js';

export interface DashboardDay {
  day: string;
  activePlayers: number;
  newPlayers: number;
  /** Currency → integer minor units paid that day (orders not refunded). */
  revenue: Record<string, number>;
  /** Channel → orders paid that day (not refunded). */
  paidOrders: Record<string, number>;
}

export interface Dashboard {
  from: string;
  to: string;
  days: DashboardDay[];
  /** The outbox now, per kind. */
  delivery: (OutboxHealth & { oldestPendingAgeMs: number | null })[];
}

/**
 * What the operator console shows first: the last days' players and payments, per day of the
 * app's calendar, and how deliveries fare right now. Every figure is counted in SQL.
 */
export class DashboardService {
  constructor(
    private readonly store: StoreSlice<'orders' | 'outbox'>,
    private readonly clock: Clock,
    private readonly analytics: AnalyticsService,
  ) {}

  /** The `days` days up to today in the app's time zone. */
  async dashboard(app: App, days: number): Promise<Dashboard> {
    if (!Number.isInteger(days) || days < 1 || days > MAX_STATS_DAYS)
      fail('invalid_argument', `days must be 1 to ${MAX_STATS_DAYS}`);
    const now = this.clock.now();
    const today = DateTime.fromMillis(now, { zone: app.settings.timezone }).startOf('day');
    const first = today.minus({ days: days - 1 });
    const dayStarts = Array.from({ length: days + 1 }, (_, i) =>
      first.plus({ days: i }).toMillis(),
    );
    const [stats, paid, delivery] = await Promise.all([
      this.analytics.stats(app, { from: first.toISODate() ?? '', to: today.toISODate() ?? '' }),
      this.store.orders.paidPerDay(app.id, dayStarts),
      this.store.outbox.health(app.id),
    ]);
    const perDay = stats.days.map((d): DashboardDay => ({ ...d, revenue: {}, paidOrders: {} }));
    for (const row of paid) {
      const day = perDay[row.day];
      if (!day) continue;
      day.revenue[row.currency] = (day.revenue[row.currency] ?? 0) + row.amount;
      day.paidOrders[row.channel] = (day.paidOrders[row.channel] ?? 0) + row.orders;
    }
    return {
      from: stats.from,
      to: stats.to,
      days: perDay,
      delivery: delivery.map((kind) => ({
        ...kind,
        oldestPendingAgeMs: kind.oldestPendingAt === null ? null : now - kind.oldestPendingAt,
      })),
    };
  }
}
