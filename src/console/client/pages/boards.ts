import type { TemplateResult } from 'lit-html';
import { html } from 'lit-html';
import { api, seg } from '../api.js';
import { act } from '../components/actions.js';
import { barChart } from '../components/chart.js';
import { confirmTyped, formFields } from '../components/forms.js';
import { dataTable, pager } from '../components/table.js';
import type { Column } from '../components/table.js';
import type { ConsolePage, PageContext } from '../page.js';

interface Board {
  board: string;
  operator: string;
  entry_count: number;
}

interface Entry {
  rank: number;
  player_id: string | null;
  name: string;
  score: number;
  area: number | null;
}

interface Place {
  rank: number;
  score: number;
  entries: Entry[];
}

interface Histogram {
  buckets: { from: number; to: number; count: number }[];
}

const OPERATORS = ['set', 'best', 'increment'];
const LIMIT = 50;

const number = (n: number) => n.toLocaleString(undefined, { maximumFractionDigits: 2 });
const compact = (n: number) => n.toLocaleString(undefined, { notation: 'compact' });

/** Ranked entries; the player asked about (if any) is marked. */
function entryColumns(player?: string): Column<Entry>[] {
  return [
    { title: 'Rank', cell: (e) => e.rank, numeric: true },
    {
      title: 'Player',
      cell: (e) =>
        e.player_id === player ? html`<strong>${e.player_id}</strong>` : (e.player_id ?? 'deleted'),
    },
    { title: 'Name', cell: (e) => e.name || '—' },
    { title: 'Score', cell: (e) => number(e.score), numeric: true },
    { title: 'City', cell: (e) => e.area },
  ];
}

function boardList(context: PageContext, boards: Board[]): TemplateResult {
  const open = (event: Event) => {
    const { board } = formFields(event);
    if (board) context.go('boards', { board });
  };
  return html`<h1>Leaderboards</h1>
    <form class="filters" @submit=${open}>
      <label>Board <input name="board" placeholder="score_type" required /></label>
      <button type="submit">Open</button>
    </form>
    ${dataTable(
      [
        {
          title: 'Board',
          cell: (b) => html`<a href="#/boards?board=${encodeURIComponent(b.board)}">${b.board}</a>`,
        },
        { title: 'Operator', cell: (b) => b.operator },
        { title: 'Entries', cell: (b) => number(b.entry_count), numeric: true },
      ],
      boards,
      'No boards yet: a board appears with its first score.',
    )}`;
}

/** Where a player stands: rank and score, and the entries around them. */
function placeView(player: string, place: Place | Error): TemplateResult {
  if (place instanceof Error)
    return html`<p class="notice error" role="alert">${player}: ${place.message}</p>`;
  if (place.rank === 0) return html`<p class="empty">${player} has no score on this board.</p>`;
  return html`<p class="place">
      <strong>${player}</strong> is ranked <strong>#${place.rank}</strong> with
      ${number(place.score)}.
    </p>
    ${dataTable(entryColumns(player), place.entries)}`;
}

function boardActions(context: PageContext, path: string, board: Board): TemplateResult {
  const change = (event: Event) => {
    const { operator } = formFields(event);
    void act(context, `Operator of ${board.board} is now ${operator}`, () =>
      api.put(path, { operator }),
    );
  };
  const reset = () => {
    const what = `Reset board ${board.board}? All its ${board.entry_count} scores are deleted.`;
    if (confirmTyped(what, board.board))
      void act(context, `Board ${board.board} reset`, () =>
        api.post(`${path}/reset`, { confirm: board.board }),
      );
  };
  return html`<form class="inline" @submit=${change}>
    <label
      >Operator
      <select name="operator">
        ${OPERATORS.map((o) => html`<option ?selected=${o === board.operator}>${o}</option>`)}
      </select></label
    >
    <button type="submit">Change operator</button>
    <button type="button" class="danger" @click=${reset}>Reset board…</button>
  </form>`;
}

async function boardView(context: PageContext, appId: string, name: string) {
  const { params, go } = context;
  const path = `/v1/admin/apps/${seg(appId)}/boards/${seg(name)}`;
  const offset = Math.max(0, Number(params.get('offset')) || 0);
  const player = params.get('player') ?? undefined;
  const [list, top, histogram, place] = await Promise.all([
    api.get<{ boards: Board[] }>(`/v1/admin/apps/${seg(appId)}/boards`),
    api.get<{ total: number; entries: Entry[] }>(`${path}/top`, { offset, limit: LIMIT }),
    api.get<Histogram>(`${path}/histogram`, { buckets: 20 }),
    player
      ? api
          .get<Place>(`${path}/players/${seg(player)}`, { neighbours: 5 })
          .catch((error: Error) => error)
      : undefined,
  ]);
  const board = list.boards.find((b) => b.board === name) ?? {
    board: name,
    operator: 'set',
    entry_count: top.total,
  };
  const lookUp = (event: Event) => go('boards', { board: name, player: formFields(event).player });
  return html`<h1><a href="#/boards">Leaderboards</a> › ${name}</h1>
    <section class="cards">
      <div class="card">
        <div class="value">${number(top.total)}</div>
        <div class="label">entries</div>
      </div>
      <div class="card">
        <div class="value">${board.operator}</div>
        <div class="label">operator</div>
      </div>
    </section>
    ${context.can('operator') ? boardActions(context, path, board) : ''}
    <h2>A player's place</h2>
    <form class="filters" @submit=${lookUp}>
      <label>Player id <input name="player" .value=${player ?? ''} placeholder="p_…" /></label>
      <button type="submit">Show rank</button>
    </form>
    ${player && place ? placeView(player, place) : ''}
    <h2>Top</h2>
    ${dataTable(entryColumns(player), top.entries, 'No scores on this board.')}
    ${pager(offset, LIMIT, top.entries.length, (next) =>
      go('boards', { board: name, player, offset: next }),
    )}
    <h2>Score distribution</h2>
    ${
      histogram.buckets.length
        ? html`<section class="charts">
            ${barChart(
              'Players per score range',
              histogram.buckets.map((b) => ({
                tick: compact(b.from),
                label: `${number(b.from)} – ${number(b.to)}`,
              })),
              'Scores',
              [{ label: 'Players', values: histogram.buckets.map((b) => b.count) }],
            )}
          </section>`
        : html`<p class="empty">No scores to chart.</p>`
    }`;
}

/** The app's leaderboards; a board's top, a player's place, its distribution, operator, reset. */
export const boardsPage: ConsolePage = {
  id: 'boards',
  title: 'Leaderboards',
  async render(context) {
    const { appId, params } = context;
    if (!appId) return html`<p class="empty">No app yet.</p>`;
    const board = params.get('board');
    if (board) return boardView(context, appId, board);
    const { boards } = await api.get<{ boards: Board[] }>(`/v1/admin/apps/${seg(appId)}/boards`);
    return boardList(context, boards);
  },
};
