import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { TestApp, TestServer } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';

type Player = Awaited<ReturnType<TestServer['guest']>>;

const scores = (entries: [Player, string | number, string | number][]) =>
  JSON.stringify(
    entries.map(([p, type, score]) => ({ userid: p.momo.userid, score_type: type, score })),
  );

const LIST_FIELDS = [
  'userid',
  'name',
  'sex',
  'photos',
  'age',
  'constellation',
  'sign',
  'distance',
  'loc_timesec',
  'score',
  'relation',
  'is_auth',
  'vip',
];

describeEachBackend('momo leaderboards', (server) => {
  let app: TestApp;
  let players: Player[];
  const update = (data: string) => server().momo(app, 'rank/update', { data });

  before(async () => {
    app = await server().createApp('Rank Game');
    players = [];
    for (let i = 0; i < 6; i++) players.push(await server().guest(app, `rank-device-${i}`));
    const [a, b, c, d] = players as [Player, Player, Player, Player];
    // Beijing: a, b, c (c far away in the same city code); Tianjin: d; e has no city/location.
    await server().profile(a.session_token, {
      name: 'A',
      sex: 'M',
      birthday: '1990-05-01',
      city_code: '110101',
      lat: 39.9,
      lng: 116.4,
    });
    await server().profile(b.session_token, {
      name: 'B',
      sex: 'F',
      city_code: '110105',
      lat: 39.95,
      lng: 116.45,
    });
    await server().profile(c.session_token, {
      name: 'C',
      city_code: '110000',
      lat: 40.5,
      lng: 116.4,
    });
    await server().profile(d.session_token, {
      name: 'D',
      city_code: '120000',
      lat: 39.91,
      lng: 116.41,
    });
    await server().befriend(a, d);
  });

  it('rank/update sets doubles; rank/total ranks them 1-based with the document fields', async () => {
    const [a, b, c, d] = players as [Player, Player, Player, Player];
    const result = await update(
      scores([
        [a, '1001', '120000.5'],
        [b, 1001, 99.25],
        [c, '1001', '-3'],
        [d, '1001', 5e6],
      ]),
    );
    assert.deepEqual(
      { ec: result.body.ec, em: result.body.em, data: result.body.data },
      { ec: 0, em: 'success', data: [] },
    );
    assert.equal(typeof result.body.timesec, 'number');
    const total = await server().momo(app, 'rank/total', {
      score_type: '1001',
      userid: a.momo.userid,
    });
    assert.equal(total.body.ec, 0);
    const data = total.body.data;
    assert.deepEqual(Object.keys(data).sort(), [
      'area_name',
      'areaid',
      'list',
      'rank',
      'score',
      'total',
    ]);
    assert.equal(data.total, 4);
    assert.equal(data.rank, 2);
    assert.equal(data.score, 120000.5);
    assert.deepEqual(
      data.list.map((e: any) => e.userid),
      [d, a, b, c].map((p) => p.momo.userid),
    );
    assert.deepEqual(
      data.list.map((e: any) => e.score),
      [5e6, 120000.5, 99.25, -3],
    );
    const first = data.list[1];
    assert.deepEqual(Object.keys(first).sort(), [...LIST_FIELDS].sort());
    assert.equal(first.name, 'A');
    assert.equal(first.sex, 'M');
    assert.equal(first.constellation, 2);
    assert.equal(first.distance, 0);
    assert.equal(data.list[0].relation, 'both');
    assert.equal(data.list[2].relation, '');
    assert.equal(typeof first.loc_timesec, 'number');
  });

  it('gives a player without a score rank 0 and score 0, and distance -1 when a location is unknown', async () => {
    const e = players[4] as Player;
    const total = await server().momo(app, 'rank/total', {
      score_type: '1001',
      userid: e.momo.userid,
    });
    assert.equal(total.body.data.rank, 0);
    assert.equal(total.body.data.score, 0);
    assert.ok(total.body.data.list.every((entry: any) => entry.distance === -1));
    const anonymous = await server().momo(app, 'rank/total', { score_type: '1001' });
    assert.equal(anonymous.body.data.rank, 0);
    const empty = await server().momo(app, 'rank/total', { score_type: '4242' });
    assert.deepEqual(empty.body.data, {
      total: 0,
      rank: 0,
      score: 0,
      areaid: '',
      area_name: '',
      list: [],
    });
  });

  it('breaks ties in favour of whoever reached the score first, and keeps that when the score is re-sent', async () => {
    const [a, b, c] = players as [Player, Player, Player];
    await update(scores([[b, 2001, 10]]));
    server().clock.advance(1000);
    await update(
      scores([
        [a, 2001, 10],
        [c, 2001, 10],
      ]),
    );
    server().clock.advance(1000);
    await update(scores([[b, 2001, 10]]));
    const total = await server().momo(app, 'rank/total', { score_type: '2001' });
    assert.deepEqual(
      total.body.data.list.map((e: any) => e.userid),
      [b, a, c].map((p) => p.momo.userid),
    );
  });

  it('rejects more than 100 entries with 30305 and applies none of them', async () => {
    const a = players[0] as Player;
    const entries = Array.from({ length: 101 }, () => [a, 3001, 1] as [Player, number, number]);
    const result = await update(scores(entries));
    assert.equal(result.body.ec, 30305);
    const total = await server().momo(app, 'rank/total', { score_type: '3001' });
    assert.equal(total.body.data.total, 0);
    const hundred = await update(scores(entries.slice(0, 100)));
    assert.equal(hundred.body.ec, 0);
  });

  it('rejects an unknown userid with 30304 and applies nothing of the batch', async () => {
    const a = players[0] as Player;
    const data = JSON.stringify([
      { userid: a.momo.userid, score_type: 3101, score: 5 },
      { userid: 'FFFFFFFFFFFFFFFF', score_type: 3101, score: 6 },
    ]);
    assert.equal((await update(data)).body.ec, 30304);
    const total = await server().momo(app, 'rank/total', { score_type: '3101' });
    assert.equal(total.body.data.total, 0);
  });

  it('answers 30309 for a wrong secret and 30101 for malformed data', async () => {
    const a = players[0] as Player;
    const wrong = await server().momoRaw('rank/update', {
      appid: app.momo.appid,
      app_secret: 'bad',
      data: scores([[a, 1, 1]]),
    });
    assert.equal(wrong.body.ec, 30309);
    for (const data of [
      'not json',
      '{"userid":"x"}',
      '[]',
      JSON.stringify([{ userid: a.momo.userid, score_type: 1 }]),
      JSON.stringify([{ userid: a.momo.userid, score_type: 'abc', score: 1 }]),
      JSON.stringify([{ userid: a.momo.userid, score_type: 1, score: 'NaN' }]),
    ]) {
      assert.equal((await update(data)).body.ec, 30101, data);
    }
    assert.equal((await server().momo(app, 'rank/update', {})).body.ec, 30101);
  });

  it('keeps the best or adds up when the board operator says so (admin API)', async () => {
    const a = players[0] as Player;
    assert.equal(
      (await server().admin('PUT', `/v1/admin/apps/${app.id}/boards/5001`, { operator: 'best' }))
        .status,
      200,
    );
    assert.equal(
      (
        await server().admin('PUT', `/v1/admin/apps/${app.id}/boards/5002`, {
          operator: 'increment',
        })
      ).status,
      200,
    );
    await update(
      scores([
        [a, 5001, 50],
        [a, 5002, 50],
      ]),
    );
    await update(
      scores([
        [a, 5001, 20],
        [a, 5002, 20],
        [a, 5002, 1.5],
      ]),
    );
    const best = await server().momo(app, 'rank/total', {
      score_type: '5001',
      userid: a.momo.userid,
    });
    const sum = await server().momo(app, 'rank/total', {
      score_type: '5002',
      userid: a.momo.userid,
    });
    assert.equal(best.body.data.score, 50);
    assert.equal(sum.body.data.score, 71.5);
  });

  it('caps count at 100, defaults it to 50, and rejects a malformed count', async () => {
    const many: Player[] = [];
    for (let i = 0; i < 105; i++) many.push(await server().guest(app, `count-device-${i}`));
    for (let i = 0; i < many.length; i += 50) {
      await update(
        scores(many.slice(i, i + 50).map((p, j) => [p, 6001, i + j] as [Player, number, number])),
      );
    }
    const byDefault = await server().momo(app, 'rank/total', { score_type: '6001' });
    assert.equal(byDefault.body.data.list.length, 50);
    assert.equal(byDefault.body.data.total, 105);
    const capped = await server().momo(app, 'rank/total', { score_type: '6001', count: '500' });
    assert.equal(capped.body.data.list.length, 100);
    const three = await server().momo(
      app,
      'rank/total',
      { score_type: '6001', count: '3' },
      { via: 'query' },
    );
    assert.deepEqual(
      three.body.data.list.map((e: any) => e.score),
      [104, 103, 102],
    );
    for (const count of ['0', '-1', 'x']) {
      assert.equal(
        (await server().momo(app, 'rank/total', { score_type: '6001', count })).body.ec,
        30101,
      );
    }
  });

  it("rank/area ranks within the asking player's city and follows a move to another city", async () => {
    const [a, b, c, d] = players as [Player, Player, Player, Player];
    const area = await server().momo(app, 'rank/area', {
      score_type: '1001',
      userid: b.momo.userid,
    });
    assert.equal(area.body.ec, 0);
    const data = area.body.data;
    assert.equal(data.areaid, '110000');
    assert.equal(data.area_name, '北京');
    assert.equal(data.total, 3);
    assert.equal(data.rank, 2);
    assert.deepEqual(
      data.list.map((e: any) => e.userid),
      [a, b, c].map((p) => p.momo.userid),
    );
    const tianjin = await server().momo(app, 'rank/area', {
      score_type: '1001',
      userid: d.momo.userid,
    });
    assert.equal(tianjin.body.data.area_name, '天津');
    assert.equal(tianjin.body.data.total, 1);

    await server().profile(c.session_token, { city_code: '120101' });
    const after = await server().momo(app, 'rank/area', {
      score_type: '1001',
      userid: d.momo.userid,
    });
    assert.deepEqual(
      after.body.data.list.map((e: any) => e.userid),
      [d, c].map((p) => p.momo.userid),
    );
    const beijing = await server().momo(app, 'rank/area', {
      score_type: '1001',
      userid: a.momo.userid,
    });
    assert.equal(beijing.body.data.total, 2);
    await server().profile(c.session_token, { city_code: '110000' });
  });

  it('rank/area, rank/nearby and rank/friend need a known userid (30101)', async () => {
    for (const path of ['rank/area', 'rank/nearby', 'rank/friend']) {
      assert.equal(
        (await server().momo(app, path, { score_type: '1001', userid: 'FFFFFFFFFFFFFFFF' })).body
          .ec,
        30101,
        path,
      );
      assert.equal((await server().momo(app, path, { score_type: '1001' })).body.ec, 30101, path);
      assert.equal(
        (
          await server().momoRaw(path, {
            appid: app.momo.appid,
            app_secret: 'x',
            score_type: '1001',
            userid: 'x',
          })
        ).body.ec,
        30009,
        path,
      );
    }
  });

  it('rank/nearby ranks players within the radius with distances in metres; 30102 without a location', async () => {
    const [a, b, , d, e] = players as [Player, Player, Player, Player, Player];
    const near = await server().momo(app, 'rank/nearby', {
      score_type: '1001',
      userid: a.momo.userid,
    });
    assert.equal(near.body.ec, 0);
    const list = near.body.data.list;
    assert.deepEqual(
      list.map((x: any) => x.userid),
      [d, a, b].map((p) => p.momo.userid),
    );
    assert.equal(near.body.data.total, 3);
    assert.equal(near.body.data.rank, 2);
    assert.equal(list[1].distance, 0);
    assert.ok(Math.abs(list[0].distance - 1_400) < 100, `distance ${list[0].distance}`);
    assert.ok(Math.abs(list[2].distance - 7_000) < 300, `distance ${list[2].distance}`);
    const none = await server().momo(app, 'rank/nearby', {
      score_type: '1001',
      userid: e.momo.userid,
    });
    assert.equal(none.body.ec, 30102);
    await server().admin('PATCH', `/v1/admin/apps/${app.id}`, { nearby_radius_m: 2_000 });
    const smaller = await server().momo(app, 'rank/nearby', {
      score_type: '1001',
      userid: a.momo.userid,
    });
    assert.deepEqual(
      smaller.body.data.list.map((x: any) => x.userid),
      [d, a].map((p) => p.momo.userid),
    );
    await server().admin('PATCH', `/v1/admin/apps/${app.id}`, { nearby_radius_m: 10_000 });
  });

  it('rank/friend ranks the player and friends who play this app', async () => {
    const [a, b, , d] = players as [Player, Player, Player, Player];
    const otherApp = await server().createApp('Elsewhere');
    const outsider = await server().guest(otherApp, 'friend-elsewhere');
    await server().befriend(a, outsider as Player);
    const friends = await server().momo(app, 'rank/friend', {
      score_type: '1001',
      userid: a.momo.userid,
    });
    assert.equal(friends.body.ec, 0);
    assert.deepEqual(
      friends.body.data.list.map((x: any) => x.userid),
      [d, a].map((p) => p.momo.userid),
    );
    assert.equal(friends.body.data.total, 2);
    assert.equal(friends.body.data.rank, 2);
    const lonely = await server().momo(app, 'rank/friend', {
      score_type: '1001',
      userid: b.momo.userid,
    });
    assert.equal(lonely.body.data.total, 1);
    assert.equal(lonely.body.data.rank, 1);
  });

  it("rank/top_player lists each city's best userids keyed by area id", async () => {
    const [a, b, , d] = players as [Player, Player, Player, Player];
    const top = await server().momo(app, 'rank/top_player', { score_type: '1001', limit: '2' });
    assert.equal(top.body.ec, 0);
    assert.deepEqual(top.body.data, {
      '110000': { areaid: 110000, area_name: '北京', userids: [a.momo.userid, b.momo.userid] },
      '120000': { areaid: 120000, area_name: '天津', userids: [d.momo.userid] },
    });
    const byDefault = await server().momo(app, 'rank/top_player', { score_type: '1001' });
    assert.equal(byDefault.body.data['110000'].userids.length, 3);
    assert.equal(
      (await server().momo(app, 'rank/top_player', { score_type: '1001', limit: '0' })).body.ec,
      30101,
    );
    assert.equal((await server().momo(app, 'rank/top_player', {})).body.ec, 30101);
  });

  it('rank/update_unions keeps union boards with name and president', async () => {
    const a = players[0] as Player;
    const data = JSON.stringify([
      {
        unionid: '10000',
        name: '神',
        score_type: '2000',
        score: '120000',
        presidentid: a.momo.userid,
      },
      { unionid: '20000', name: '晓', score_type: '2000', score: '210000' },
    ]);
    const result = await server().momo(app, 'rank/update_unions', { data });
    assert.deepEqual({ ec: result.body.ec, data: result.body.data }, { ec: 0, data: [] });
    const board = await server().guildhall.leaderboards.range(app.id, '2000', 0, 10, 'guild');
    assert.equal(board.total, 2);
    const guilds = await server().guildhall.store.guilds.byIds(
      board.entries.map((e) => e.memberId),
    );
    const byId = new Map(guilds.map((g) => [g.id, g]));
    assert.deepEqual(
      board.entries.map((e) => [
        byId.get(e.memberId)?.unionId,
        byId.get(e.memberId)?.name,
        e.score,
      ]),
      [
        ['20000', '晓', 210000],
        ['10000', '神', 120000],
      ],
    );
    assert.equal(byId.get(board.entries[1]?.memberId ?? 0)?.presidentId !== null, true);
    const unknownPresident = JSON.stringify([
      { unionid: '1', score_type: '2000', score: 1, presidentid: 'FFFFFFFFFFFFFFFF' },
    ]);
    assert.equal(
      (await server().momo(app, 'rank/update_unions', { data: unknownPresident })).body.ec,
      30304,
    );
    assert.equal(
      (await server().momo(app, 'rank/update_unions', { data: '[{"unionid":"1"}]' })).body.ec,
      30101,
    );
    assert.equal(
      (
        await server().momoRaw('rank/update_unions', {
          appid: app.momo.appid,
          app_secret: 'x',
          data,
        })
      ).body.ec,
      30009,
    );
  });

  it('rank/reset empties the board', async () => {
    const a = players[0] as Player;
    await update(scores([[a, 7001, 1]]));
    const reset = await server().momo(app, 'rank/reset', { score_type: '7001' });
    assert.deepEqual({ ec: reset.body.ec, data: reset.body.data }, { ec: 0, data: [] });
    const total = await server().momo(app, 'rank/total', {
      score_type: '7001',
      userid: a.momo.userid,
    });
    assert.deepEqual([total.body.data.total, total.body.data.rank], [0, 0]);
    assert.equal((await server().momo(app, 'rank/reset', {})).body.ec, 30101);
    assert.equal(
      (
        await server().momoRaw('rank/reset', {
          appid: app.momo.appid,
          app_secret: 'x',
          score_type: '1',
        })
      ).body.ec,
      30009,
    );
  });
});

