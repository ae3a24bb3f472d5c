import type { TemplateResult } from 'lit-html';
import { html, nothing } from 'lit-html';
import { ApiError, api, seg } from '../api.js';
import { act } from '../components/actions.js';
import { cursorPager } from '../components/cursor-pager.js';
import { formFields } from '../components/forms.js';
import { dateTime } from '../components/format.js';
import { dataTable } from '../components/table.js';
import type { ConsolePage, PageContext } from '../page.js';
import { pushJobView } from './push-job.js';
import type { PushJob } from './push-views.js';
import { jobLink, messageText, targetText } from './push-views.js';

interface Device {
  id: number;
  platform: string;
  token_kind: string;
  token: string;
  tags: string[];
  alias: string | null;
  registered_at: number;
  last_seen_at: number;
}

const JOBS_PAGE = 25;

/** A GET answering 404 when the thing is not set up: its answer, or null. */
const ifConfigured = <T>(path: string): Promise<T | null> =>
  api.get<T>(path).catch((error: unknown) => {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  });

/** Whether the app can reach FCM (its service account) and APNs (its certificate). */
async function providersView(appId: string): Promise<TemplateResult> {
  const path = `/v1/admin/apps/${seg(appId)}`;
  const [fcm, apns] = await Promise.all([
    ifConfigured<{ project_id: string; client_email: string }>(`${path}/fcm-service-account`),
    ifConfigured<{ environment: string }>(`${path}/apns-certificate`),
  ]);
  const card = (provider: string, detail: string | undefined) =>
    html`<div class="card" data-provider=${provider}>
      <div class="value">${detail === undefined ? 'not configured' : 'configured'}</div>
      <div class="label">${[provider, detail].filter(Boolean).join(' · ')}</div>
    </div>`;
  return html`<section class="cards" aria-label="Push services">
    ${card('FCM', fcm ? `${fcm.project_id} · ${fcm.client_email}` : undefined)}
    ${card('APNs', apns ? `${apns.environment} certificate` : undefined)}
  </section>`;
}

/** The form that queues a push to every device or to the players listed (operators). */
function sendForm(context: PageContext, appId: string): TemplateResult | typeof nothing {
  if (!context.can('operator')) return nothing;
  const send = (event: Event) => {
    const form = event.currentTarget as HTMLFormElement;
    const fields = formFields(event);
    const platforms = new FormData(form).getAll('platforms');
    const all = fields.to === 'all';
    const playerIds = (fields.player_ids ?? '').split(/[\s,]+/).filter(Boolean);
    if (all && !window.confirm('Send this push to every device of the app?')) return;
    void act(context, all ? 'Push queued for every device' : 'Push queued', () =>
      api.post(`/v1/admin/apps/${seg(appId)}/push-jobs`, {
        title: fields.title ?? '',
        body: fields.body ?? '',
        ...(all ? { all: true } : { player_ids: playerIds }),
        platforms,
      }),
    );
  };
  return html`<h2>Send a push</h2>
    <form class="push-form" @submit=${send}>
      <label>Title <input name="title" maxlength="128" required /></label>
      <label>Text <textarea name="body" maxlength="1024" rows="3" required></textarea></label>
      <fieldset>
        <legend>To</legend>
        <label class="check"
          ><input type="radio" name="to" value="players" checked /> players</label
        >
        <label class="check"><input type="radio" name="to" value="all" /> every device</label>
      </fieldset>
      <label
        >Player ids (for players)
        <textarea name="player_ids" rows="2" placeholder="p_… p_…"></textarea>
      </label>
      <fieldset>
        <legend>Platforms</legend>
        <label class="check"
          ><input type="checkbox" name="platforms" value="ios" checked /> iOS</label
        >
        <label class="check"
          ><input type="checkbox" name="platforms" value="android" checked /> Android</label
        >
      </fieldset>
      <button type="submit">Send push</button>
    </form>`;
}

async function jobsView(context: PageContext, appId: string): Promise<TemplateResult> {
  const before = context.params.get('before');
  const page = await api.get<{ jobs: PushJob[]; next_before: number | null }>(
    `/v1/admin/apps/${seg(appId)}/push-jobs`,
    { before: before ?? undefined, limit: JOBS_PAGE },
  );
  return html`<h2>Jobs</h2>
    ${dataTable(
      [
        { title: 'Job', cell: jobLink },
        { title: 'Created', cell: (j) => dateTime(j.created_at) },
        { title: 'Platform', cell: (j) => j.platform },
        { title: 'Message', cell: (j) => messageText(j.message) },
        { title: 'To', cell: (j) => targetText(j.target) },
        { title: 'Status', cell: (j) => j.status },
        { title: 'Sent', cell: (j) => j.sent, numeric: true },
        { title: 'Failed', cell: (j) => j.failed, numeric: true },
        { title: 'Invalid', cell: (j) => j.invalid, numeric: true },
        { title: 'Pending', cell: (j) => j.pending, numeric: true },
      ],
      page.jobs,
      'No push sent yet.',
    )}
    ${cursorPager(before, page.next_before, (cursor) =>
      context.go('push', { ...Object.fromEntries(context.params), before: cursor }),
    )}`;
}

/** A player's devices, looked up by player id. */
async function devicesView(context: PageContext, appId: string): Promise<TemplateResult> {
  const playerId = context.params.get('player_id') ?? '';
  const devices = playerId
    ? (
        await api.get<{ devices: Device[] }>(`/v1/admin/apps/${seg(appId)}/devices`, {
          player_id: playerId,
        })
      ).devices
    : undefined;
  const look = (event: Event) =>
    context.go('push', { ...Object.fromEntries(context.params), ...formFields(event) });
  return html`<h2>Devices of a player</h2>
    <form class="filters" @submit=${look}>
      <label>Player id <input name="player_id" .value=${playerId} required /></label>
      <button type="submit">Look up</button>
    </form>
    ${
      devices
        ? dataTable(
            [
              { title: 'Device', cell: (d) => d.id, numeric: true },
              { title: 'Platform', cell: (d) => `${d.platform} (${d.token_kind})` },
              { title: 'Token', cell: (d) => html`<code>${d.token}</code>` },
              { title: 'Tags', cell: (d) => d.tags.join(', ') || '—' },
              { title: 'Alias', cell: (d) => d.alias },
              { title: 'Registered', cell: (d) => dateTime(d.registered_at) },
              { title: 'Last seen', cell: (d) => dateTime(d.last_seen_at) },
            ],
            devices,
            `${playerId} has no device in this app.`,
          )
        : nothing
    }`;
}

/**
 * Push for the app picked: whether FCM and APNs are set up, sending a push, the jobs with their
 * counts (`job=<id>` shows one with its per-device results) and a player's devices.
 */
export const pushPage: ConsolePage = {
  id: 'push',
  title: 'Push',
  async render(context) {
    const { appId, params } = context;
    if (!appId) return html`<p class="empty">No app yet.</p>`;
    const job = params.get('job');
    if (job) return pushJobView(context, job);
    const [providers, jobs, devices] = await Promise.all([
      providersView(appId),
      jobsView(context, appId),
      devicesView(context, appId),
    ]);
    return html`<h1>Push</h1>
      ${providers} ${sendForm(context, appId)} ${jobs} ${devices}`;
  },
};
