import type { TemplateResult } from 'lit-html';
import { html } from 'lit-html';
import { api, seg } from '../../api.js';
import { dateTime } from '../../components/format.js';
import { dataTable } from '../../components/table.js';
import type { PageContext } from '../../page.js';
import { routeHash } from '../../router.js';
import { banSection, privacyActions, tokensSection } from './access.js';
import { attributesForm } from './attributes.js';
import type { HeldToken, PlayerOverview } from './types.js';

/** A definition list of the fields that have a value. */
const fields = (entries: [string, unknown][]) =>
  html`<dl class="fields">
    ${entries
      .filter(([, value]) => value !== null && value !== undefined && value !== '')
      .map(
        ([name, value]) =>
          html`<dt>${name}</dt>
            <dd>${String(value)}</dd>`,
      )}
  </dl>`;

const link = (page: string, params: Record<string, string>, text: string) =>
  html`<a href=${routeHash(page, params)}>${text}</a>`;

/** Everything about one player in the picked app, with the operators' actions on it. */
export async function playerView(
  context: PageContext,
  appId: string,
  playerId: string,
): Promise<TemplateResult> {
  const [overview, { tokens }] = await Promise.all([
    api.get<PlayerOverview>(`/v1/admin/apps/${seg(appId)}/players/${seg(playerId)}/overview`),
    api.get<{ tokens: HeldToken[] }>(`/v1/admin/players/${seg(playerId)}/tokens`),
  ]);
  const { player } = overview;
  return html`<p><a href=${routeHash('players')}>← Find another player</a></p>
    <h1>${player.name || player.player_id}</h1>
    ${privacyActions(context, player.player_id)}
    <div class="columns">
      <section>
        <h2>Profile</h2>
        ${fields([
          ['Player id', player.player_id],
          ['Name', player.name],
          ['Kind', player.kind],
          ['Sex', player.sex],
          ['Birthday', player.birthday],
          ['Signature', player.sign],
          ['City', player.city_code],
          ['Since', dateTime(player.created_at)],
        ])}
      </section>
      <section>
        <h2>Ids in this app</h2>
        ${fields(Object.entries(overview.ids))}
      </section>
    </div>
    ${banSection(context, player.player_id, overview.ban)} ${attributesForm(context, player)}
    <h2>Identities</h2>
    ${dataTable(
      [
        { title: 'Provider', cell: (i) => i.provider },
        { title: 'Subject', cell: (i) => i.subject },
        { title: 'Email', cell: (i) => i.email },
        { title: 'Verified', cell: (i) => (i.verified ? 'yes' : 'no') },
        { title: 'Linked', cell: (i) => dateTime(i.created_at) },
      ],
      overview.identities,
      'No third-party identity.',
    )}
    ${tokensSection(context, player.player_id, tokens)}
    <h2>Scores</h2>
    ${dataTable(
      [
        {
          title: 'Board',
          cell: (b) => link('boards', { board: b.board, player: player.player_id }, b.board),
        },
        { title: 'Rank', cell: (b) => b.rank, numeric: true },
        { title: 'Score', cell: (b) => b.score, numeric: true },
      ],
      overview.boards,
      'No score.',
    )}
    <h2>Groups and guilds</h2>
    ${dataTable(
      [
        { title: 'Group', cell: (g) => g.name },
        { title: 'Role', cell: (g) => g.role },
        { title: 'Members', cell: (g) => g.member_count, numeric: true },
        { title: 'Owner', cell: (g) => g.owner },
        { title: 'Guild', cell: (g) => (g.guild ? `${g.guild.name} (zone ${g.guild.zone})` : '') },
      ],
      overview.groups,
      'In no group.',
    )}
    <h2>Recent orders</h2>
    ${dataTable(
      [
        { title: 'Order', cell: (o) => link('orders', { order: o.order_id }, o.order_id) },
        { title: 'Product', cell: (o) => o.product_id },
        { title: 'Amount', cell: (o) => `${o.amount} ${o.currency}`, numeric: true },
        { title: 'Status', cell: (o) => o.status },
        { title: 'Placed', cell: (o) => dateTime(o.created_at) },
      ],
      overview.recent_orders,
      'No order.',
    )}
    <h2>Inbox (${overview.inbox.count})</h2>
    ${dataTable(
      [
        { title: 'Sent', cell: (m) => dateTime(m.created_at) },
        { title: 'Kind', cell: (m) => m.kind },
        { title: 'Message', cell: (m) => m.content },
      ],
      overview.inbox.recent,
      'Empty inbox.',
    )}
    <h2>Gifts</h2>
    ${dataTable(
      [
        { title: 'Kind', cell: (g) => g.kind },
        { title: 'Item', cell: (g) => html`<code>${JSON.stringify(g.item)}</code>` },
        { title: 'Given', cell: (g) => dateTime(g.created_at) },
      ],
      overview.gifts,
      'No gift.',
    )}
    <h2>Game roles</h2>
    ${dataTable(
      [
        { title: 'Server', cell: (r) => r.server_id, numeric: true },
        { title: 'Role', cell: (r) => `${r.name} (${r.role_id})` },
        { title: 'Level', cell: (r) => r.level, numeric: true },
        { title: 'Power', cell: (r) => r.power, numeric: true },
        { title: 'VIP', cell: (r) => r.vip, numeric: true },
        { title: 'Updated', cell: (r) => dateTime(r.updated_at) },
      ],
      overview.roles,
      'No game role reported.',
    )}`;
}