describeEachBackend('momo leaderboard failures', (server) => {
  it('answers the document\'s "retry" code of each endpoint when storage fails', async () => {
    const app = await server().createApp('Failing Game');
    const player = await server().guest(app, 'failing-device');
    await server().profile(player.session_token, { city_code: '110000', lat: 39.9, lng: 116.4 });
    const { leaderboards } = server().guildhall;
    const broken = () => Promise.reject(new Error('storage down'));
    const saved = {
      page: leaderboards.page,
      submit: leaderboards.submit,
      reset: leaderboards.reset,
      topPerArea: leaderboards.topPerArea,
    };
    Object.assign(leaderboards, {
      page: broken,
      submit: broken,
      reset: broken,
      topPerArea: broken,
    });
    try {
      const board = { score_type: '1', userid: player.momo.userid };
      const expected: [string, Record<string, string>, number][] = [
        [
          'rank/update',
          { data: JSON.stringify([{ userid: player.momo.userid, score_type: 1, score: 1 }]) },
          30304,
        ],
        ['rank/reset', { score_type: '1' }, 30306],
        ['rank/area', board, 30303],
        ['rank/nearby', board, 30302],
        ['rank/friend', board, 30301],
        ['rank/top_player', { score_type: '1' }, 30303],
        ['rank/total', board, 30500],
      ];
      for (const [path, params, ec] of expected) {
        const { body } = await server().momo(app, path, params);
        assert.equal(body.ec, ec, path);
        assert.deepEqual(body.data, []);
      }
    } finally {
      Object.assign(leaderboards, saved);
    }
  });
});
