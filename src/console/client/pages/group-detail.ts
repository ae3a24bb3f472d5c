import type { TemplateResult } from 'lit-html';
import { html } from 'lit-html';
import { api, seg } from '../api.js';
import { dateTime } from '../components/format.js';
import { dataTable } from '../components/table.js';
import type { GroupDetail } from './group-views.js';

/** A chat group with its members. */
export async function groupDetailView(appId: string, gid: string): Promise<TemplateResult> {
  const group = await api.get<GroupDetail>(`/v1/admin/apps/${seg(appId)}/groups/${seg(gid)}`);
  return html`<p><a href="#/groups">← Groups and guilds</a></p>
    <h1>Group ${group.name}</h1>
    <dl class="fields">
      <dt>Number</dt>
      <dd><code>${group.gid}</code></dd>
      <dt>Open id</dt>
      <dd><code>${group.open_id}</code></dd>
      <dt>Owner</dt>
      <dd>${group.owner}</dd>
      <dt>Members</dt>
      <dd>${group.member_count} / ${group.max_members}</dd>
      <dt>Guild</dt>
      <dd>${group.guild ? `${group.guild.union_id} (${group.guild.kind})` : 'none'}</dd>
      <dt>Created</dt>
      <dd>${dateTime(group.created_at)}</dd>
    </dl>
    <h2>Members</h2>
    ${dataTable(
      [
        { title: 'Player', cell: (m) => m.player_id },
        { title: 'Role', cell: (m) => m.role },
        { title: 'Card', cell: (m) => m.card.nickname ?? m.card.label },
        { title: 'Joined', cell: (m) => dateTime(m.joined_at) },
      ],
      group.members,
      'No members.',
    )}`;
}
