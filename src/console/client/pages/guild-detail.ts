import type { TemplateResult } from 'lit-html';
import { html, nothing } from 'lit-html';
import { api, seg } from '../api.js';
import { act } from '../components/actions.js';
import { confirmTyped, formFields } from '../components/forms.js';
import { dateTime } from '../components/format.js';
import { dataTable } from '../components/table.js';
import type { PageContext } from '../page.js';
import { groupLink } from './group-links.js';
import type { GuildDetail } from './group-views.js';

/** The bound QQ/WeChat group of a guild, and the button that dissolves it. */
function bindingView(context: PageContext, guild: GuildDetail, path: string): TemplateResult {
  const group = guild.group;
  if (!group)
    return html`<p class="empty" data-binding="none">No group is bound to this guild.</p>`;
  const dissolve = () => {
    const what = `Dissolve group “${group.name}” (${group.gid})? Its members leave and the binding of guild ${guild.union_id} ends.`;
    if (confirmTyped(what, guild.union_id))
      void act(context, `Dissolved the group of ${guild.union_id}`, () =>
        api.post(`${path}/dissolve`, { confirm: guild.union_id }),
      );
  };
  return html`<dl class="fields" data-binding=${group.gid}>
      <dt>Group</dt>
      <dd>${groupLink(group)}</dd>
      <dt>Open id</dt>
      <dd><code>${group.open_id}</code></dd>
      <dt>Dissolved</dt>
      <dd>${dateTime(group.dissolved_at)}</dd>
    </dl>
    ${
      context.can('operator') && !group.dissolved_at
        ? html`<button class="danger" @click=${dissolve}>Dissolve group</button>`
        : nothing
    }`;
}

/** Naming the leader and adding a player to the roster (operators). */
function rosterForms(context: PageContext, guild: GuildDetail, path: string): TemplateResult {
  if (!context.can('operator')) return html``;
  const lead = (event: Event) => {
    const { player_id } = formFields(event);
    if (player_id)
      void act(context, `${player_id} leads ${guild.union_id}`, () =>
        api.put(`${path}/leader`, { player_id }),
      );
  };
  const add = (event: Event) => {
    const { player_id } = formFields(event);
    if (player_id)
      void act(context, `Added ${player_id} to the roster`, () =>
        api.put(`${path}/roster/${seg(player_id)}`),
      );
  };
  return html`<form class="inline" @submit=${lead}>
      <label
        >New leader
        <select name="player_id">
          ${guild.roster.map(
            (m) => html`<option ?selected=${m.player_id === guild.leader}>${m.player_id}</option>`,
          )}
        </select></label
      >
      <button type="submit">Change leader</button>
    </form>
    <form class="inline" @submit=${add}>
      <label>Player id <input name="player_id" required /></label>
      <button type="submit">Add to roster</button>
    </form>`;
}

/** A guild: its key, leader, roster and bound group, and what operators may change. */
export async function guildDetailView(
  context: PageContext,
  appId: string,
  id: string,
): Promise<TemplateResult> {
  const path = `/v1/admin/apps/${seg(appId)}/guilds/${seg(id)}`;
  const guild = await api.get<GuildDetail>(path);
  const remove = (playerId: string) => {
    if (window.confirm(`Remove ${playerId} from the roster of ${guild.union_id}?`))
      void act(context, `Removed ${playerId} from the roster`, () =>
        api.delete(`${path}/roster/${seg(playerId)}`),
      );
  };
  return html`<p><a href="#/groups">← Groups and guilds</a></p>
    <h1>Guild ${guild.union_id}</h1>
    <dl class="fields">
      <dt>Union id</dt>
      <dd><code>${guild.union_id}</code></dd>
      <dt>Kind</dt>
      <dd>${guild.kind}</dd>
      <dt>Zone</dt>
      <dd>${guild.zone || '—'}</dd>
      <dt>Name</dt>
      <dd>${guild.name || '—'}</dd>
      <dt>Leader</dt>
      <dd>${guild.leader ?? '—'}</dd>
    </dl>
    <h2>Bound group</h2>
    ${bindingView(context, guild, path)}
    <h2>Roster (${guild.roster_size})</h2>
    ${dataTable(
      [
        { title: 'Player', cell: (m) => m.player_id },
        { title: 'Joined', cell: (m) => dateTime(m.joined_at) },
        {
          title: '',
          cell: (m) =>
            context.can('operator')
              ? html`<button @click=${() => remove(m.player_id)}>Remove</button>`
              : '',
        },
      ],
      guild.roster,
      'Nobody is on the roster.',
    )}
    ${rosterForms(context, guild, path)}`;
}
