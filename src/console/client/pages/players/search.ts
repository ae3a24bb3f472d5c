import type { TemplateResult } from 'lit-html';
import { html } from 'lit-html';
import { api, seg } from '../../api.js';
import { dateTime } from '../../components/format.js';
import { formFields } from '../../components/forms.js';
import { dataTable, pager } from '../../components/table.js';
import type { PageContext } from '../../page.js';
import type { PlayerSearch } from './types.js';

const LIMIT = 20;

/** One box over every id a player has (player id, Momo, MSDK, xcloud, email, device), paged. */
export async function searchView(context: PageContext, appId: string): Promise<TemplateResult> {
  const q = context.params.get('q') ?? '';
  const offset = Number(context.params.get('offset') ?? 0);
  const found = q
    ? await api.get<PlayerSearch>(`/v1/admin/apps/${seg(appId)}/players/search`, {
        q,
        offset,
        limit: LIMIT,
      })
    : undefined;
  const open = (player: string) => context.go('players', { player });
  return html`<h1>Players</h1>
    <form
      class="filters"
      role="search"
      @submit=${(e: Event) => context.go('players', formFields(e))}
    >
      <label
        >Any id of the player
        <input
          name="q"
          .value=${q}
          placeholder="player id, Momo userid, openid, uid, email, device id"
          size="40"
          required
      /></label>
      <button type="submit">Find</button>
    </form>
    ${
      found
        ? html`<p class="empty">${found.total} found</p>
            ${dataTable(
              [
                {
                  title: 'Player',
                  cell: (p) =>
                    html`<button class="link" @click=${() => open(p.player_id)}>
                      ${p.player_id}
                    </button>`,
                },
                { title: 'Name', cell: (p) => p.name },
                { title: 'Matched', cell: (p) => p.matched.join(', ') },
                { title: 'Since', cell: (p) => dateTime(p.created_at) },
              ],
              found.players,
              'No player has this id in this app.',
            )}
            ${pager(offset, LIMIT, found.players.length, (next) =>
              context.go('players', { q, offset: next }),
            )}`
        : ''
    }`;
}
