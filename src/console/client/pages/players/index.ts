import { html } from 'lit-html';
import type { ConsolePage } from '../../page.js';
import { playerView } from './profile.js';
import { searchView } from './search.js';

/** Find a player by any id; open one to see and act on everything about them. */
export const playersPage: ConsolePage = {
  id: 'players',
  title: 'Players',
  async render(context) {
    if (!context.appId) return html`<p class="empty">No app yet.</p>`;
    const player = context.params.get('player');
    return player ? playerView(context, context.appId, player) : searchView(context, context.appId);
  },
};
