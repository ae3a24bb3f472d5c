import type { TemplateResult } from 'lit-html';
import { html } from 'lit-html';
import { api, seg } from '../../api.js';
import { act } from '../../components/actions.js';
import type { PageContext } from '../../page.js';
import type { PlayerOverview } from './types.js';

/** The player's VIP level, registration state and spam flag, editable by operators. */
export function attributesForm(
  context: PageContext,
  player: PlayerOverview['player'],
): TemplateResult {
  const save = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const body = {
      vip: Number(form.get('vip')),
      regstate: Number(form.get('regstate')),
      is_spam: form.get('is_spam') === 'on',
    };
    void act(context, 'Attributes saved', () =>
      api.patch(`/v1/admin/players/${seg(player.player_id)}`, body),
    );
  };
  const readOnly = !context.can('operator');
  return html`<h2>Attributes</h2>
    <form class="inline" @submit=${save}>
      <label
        >VIP
        <input
          name="vip"
          type="number"
          min="0"
          max="100"
          .value=${String(player.vip)}
          ?disabled=${readOnly}
      /></label>
      <label
        >Registration state
        <select name="regstate" ?disabled=${readOnly}>
          ${[1, 2, 3].map(
            (n) => html`<option value=${n} ?selected=${player.regstate === n}>${n}</option>`,
          )}
        </select></label
      >
      <label class="check"
        ><span>Spam</span>
        <input name="is_spam" type="checkbox" .checked=${player.is_spam} ?disabled=${readOnly}
      /></label>
      ${readOnly ? '' : html`<button type="submit">Save</button>`}
    </form>`;
}
