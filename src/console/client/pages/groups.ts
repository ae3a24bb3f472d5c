import type { TemplateResult } from 'lit-html';
import { html } from 'lit-html';
import { api, seg } from '../api.js';
import { cursorPager } from '../components/cursor-pager.js';
import { formFields } from '../components/forms.js';
import { dateTime } from '../components/format.js';
import type { Column } from '../components/table.js';
import { dataTable } from '../components/table.js';
import type { ConsolePage, PageContext } from '../page.js';
import { groupDetailView } from './group-detail.js';
import { groupLink, guildLink } from './group-links.js';
import type { ChatGroup, Guild } from './group-views.js';
import { guildDetailView } from './guild-detail.js';

const PAGE_SIZE = 25;

/**
 * One searchable, paged list of the page: `name` prefixes its parameters (`<name>_q`,
 * `<name>_after`) so both lists keep their place in the address.
 */
async function listSection<Row>(
  context: PageContext,
  name: 'guilds' | 'groups',
  title: string,
  columns: Column<Row>[],
): Promise<TemplateResult> {
  const { appId, params, go } = context;
  const q = params.get(`${name}_q`) ?? '';
  const after = params.get(`${name}_after`);
  const answer = await api.get<Record<string, unknown> & { next_after: number | null }>(
    `/v1/admin/apps/${seg(appId ?? '')}/${name}`,
    { q, after: after ?? undefined, limit: PAGE_SIZE },
  );
  const rows = answer[name] as Row[];
  const show = (changes: Record<string, string | number | undefined>) =>
    go('groups', { ...Object.fromEntries(params), ...changes });
  return html`<section aria-label=${title}>
    <h2>${title}</h2>
    <form
      class="filters"
      @submit=${(e: Event) =>
        show({ [`${name}_q`]: formFields(e).q, [`${name}_after`]: undefined })}
    >
      <label>Search <input name="q" .value=${q} placeholder="name or number" /></label>
      <button type="submit">Search</button>
    </form>
    ${dataTable(columns, rows, q ? `No ${name} match “${q}”.` : `No ${name} yet.`)}
    ${cursorPager(after, answer.next_after, (cursor) => show({ [`${name}_after`]: cursor }))}
  </section>`;
}

const guildColumns: Column<Guild>[] = [
  { title: 'Union id', cell: guildLink },
  { title: 'Kind', cell: (g) => g.kind },
  { title: 'Zone', cell: (g) => g.zone || '—' },
  { title: 'Leader', cell: (g) => g.leader },
  { title: 'Roster', cell: (g) => g.roster_size, numeric: true },
  { title: 'Bound group', cell: (g) => (g.group ? groupLink(g.group) : 'none') },
];

const groupColumns: Column<ChatGroup>[] = [
  { title: 'Group', cell: groupLink },
  { title: 'Owner', cell: (g) => g.owner },
  { title: 'Members', cell: (g) => `${g.member_count} / ${g.max_members}`, numeric: true },
  { title: 'Guild', cell: (g) => g.guild?.union_id ?? 'none' },
  { title: 'Created', cell: (g) => dateTime(g.created_at) },
];

/**
 * The app's guilds and chat groups, each list searched and paged; `guild=<id>` or `group=<gid>`
 * shows one of them with its roster or members and what operators may do to it.
 */
export const groupsPage: ConsolePage = {
  id: 'groups',
  title: 'Groups and guilds',
  async render(context) {
    const { appId, params } = context;
    if (!appId) return html`<p class="empty">No app yet.</p>`;
    const guild = params.get('guild');
    if (guild) return guildDetailView(context, appId, guild);
    const group = params.get('group');
    if (group) return groupDetailView(appId, group);
    const [guilds, groups] = await Promise.all([
      listSection(context, 'guilds', 'Guilds', guildColumns),
      listSection(context, 'groups', 'Chat groups', groupColumns),
    ]);
    return html`<h1>Groups and guilds</h1>
      ${guilds} ${groups}`;
  },
};
