import type { TemplateResult } from 'lit-html';
import { html, nothing } from 'lit-html';

export interface Column<Row> {
  title: string;
  cell(row: Row): TemplateResult | string | number | null | undefined;
  /** Right-aligned (numbers, money). */
  numeric?: boolean;
}

/** A table of rows, or a line saying there is nothing to show. */
export function dataTable<Row>(
  columns: Column<Row>[],
  rows: Row[],
  empty = 'Nothing to show.',
): TemplateResult {
  if (rows.length === 0) return html`<p class="empty">${empty}</p>`;
  return html`<div class="table-wrap">
    <table>
      <thead>
        <tr>
          ${columns.map((c) => html`<th class=${c.numeric ? 'num' : ''}>${c.title}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (row) =>
            html`<tr>
              ${columns.map(
                (c) => html`<td class=${c.numeric ? 'num' : ''}>${c.cell(row) ?? '—'}</td>`,
              )}
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** Previous / next links over an offset-paged list. */
export function pager(
  offset: number,
  limit: number,
  shown: number,
  go: (offset: number) => void,
): TemplateResult {
  const hasMore = shown >= limit;
  return html`<nav class="pager">
    <button ?disabled=${offset === 0} @click=${() => go(Math.max(0, offset - limit))}>
      ← Previous
    </button>
    <span>${shown ? `${offset + 1}–${offset + shown}` : nothing}</span>
    <button ?disabled=${!hasMore} @click=${() => go(offset + limit)}>Next →</button>
  </nav>`;
}
