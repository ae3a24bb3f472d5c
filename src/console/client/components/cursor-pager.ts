import type { TemplateResult } from 'lit-html';
import { html, nothing } from 'lit-html';

/**
 * First-page / next buttons over a list paged by a cursor (`after`, `before`): `current` is the
 * cursor this page started at, `next` the one of the page after it (null at the end).
 */
export function cursorPager(
  current: string | null,
  next: string | number | null,
  go: (cursor: string | number | undefined) => void,
): TemplateResult | typeof nothing {
  if (!current && next === null) return nothing;
  return html`<nav class="pager">
    <button ?disabled=${!current} @click=${() => go(undefined)}>← First</button>
    <button ?disabled=${next === null} @click=${() => go(next ?? undefined)}>Next →</button>
  </nav>`;
}
