import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { TestApp, TestServer } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';

type Player = Awaited<ReturnType<TestServer['guest']>>;

const assertError = (response: { status: number; json: any }, status: number, code: string) => {
  assert.equal(response.status, status, JSON.stringify(response.json));
  assert.equal(response.json.error.code, code);
};

describeEachBackend('native admin leaderboards', (server) => {
  let app: TestApp;
  let players: Player[];
  const boards = () => `/v1/admin/apps/${app.id}/boards`;
  const submit = (board: string, entries: [Player, number][]) =>
    server().momo(app, 'rank/update', {
      data: JSON.stringify(
        entries.map(([p, score]) => ({ userid: p.momo.userid, score_type: board, score })),
      ),
    });
  const momoRank = async (path: string, board: string, player: Player) =>
    (await server().momo(app, path, { score_type: board, userid: player.momo.userid })).body.data;

  before(async () => {
    app = await server().createApp('Board Admin Game');
    players = [];
    for (let i = 0; i < 5; i++) {
      const player = await server().guest(app, `board-admin-${i}`);
      await server().profile(player.session_token, {
        name: `P${i}`,
        city_code: i < 3 ? '110000' : '120000',
      });
      players.push(player);
    }
    await server().befriend(players[0]!, players[1]!);
    await submit('7', [
      [players[0]!, 50],
      [players[1]!, 40],
      [players[2]!, 30],
      [players[3]!, 20],
      [players[4]!, 10],
    ]);
  });

  it('answers 401 without the admin token', async () => {
    const routes: [string, string][] = [
      ['GET', boards()],
      ['GET', `${boards()}/7/top`],
      ['GET', `${boards()}/7/players/${players[0]!.player_id}`],
      ['GET', `${boards()}/7/histogram`],
      ['POST', `${boards()}/7/reset`],
    ];
    for (const [method, path] of routes) {
      const json = method === 'POST' ? { confirm: '7' } : undefined;
      const response = await server().request(method, path, { json, token: 'wrong' });
      assertError(response, 401, 'auth.bad_token');
    }
    assert.equal((await server().admin('GET', `${boards()}/7/top`)).json.total, 5);
  });

  it('lists the boards with their operators and entry counts', async () => {
    assert.equal((await server().admin('PUT', `${boards()}/8`, { operator: 'best' })).status, 200);
    const list = await server().admin('GET', boards());
    assert.equal(list.status, 200);
    assert.deepEqual(list.json, {
      boards: [
        { board: '7', operator: 'set', entry_count: 5 },
        { board: '8', operator: 'best', entry_count: 0 },
      ],
    });
    assert.equal(
      (await server().admin('PUT', `${boards()}/8`, { operator: 'increment' })).status,
      200,
    );
    const changed = await server().admin('GET', boards());
    assert.equal(changed.json.boards[1].operator, 'increment');
    assertError(
      await server().admin('GET', '/v1/admin/apps/app_nope/boards'),
      404,
      'app.not_found',
    );
  });

  it('pages the top of a board with names and cities', async () => {
    const page = await server().admin('GET', `${boards()}/7/top?offset=1&limit=2`);
    assert.equal(page.status, 200);
    assert.deepEqual(page.json, {
      board: '7',
      total: 5,
      offset: 1,
      entries: [
        { rank: 2, player_id: players[1]!.player_id, name: 'P1', score: 40, area: 110000 },
        { rank: 3, player_id: players[2]!.player_id, name: 'P2', score: 30, area: 110000 },
      ],
    });
    const all = await server().admin('GET', `${boards()}/7/top`);
    assert.deepEqual(
      all.json.entries.map((e: any) => e.score),
      [50, 40, 30, 20, 10],
    );
    for (const query of ['offset=-1', 'offset=x', 'limit=0', 'limit=501', 'after=1']) {
      assertError(
        await server().admin('GET', `${boards()}/7/top?${query}`),
        400,
        'invalid_argument',
      );
    }
    assertError(await server().admin('GET', `${boards()}/404/top`), 404, 'not_found');
    assertError(
      await server().admin('GET', '/v1/admin/apps/app_nope/boards/7/top'),
      404,
      'app.not_found',
    );
  });

  it("shows a player's rank and neighbours", async () => {
    const path = (p: Player | string, query = '') =>
      `${boards()}/7/players/${typeof p === 'string' ? p : p.player_id}${query}`;
    const middle = await server().admin('GET', path(players[2]!, '?neighbours=1'));
    assert.equal(middle.status, 200);
    assert.equal(middle.json.rank, 3);
    assert.equal(middle.json.score, 30);
    assert.equal(middle.json.player_id, players[2]!.player_id);
    assert.deepEqual(
      middle.json.entries.map((e: any) => [e.rank, e.name]),
      [
        [2, 'P1'],
        [3, 'P2'],
        [4, 'P3'],
      ],
    );
    const first = await server().admin('GET', path(players[0]!, '?neighbours=2'));
    assert.deepEqual(
      first.json.entries.map((e: any) => e.rank),
      [1, 2, 3],
    );
    const last = await server().admin('GET', path(players[4]!));
    assert.deepEqual(
      last.json.entries.map((e: any) => e.rank),
      [1, 2, 3, 4, 5],
    );
    const outsider = await server().guest(app, 'board-admin-outsider');
    const absent = await server().admin('GET', path(outsider));
    assert.deepEqual(
      { rank: absent.json.rank, score: absent.json.score, entries: absent.json.entries },
      { rank: 0, score: 0, entries: [] },
    );
    assertError(await server().admin('GET', path('nobody')), 404, 'player.not_found');
    for (const query of ['?neighbours=-1', '?neighbours=51', '?neighbours=x', '?n=1']) {
      assertError(await server().admin('GET', path(players[0]!, query)), 400, 'invalid_argument');
    }
    assertError(
      await server().admin('GET', `${boards()}/404/players/${players[0]!.player_id}`),
      404,
      'not_found',
    );
  });

  it('counts the score distribution in equal buckets', async () => {
    const histogram = await server().admin('GET', `${boards()}/7/histogram?buckets=4`);
    assert.equal(histogram.status, 200);
    assert.deepEqual(histogram.json, {
      board: '7',
      low: 10,
      high: 50,
      buckets: [
        { from: 10, to: 20, count: 1 },
        { from: 20, to: 30, count: 1 },
        { from: 30, to: 40, count: 1 },
        { from: 40, to: 50, count: 2 },
      ],
    });
    const defaults = await server().admin('GET', `${boards()}/7/histogram`);
    assert.equal(defaults.json.buckets.length, 20);
    assert.equal(
      defaults.json.buckets.reduce((sum: number, b: any) => sum + b.count, 0),
      5,
    );
    await submit('9', [
      [players[0]!, 3],
      [players[1]!, 3],
    ]);
    const flat = await server().admin('GET', `${boards()}/9/histogram`);
    assert.deepEqual(flat.json.buckets, [{ from: 3, to: 3, count: 2 }]);
    const empty = await server().admin('GET', `${boards()}/8/histogram`);
    assert.deepEqual(empty.json, { board: '8', low: 0, high: 0, buckets: [] });
    for (const query of ['buckets=0', 'buckets=201', 'buckets=x', 'bins=3']) {
      assertError(
        await server().admin('GET', `${boards()}/7/histogram?${query}`),
        400,
        'invalid_argument',
      );
    }
    assertError(await server().admin('GET', `${boards()}/404/histogram`), 404, 'not_found');
  });

  it('resets a board only when confirmed; ranks then read 0 and new scores rank from 1', async () => {
    const reset = (board: string, json?: unknown) =>
      server().admin('POST', `${boards()}/${board}/reset`, json);
    for (const body of [undefined, {}, { confirm: '8' }, { confirm: 7 }, { confirm: '7', x: 1 }]) {
      assertError(await reset('7', body), 400, 'invalid_argument');
    }
    assertError(await reset('404', { confirm: '404' }), 404, 'not_found');
    assertError(
      await server().admin('POST', '/v1/admin/apps/app_nope/boards/7/reset', { confirm: '7' }),
      404,
      'app.not_found',
    );
    assert.equal((await server().admin('GET', `${boards()}/7/top`)).json.total, 5);

    const done = await reset('7', { confirm: '7' });
    assert.equal(done.status, 200);
    assert.deepEqual(done.json, { board: '7', reset: true });
    const [p0, p1, , p3] = players as [Player, Player, Player, Player];
    const total = await momoRank('rank/total', '7', p0);
    assert.deepEqual([total.total, total.rank, total.score, total.list], [0, 0, 0, []]);
    const area = await momoRank('rank/area', '7', p0);
    assert.deepEqual([area.total, area.rank, area.list], [0, 0, []]);
    const friends = await momoRank('rank/friend', '7', p0);
    assert.deepEqual([friends.total, friends.list], [0, []]);
    assertError(await server().admin('GET', `${boards()}/7/top`), 404, 'not_found');
    assert.ok(!(await server().guildhall.store.scores.boardNames(app.id)).includes('7'));

    await submit('7', [
      [p3, 5],
      [p1, 1],
    ]);
    const again = await momoRank('rank/total', '7', p3);
    assert.deepEqual([again.total, again.rank, again.score], [2, 1, 5]);
    const areaAgain = await momoRank('rank/area', '7', p3);
    assert.deepEqual([areaAgain.total, areaAgain.rank], [1, 1]);
    const friendsAgain = await momoRank('rank/friend', '7', p0);
    assert.deepEqual([friendsAgain.total, friendsAgain.rank], [1, 0]);
  });

  it('finishes at the next start a reset whose index work a crash cut short', async () => {
    const [p0, p1] = players as [Player, Player];
    await submit('10', [
      [p0, 2],
      [p1, 1],
    ]);
    const { guildhall } = server();
    await guildhall.leaderboards.compactJournal();
    // The reset's transaction committed; the process died before the index caught up.
    await guildhall.store.transaction((store) => store.scores.resetBoard(app.id, '10', 0));
    assert.equal((await momoRank('rank/total', '10', p0)).rank, 1);
    assert.equal(await guildhall.leaderboards.finishPendingResets(), 1);
    assert.equal((await momoRank('rank/total', '10', p0)).rank, 0);
    assert.equal(await guildhall.leaderboards.finishPendingResets(), 0);
  });
});
