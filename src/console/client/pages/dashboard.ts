import type { TemplateResult } from 'lit-html';
import { html } from 'lit-html';
import { api, seg } from '../api.js';
import { dailyChart } from '../components/chart.js';
import { age, money } from '../components/format.js';
import { dataTable } from '../components/table.js';
import type { ConsolePage } from '../page.js';

const DAYS = 30;

/** GET /v1/admin/apps/:app_id/dashboard (admin-dashboard.ts). */
interface Dashboard {
  from: string;
  to: string;
  days: {
    day: string;
    active_players: number;
    new_players: number;
    /** Per currency, in minor units. */
    revenue: Record<string, number>;
    /** Per channel. */
    paid_orders: Record<string, number>;
  }[];
  delivery: {
    kind: string;
    pending: number;
    failing: number;
    failed: number;
    oldest_pending_at: number | null;
    oldest_pending_age_ms: number | null;
  }[];
}

/** Every key of the days' records, sorted: the currencies or channels seen in the period. */
function keysOf(records: Record<string, number>[]): string[] {
  return [...new Set(records.flatMap((r) => Object.keys(r)))].sort();
}

function card(label: string, value: string | number, alert = false): TemplateResult {
  return html`<div class="card ${alert ? 'alert' : ''}" data-card=${label}>
    <div class="value">${value}</div>
    <div class="label">${label}</div>
  </div>`;
}

/** An app at a glance: today's players, revenue and deliveries, then the last 30 days. */
export const dashboardPage: ConsolePage = {
  id: 'dashboard',
  title: 'Dashboard',
  async render({ appId, apps }) {
    if (!appId) return html`<p class="empty">No app yet.</p>`;
    const data = await api.get<Dashboard>(`/v1/admin/apps/${seg(appId)}/dashboard`, {
      days: DAYS,
    });
    const name = apps.find((a) => a.id === appId)?.name ?? appId;
    const days = data.days.map((d) => d.day);
    const today = data.days[data.days.length - 1];
    const currencies = keysOf(data.days.map((d) => d.revenue));
    const channels = keysOf(data.days.map((d) => d.paid_orders));
    const pending = data.delivery.reduce((n, k) => n + k.pending, 0);
    const failing = data.delivery.reduce((n, k) => n + k.failing, 0);
    const failed = data.delivery.reduce((n, k) => n + k.failed, 0);
    const oldest = Math.max(0, ...data.delivery.map((k) => k.oldest_pending_age_ms ?? 0));
    const todayRevenue = Object.entries(today?.revenue ?? {});

    return html`<h1>Dashboard · ${name}</h1>
      <p class="muted">Today is ${data.to} on the app's calendar; charts from ${data.from}.</p>
      <section class="cards" aria-label="Today">
        ${card('Active players today', today?.active_players ?? 0)}
        ${card('New players today', today?.new_players ?? 0)}
        ${
          todayRevenue.length
            ? todayRevenue.map(([currency, minor]) =>
                card(`Revenue today (${currency})`, money(minor, currency)),
              )
            : card('Revenue today', '0')
        }
        ${card('Pending deliveries', pending, failing > 0)}
        ${card('Failing deliveries', failing, failing > 0)}
        ${card('Oldest undelivered', pending ? age(oldest) : '—', failing > 0)}
        ${failed ? card('Given up', failed, true) : ''}
      </section>
      <section class="charts">
        ${dailyChart('Players per day', days, [
          { label: 'Active', values: data.days.map((d) => d.active_players) },
          { label: 'New', values: data.days.map((d) => d.new_players) },
        ])}
        ${
          currencies.length
            ? dailyChart(
                'Revenue per day',
                days,
                currencies.map((c) => ({
                  label: c,
                  values: data.days.map((d) => (d.revenue[c] ?? 0) / 100),
                })),
              )
            : html`<p class="empty chart">No revenue in these ${DAYS} days.</p>`
        }
        ${
          channels.length
            ? dailyChart(
                'Paid orders per day',
                days,
                channels.map((c) => ({
                  label: c,
                  values: data.days.map((d) => d.paid_orders[c] ?? 0),
                })),
                { bars: true },
              )
            : html`<p class="empty chart">No paid orders in these ${DAYS} days.</p>`
        }
      </section>
      <h2>Delivery health</h2>
      ${dataTable(
        [
          { title: 'Kind', cell: (k) => html`<code>${k.kind}</code>` },
          { title: 'Pending', cell: (k) => k.pending, numeric: true },
          {
            title: 'Failing',
            cell: (k) => (k.failing ? html`<strong class="bad">${k.failing}</strong>` : 0),
            numeric: true,
          },
          {
            title: 'Given up',
            cell: (k) => (k.failed ? html`<strong class="bad">${k.failed}</strong>` : 0),
            numeric: true,
          },
          {
            title: 'Oldest pending',
            cell: (k) => (k.oldest_pending_age_ms === null ? '—' : age(k.oldest_pending_age_ms)),
            numeric: true,
          },
        ],
        data.delivery,
        'Nothing waiting to be delivered.',
      )}`;
  },
};
