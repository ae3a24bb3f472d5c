import type { TemplateResult } from 'lit-html';
import { html } from 'lit-html';
import { api, seg } from '../api.js';
import { cursorPager } from '../components/cursor-pager.js';
import { dateTime } from '../components/format.js';
import { dataTable } from '../components/table.js';
import type { PageContext } from '../page.js';
import type { PushJob } from './push-views.js';
import { messageText, targetText } from './push-views.js';

interface JobDetail extends PushJob {
  attempts: { attempt: number; started_at: number; outcome: string; summary: string }[];
  results: {
    device_id: number;
    token: string;
    status: string;
    detail: string;
    created_at: number;
  }[];
  next_after: number | null;
}

const RESULTS_PAGE = 50;

/** A push job with its counts, the fan-out's attempts and a page of per-device results. */
export async function pushJobView(context: PageContext, id: string): Promise<TemplateResult> {
  const after = context.params.get('after');
  const job = await api.get<JobDetail>(`/v1/admin/push-jobs/${seg(id)}`, {
    after: after ?? undefined,
    limit: RESULTS_PAGE,
  });
  return html`<p><a href="#/push">← Push</a></p>
    <h1>Push job #${job.id}</h1>
    <section class="cards">
      ${(['sent', 'failed', 'invalid', 'pending'] as const).map(
        (count) =>
          html`<div class="card">
            <div class="value">${job[count]}</div>
            <div class="label">${count}</div>
          </div>`,
      )}
    </section>
    <dl class="fields">
      <dt>Message</dt>
      <dd>${messageText(job.message)}</dd>
      <dt>Platform</dt>
      <dd>${job.platform}</dd>
      <dt>To</dt>
      <dd>${targetText(job.target)}</dd>
      <dt>Status</dt>
      <dd>${job.status}${job.note ? ` (${job.note})` : ''}</dd>
      <dt>Created</dt>
      <dd>${dateTime(job.created_at)}</dd>
      <dt>Finished</dt>
      <dd>${dateTime(job.finished_at)}</dd>
    </dl>
    <h2>Devices</h2>
    ${dataTable(
      [
        { title: 'Device', cell: (r) => r.device_id, numeric: true },
        { title: 'Token', cell: (r) => html`<code>${r.token}</code>` },
        { title: 'Result', cell: (r) => r.status },
        { title: 'Detail', cell: (r) => r.detail || '—' },
        { title: 'When', cell: (r) => dateTime(r.created_at) },
      ],
      job.results,
      'No device results yet.',
    )}
    ${cursorPager(after, job.next_after, (cursor) =>
      context.go('push', { job: job.id, after: cursor }),
    )}
    <h2>Attempts</h2>
    ${dataTable(
      [
        { title: 'Attempt', cell: (a) => a.attempt, numeric: true },
        { title: 'Started', cell: (a) => dateTime(a.started_at) },
        { title: 'Outcome', cell: (a) => a.outcome },
        { title: 'Summary', cell: (a) => a.summary },
      ],
      job.attempts,
      'Not attempted yet.',
    )}`;
}
