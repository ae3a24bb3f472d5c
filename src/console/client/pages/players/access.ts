import type { TemplateResult } from 'lit-html';
import { html } from 'lit-html';
import { api, seg } from '../../api.js';
import { act } from '../../components/actions.js';
import { dateTime } from '../../components/format.js';
import { confirmTyped, formFields } from '../../components/forms.js';
import { dataTable } from '../../components/table.js';
import type { PageContext } from '../../page.js';
import type { Ban, HeldToken } from './types.js';

const playerPath = (playerId: string) => `/v1/admin/players/${seg(playerId)}`;

/** The player's live tokens in every app, each revocable, and all at once. */
export function tokensSection(
  context: PageContext,
  playerId: string,
  tokens: HeldToken[],
): TemplateResult {
  const operator = context.can('operator');
  const revoke = (token: HeldToken) =>
    act(context, `Revoked the ${token.kind} token`, () =>
      api.delete(`${playerPath(playerId)}/tokens/${seg(token.token_id)}`),
    );
  const revokeAll = () => {
    if (
      window.confirm(`Revoke all ${tokens.length} tokens of ${playerId}? They must log in again.`)
    )
      void act(context, 'Revoked every token', () => api.delete(`${playerPath(playerId)}/tokens`));
  };
  return html`<h2>Tokens</h2>
    ${dataTable(
      [
        { title: 'Kind', cell: (t) => t.kind },
        { title: 'App', cell: (t) => t.app_id },
        { title: 'Issued', cell: (t) => dateTime(t.created_at) },
        { title: 'Expires', cell: (t) => dateTime(t.expires_at) },
        ...(operator
          ? [
              {
                title: '',
                cell: (t: HeldToken) =>
                  html`<button class="danger" @click=${() => void revoke(t)}>Revoke</button>`,
              },
            ]
          : []),
      ],
      tokens,
      'No live token.',
    )}
    ${
      operator && tokens.length > 0
        ? html`<p><button class="danger" @click=${revokeAll}>Revoke all tokens</button></p>`
        : ''
    }`;
}

/** Whether the player is banned, and the form to ban or the button to lift it. */
export function banSection(
  context: PageContext,
  playerId: string,
  ban: Ban | null,
): TemplateResult {
  const banPlayer = (event: Event) => {
    const { reason = '', until } = formFields(event);
    const body = { reason, until: until ? new Date(until).getTime() : undefined };
    void act(context, `Banned ${playerId}`, () => api.post(`${playerPath(playerId)}/ban`, body));
  };
  const unban = () =>
    act(context, `Lifted the ban of ${playerId}`, () => api.delete(`${playerPath(playerId)}/ban`));
  const state = ban?.in_force
    ? html`<p class="notice error">
        Banned since ${dateTime(ban.banned_at)} until ${ban.until ? dateTime(ban.until) : 'lifted'}:
        ${ban.reason}
      </p>`
    : html`<p class="empty">
        Not banned${ban ? ` (last ban ended ${dateTime(ban.until)}: ${ban.reason})` : ''}.
      </p>`;
  if (!context.can('operator'))
    return html`<h2>Ban</h2>
      ${state}`;
  return html`<h2>Ban</h2>
    ${state}
    ${
      ban?.in_force
        ? html`<button @click=${() => void unban()}>Lift the ban</button>`
        : html`<form class="inline" @submit=${banPlayer}>
            <label>Reason <input name="reason" required maxlength="512" /></label>
            <label>Until (empty: until lifted) <input name="until" type="datetime-local" /></label>
            <button type="submit" class="danger">Ban</button>
          </form>`
    }`;
}

/** Export the player's data as one JSON file, or delete the account once its id is typed. */
export function privacyActions(context: PageContext, playerId: string): TemplateResult {
  const remove = () => {
    if (confirmTyped(`Delete the account ${playerId} and all its data?`, playerId))
      void act(context, `Deleted ${playerId}`, async () => {
        await api.delete(playerPath(playerId), { confirm: playerId });
        context.go('players');
      });
  };
  return html`<p class="actions">
    <a class="button" href=${`${playerPath(playerId)}/export`} download>Export data (JSON)</a>
    ${
      context.can('operator')
        ? html`<button class="danger" @click=${remove}>Delete account</button>`
        : ''
    }
  </p>`;
}
