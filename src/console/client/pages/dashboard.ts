import { html } from 'lit-html';
import { api, seg } from '../api.js';
import { dailyChart } from '../components/chart.js';
import type { ConsolePage } from '../page.js';

interface Stats {
  days: { day: string; active_players: number; new_players: number }[];
}

/** Players per day over the last 30 days, for the app picked in the header. */
export const dashboardPage: ConsolePage = {
  id: 'dashboard',
  title: 'Dashboard',
  async render({ appId }) {
    if (!appId) return html`<p class="empty">No app yet.</p>`;
    const stats = await api.get<Stats>(`/v1/admin/apps/${seg(appId)}/stats`);
    const days = stats.days.map((d) => d.day);
    return html`<h1>Dashboard</h1>
      <section class="charts">
        ${dailyChart('Players per day', days, [
          { label: 'Active', values: stats.days.map((d) => d.active_players) },
          { label: 'New', values: stats.days.map((d) => d.new_players) },
        ])}
      </section>`;
  },
};
