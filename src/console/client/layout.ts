import type { TemplateResult } from 'lit-html';
import { html } from 'lit-html';
import type { ConsolePage, PageContext } from './page.js';
import { routeHash } from './router.js';

export interface LayoutState {
  pages: ConsolePage[];
  current: string;
  email: string;
  notice: { message: string; kind: 'ok' | 'error' } | undefined;
  pickApp(appId: string): void;
  signOut(): void;
}

/** The frame around every page: menu, app picker, who is signed in, notices. */
export function layout(
  state: LayoutState,
  context: PageContext,
  content: TemplateResult,
): TemplateResult {
  const visible = state.pages.filter((page) => context.can(page.role ?? 'viewer'));
  return html`<div class="frame">
    <header>
      <a class="brand" href="#/dashboard">Guildhall</a>
      <label class="app-picker">
        App
        <select
          aria-label="App"
          @change=${(e: Event) => state.pickApp((e.target as HTMLSelectElement).value)}
        >
          ${context.apps.map(
            (app) =>
              html`<option value=${app.id} ?selected=${app.id === context.appId}>
                ${app.name} (${app.id})
              </option>`,
          )}
        </select>
      </label>
      <span class="who">${state.email} · ${context.role}</span>
      <button class="link" @click=${state.signOut}>Sign out</button>
    </header>
    <nav class="menu">
      ${visible.map(
        (page) =>
          html`<a href=${routeHash(page.id)} class=${page.id === state.current ? 'current' : ''}
            >${page.title}</a
          >`,
      )}
    </nav>
    <main>
      ${
        state.notice
          ? html`<p class="notice ${state.notice.kind}" role="status">${state.notice.message}</p>`
          : ''
      }
      ${content}
    </main>
  </div>`;
}
