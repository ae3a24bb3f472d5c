import { html } from 'lit-html';
import { api } from '../api.js';
import { formFields } from '../components/forms.js';
import { dateTime } from '../components/format.js';
import { dataTable } from '../components/table.js';
import type { ConsolePage } from '../page.js';

interface AuditEntry {
  id: number;
  at: number;
  actor: string;
  action: string;
  target: Record<string, unknown>;
  status: number;
  before: unknown;
  after: unknown;
}

const FILTERS = ['actor', 'action', 'target'] as const;

const json = (value: unknown) =>
  value === null || value === undefined
    ? '—'
    : html`<details>
        <summary>show</summary>
        <pre>${JSON.stringify(value, null, 2)}</pre>
      </details>`;

/** Every write through the console or the admin API: who, what, target, when, before/after. */
export const auditPage: ConsolePage = {
  id: 'audit',
  title: 'Audit log',
  async render({ params, go }) {
    const query = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? undefined]));
    const beforeId = params.get('before_id') ?? undefined;
    const page = await api.get<{ entries: AuditEntry[]; next_before_id: number | null }>(
      '/v1/admin/audit',
      { ...query, before_id: beforeId, limit: 50 },
    );
    return html`<h1>Audit log</h1>
      <form class="filters" @submit=${(e: Event) => go('audit', formFields(e))}>
        ${FILTERS.map(
          (f) =>
            html`<label>${f} <input name=${f} .value=${query[f] ?? ''} placeholder=${f} /></label>`,
        )}
        <button type="submit">Filter</button>
      </form>
      ${dataTable(
        [
          { title: 'When', cell: (e) => dateTime(e.at) },
          { title: 'Who', cell: (e) => e.actor },
          { title: 'What', cell: (e) => html`<code>${e.action}</code>` },
          { title: 'Target', cell: (e) => html`<code>${JSON.stringify(e.target)}</code>` },
          { title: 'Status', cell: (e) => e.status, numeric: true },
          { title: 'Before', cell: (e) => json(e.before) },
          { title: 'After', cell: (e) => json(e.after) },
        ],
        page.entries,
        'No writes recorded.',
      )}
      ${
        page.next_before_id
          ? html`<nav class="pager">
              <button
                @click=${() => go('audit', { ...query, before_id: page.next_before_id ?? 0 })}
              >
                Older →
              </button>
            </nav>`
          : ''
      }`;
  },
};
