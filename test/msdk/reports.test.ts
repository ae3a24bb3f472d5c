import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { TestApp, TestServer } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';

const HOUR = 3_600_000;

type Login = Awaited<ReturnType<TestServer['tencentLogin']>>;

describeEachBackend('msdk achievement reports', (server) => {
  let app: TestApp;
  let devices = 0;

  before(async () => {
    app = await server().createApp('Reporting Game');
  });

  /** A new player of `game` on QQ (or another platform), with a name. */
  async function player(game: TestApp, platform: 'qq' | 'wx' | 'guest' = 'qq', name = '') {
    const login = await server().tencentLogin(game, `rep-dev-${++devices}`, platform);
    if (name) await server().profile(login.session_token, { name });
    return login;
  }

  function report(
    game: TestApp,
    who: Login,
    param: unknown,
    options: { trailingSlash?: boolean } = {},
  ) {
    return server().msdk(
      game,
      'profile/qqscore_batch',
      { appid: game.msdk.qqAppid, openid: who.msdk.openid, accessToken: who.msdk.openkey, param },
      { query: { openid: who.msdk.openid ?? '' }, ...options },
    );
  }

  async function reportsOf(game: TestApp, who: Login) {
    const response = await server().admin(
      'GET',
      `/v1/admin/apps/${game.id}/players/${who.player_id}/reports`,
    );
    assert.equal(response.status, 200, response.text);
    return response.json as {
      reports: { type: number; name: string; data: string; expires_at: number | null }[];
      derived: { type: number; name: string; value: number }[];
      battle: { report: unknown; best_score: number | null } | null;
    };
  }

  async function derivedOf(game: TestApp, who: Login) {
    const { derived } = await reportsOf(game, who);
    return Object.fromEntries(derived.map((d) => [d.type, d.value]));
  }

  async function held(game: TestApp, who: Login) {
    const { reports } = await reportsOf(game, who);
    return Object.fromEntries(reports.map((r) => [r.type, r.data]));
  }

  const value = (type: number, data: string | number, extra: object = {}) => ({
    type,
    data: String(data),
    ...extra,
  });

  it('replays the qqscore_batch examples of 001 (encode=1, trailing slash) and 002 exactly', async () => {
    const who = await player(app);
    const example = {
      appid: app.msdk.qqAppid,
      accessToken: who.msdk.openkey,
      openid: who.msdk.openid,
      param: [
        { type: 3, bcover: 1, data: '999', expires: '123459751' },
        { type: 2, bcover: 1, data: '1999', expires: '123459751' },
      ],
    };
    const query = { openid: who.msdk.openid ?? '' };
    const old = await server().msdk(app, 'profile/qqscore_batch', example, {
      encode: '1',
      trailingSlash: true,
      query,
    });
    assert.equal(old.status, 200);
    assert.deepEqual(old.body, { ret: 0, msg: 'success', type: 0 });
    const current = await server().msdk(app, 'profile/qqscore_batch', example, { query });
    assert.deepEqual(current.body, { ret: 0, msg: 'success', type: 0 });
    // The examples' expiry (1973) is past: stored, but read as absent; the games still count.
    assert.deepEqual(await held(app, who), {});
    assert.equal((await derivedOf(app, who))[9], 2);
  });

  it('keeps only a higher value unless bcover=1 overwrites; text types are always replaced', async () => {
    const who = await player(app);
    assert.equal((await report(app, who, [value(1, 10), value(29, 'Knight')])).body.ret, 0);
    await report(app, who, [value(1, 7), value(29, 'Mage', { bcover: 0 })]);
    assert.deepEqual(await held(app, who), { 1: '10', 29: 'Mage' });
    await report(app, who, [value(1, 12, { bcover: 0 })]);
    assert.equal((await held(app, who))[1], '12');
    await report(app, who, [value(1, 3, { bcover: 1 })]);
    assert.equal((await held(app, who))[1], '3', 'bcover=1 overwrites with a lower value');
    await report(app, who, [value(1, 2, { bcover: 2 })]);
    assert.equal((await held(app, who))[1], '3', 'any other bcover is incremental');
    await report(app, who, [{ type: 24, data: 0.56 }]);
    assert.equal((await held(app, who))[24], '0.56', 'numbers may have decimals');
  });

  it('honours expires on read, and an expired value no longer blocks a lower one', async () => {
    const who = await player(app);
    const inAnHour = String(Math.floor(server().clock.now() / 1000) + 3600);
    await report(app, who, [value(4, 500, { expires: inAnHour }), value(2, 80, { expires: '0' })]);
    assert.deepEqual(await held(app, who), { 2: '80', 4: '500' });
    await report(app, who, [value(4, 100)]);
    assert.equal((await held(app, who))[4], '500');
    server().clock.advance(HOUR + 1000);
    assert.deepEqual(await held(app, who), { 2: '80' }, 'expired: absent');
    await report(app, who, [value(4, 100)]);
    assert.equal((await held(app, who))[4], '100');
  });

  it('rejects each malformed value with 1001, naming it, and stores nothing of the report', async () => {
    const who = await player(app);
    const cases: [unknown, RegExp][] = [
      [[], /no value/],
      [[{ type: 2 }], /data/],
      [[{ data: '1' }], /type/],
      [[value(2, 'lots')], /type 2 \(money\) must be a number/],
      [[value(2, '')], /data/],
      [[value(2, 1, { expires: 'soon' })], /expires/],
      [[value(2, 1, { expires: -5 })], /expires/],
      [[value(44, 1)], /unknown type 44/],
      [[value(3001, 1)], /unknown type 3001/],
      [[value(2, 1), value(2, 2)], /type 2 \(money\) reported twice/],
      [[value(12, 3)], /type 12 \(platform\): 1 \(android\) or 2 \(ios\)/],
      [[value(29, 'x'.repeat(257))], /data/],
      [Array.from({ length: 101 }, (_, i) => value(1, i)), /at most 100/],
      ['3', /param/],
    ];
    for (const [param, message] of cases) {
      const response = await report(app, who, param);
      assert.equal(response.body.ret, 1001, JSON.stringify(param));
      assert.match(response.body.msg, message);
    }
    for (const type of [5, 6, 9, 10, 11, 15, 16]) {
      const response = await report(app, who, [value(2, 1), value(type, 1)]);
      assert.equal(response.body.ret, 1001);
      assert.match(
        response.body.msg,
        new RegExp(`^1001,type ${type} \\(.+\\) is computed by the platform from type 3`),
      );
    }
    assert.deepEqual(await held(app, who), {});
  });

  it('needs the guild id (30) with guild types, and the companions an app declares', async () => {
    const game = await server().createApp('Companion Game');
    const who = await player(game);
    for (const type of [31, 301, 313]) {
      const data = type === 301 ? 'Dragons' : 1;
      const response = await report(game, who, [value(type, data)]);
      assert.equal(response.body.ret, 1001);
      assert.match(response.body.msg, /type 30 \(guild id\) must accompany guild reports/);
    }
    const guild = await report(game, who, [value(30, 77), value(301, 'Dragons'), value(310, 'Hi')]);
    assert.deepEqual(guild.body, { ret: 0, msg: 'success', type: 0 });

    const profilePath = `/v1/admin/apps/${game.id}/report-profile`;
    assert.deepEqual((await server().admin('GET', profilePath)).json, {
      require_platform: false,
      multi_mode: false,
      multi_zone: false,
      first_report_at: server().clock.now(),
    });
    const put = await server().admin('PUT', profilePath, {
      require_platform: true,
      multi_mode: true,
    });
    assert.equal(put.status, 200);
    assert.equal(put.json.require_platform, true);
    assert.equal(put.json.multi_zone, false);
    const needs = async (param: unknown[], missing: RegExp) => {
      const response = await report(game, who, param);
      assert.equal(response.body.ret, 1001);
      assert.match(response.body.msg, missing);
    };
    await needs([value(1, 5)], /type 12 \(platform\) must accompany every report/);
    await needs([value(1, 5), value(12, 1)], /type 13 \(game mode\) must accompany/);
    assert.equal((await report(game, who, [value(1, 5), value(12, 2), value(13, 4)])).body.ret, 0);
    // Companions alone describe the player's context: nothing else needs to come with them.
    assert.equal((await report(game, who, [value(12, 1)])).body.ret, 0);

    await server().admin('PUT', profilePath, { multi_zone: true });
    await needs([value(1, 6), value(12, 1), value(13, 4)], /type 26 \(zone\)/);
    await needs([value(1, 6), value(12, 1), value(13, 4), value(26, 1)], /type 27 \(server\)/);
    await needs(
      [value(1, 6), value(12, 1), value(13, 4), value(26, 1), value(27, 3)],
      /type 28 \(role id\)/,
    );
    const full = [
      value(1, 6),
      value(12, 1),
      value(13, 4),
      value(26, 1),
      value(27, 3),
      value(28, 9),
    ];
    assert.equal((await report(game, who, full)).body.ret, 0);
    assert.deepEqual(await held(game, who), {
      1: '6',
      12: '2',
      13: '4',
      26: '1',
      27: '3',
      28: '9',
      30: '77',
      301: 'Dragons',
      310: 'Hi',
    });
    // Under this profile the document's example (no type 12) is refused.
    const example = await report(game, who, [
      { type: 3, bcover: 1, data: '999', expires: '123459751' },
    ]);
    assert.equal(example.body.ret, 1001);

    assert.equal((await server().admin('PUT', profilePath, { strict: true })).status, 400);
    assert.equal((await server().admin('PUT', profilePath, { multi_mode: 'yes' })).status, 400);
    const missing = await server().admin('PUT', '/v1/admin/apps/app_nope/report-profile', {});
    assert.equal(missing.status, 404);
  });

  it('answers 1003 for a bad or foreign token, 1004 for an expired one, 1001 for a WeChat appid', async () => {
    const who = await player(app);
    const other = await player(app);
    const body = (token: string | undefined) => ({
      openid: who.msdk.openid,
      accessToken: token,
      param: [value(1, 1)],
    });
    const call = (token: string | undefined, appid?: string) =>
      server().msdk(app, 'profile/qqscore_batch', body(token), { appid });
    assert.equal((await call('0123456789ABCDEF0123456789ABCDEF')).body.ret, 1003);
    assert.equal((await call(other.msdk.openkey)).body.ret, 1003);
    assert.equal((await call(undefined)).body.ret, 1001);
    assert.equal((await call(who.msdk.openkey, app.msdk.wxAppid)).body.ret, 1001);
    server().clock.advance(2 * HOUR + 1000);
    assert.equal((await call(who.msdk.openkey)).body.ret, 1004);
  });

  it('feeds the qq_friends board with the held score, readable by clients and operators', async () => {
    const game = await server().createApp('Board Game');
    const [a, b, c] = [
      await player(game, 'qq', 'Ann'),
      await player(game, 'qq', 'Bo'),
      await player(game, 'qq', 'Cy'),
    ];
    await server().befriend(a, b);
    await report(game, a, [value(3, 300)]);
    await report(game, a, [value(3, 200)]);
    await report(game, b, [value(3, 400)]);
    await report(game, c, [value(3, 900)]);
    const friendsBoard = async (who: Login) => {
      const response = await server().request(
        'GET',
        '/v1/client/leaderboards/qq_friends/friends?count=10',
        { token: who.session_token },
      );
      assert.equal(response.status, 200, response.text);
      return response.json;
    };
    assert.deepEqual(await friendsBoard(a), {
      board: 'qq_friends',
      total: 2,
      rank: 2,
      score: 300,
      entries: [
        { rank: 1, score: 400, player_id: b.player_id, name: 'Bo' },
        { rank: 2, score: 300, player_id: a.player_id, name: 'Ann' },
      ],
    });
    // bcover=1 overwrites the held score, and the board with it.
    await report(game, b, [value(3, 100, { bcover: 1 })]);
    const after = await friendsBoard(a);
    assert.deepEqual(
      after.entries.map((e: { score: number }) => e.score),
      [300, 100],
    );
    // An already expired score is stored but leaves the board alone.
    await report(game, a, [value(3, 50, { bcover: 1, expires: '123459751' })]);
    assert.equal((await friendsBoard(a)).score, 300);

    const admin = await server().admin('GET', `/v1/admin/apps/${game.id}/boards/qq_friends`);
    assert.equal(admin.status, 200);
    assert.equal(admin.json.total, 3);
    assert.deepEqual(
      admin.json.entries.map((e: { player_id: string; score: number }) => [e.player_id, e.score]),
      [
        [c.player_id, 900],
        [a.player_id, 300],
        [b.player_id, 100],
      ],
    );
    const unauthenticated = await server().request(
      'GET',
      '/v1/client/leaderboards/qq_friends/friends',
    );
    assert.equal(unauthenticated.status, 401);
    const badCount = await server().request(
      'GET',
      '/v1/client/leaderboards/qq_friends/friends?count=0',
      { token: a.session_token },
    );
    assert.equal(badCount.status, 400);
  });

  it('derives games, bests and ranks on the app calendar (Asia/Shanghai), across day and week', async () => {
    const game = await server().createApp('Derived Game');
    const moveTo = (utc: number) => {
      assert.ok(utc > server().clock.now(), 'the test clock only moves forward');
      server().clock.time = utc;
    };
    // Sunday 2027-01-03 23:00 in Shanghai (15:00 UTC): the last hour of a week.
    moveTo(Date.UTC(2027, 0, 3, 15, 0));
    const [a, b, c, stranger] = [
      await player(game),
      await player(game),
      await player(game),
      await player(game),
    ];
    await server().befriend(a, b);
    await server().befriend(a, c);
    await report(game, a, [value(3, 100)]);
    await report(game, a, [value(3, 300)]);
    await report(game, b, [value(3, 500)]);
    await report(game, stranger, [value(3, 10_000)]);
    assert.deepEqual(await derivedOf(game, a), {
      5: 300,
      6: 0,
      9: 2,
      10: 2,
      11: 300,
      15: 300,
      16: 2,
    });
    // 00:30 Monday in Shanghai (still Sunday in UTC): a new day and a new week.
    moveTo(Date.UTC(2027, 0, 3, 16, 30));
    assert.deepEqual(await derivedOf(game, a), {
      5: 300,
      6: 2,
      9: 0,
      10: 0,
      11: 0,
      15: 0,
      16: 0,
    });
    await report(game, a, [value(3, 50)]);
    await report(game, c, [value(3, 40)]);
    assert.deepEqual(await derivedOf(game, a), {
      5: 300,
      6: 2,
      9: 1,
      10: 1,
      11: 50,
      15: 50,
      16: 1,
    });
    assert.equal((await held(game, a))[3], '300', 'the held score keeps the higher value');
    // Tuesday: today starts over, the week goes on.
    moveTo(Date.UTC(2027, 0, 4, 17, 0));
    const a2 = await server().tencentLogin(game, `rep-dev-${devices - 3}`, 'qq');
    await report(game, a2, [value(3, 70)]);
    const tuesday = await derivedOf(game, a2);
    assert.deepEqual([tuesday[9], tuesday[10], tuesday[11], tuesday[15]], [1, 2, 70, 70]);
    // The next Monday, last week's rank is the settled one of the week before.
    moveTo(Date.UTC(2027, 0, 10, 16, 1));
    const settled = await derivedOf(game, a2);
    assert.deepEqual([settled[6], settled[10], settled[16]], [1, 0, 0]);
  });

  it('qq_unreg_friends: refused (1007) until the app has reported, then friends not on QQ', async () => {
    const game = await server().createApp('Invite Game');
    const other = await server().createApp('Elsewhere');
    const me = await player(game, 'qq', 'Me');
    const onQq = await player(game, 'qq', 'Q Friend');
    const onWx = await player(game, 'wx', 'W Friend');
    const outsider = await player(other, 'qq', 'Outsider');
    for (const friend of [onQq, onWx, outsider]) await server().befriend(me, friend);
    const unreg = (body: object) =>
      server().msdk(
        game,
        'relation/qq_unreg_friends',
        { accessToken: me.msdk.openkey, ...body },
        { query: { openid: me.msdk.openid ?? '' } },
      );
    const refused = await unreg({ count: 20 });
    assert.equal(refused.body.ret, 1007);
    assert.match(refused.body.msg, /^1007,/);

    await report(game, onQq, [value(1, 1)]);
    // 002's example, with the caller's token.
    const first = await unreg({ count: 20 });
    assert.equal(first.status, 200);
    assert.deepEqual(Object.keys(first.body).sort(), ['friends', 'msg', 'ret']);
    assert.equal(first.body.ret, 0);
    const friends = first.body.friends as {
      openid: string;
      nick_name: string;
      head_img_url: string;
    }[];
    assert.deepEqual(
      friends.map((f) => f.nick_name),
      ['W Friend', 'Outsider'],
    );
    for (const friend of friends) {
      assert.deepEqual(Object.keys(friend), ['openid', 'nick_name', 'head_img_url']);
      assert.match(friend.openid, /^[0-9A-F]{32}$/);
      assert.equal(
        friend.head_img_url,
        `${server().baseUrl}/avatars/qq/${game.msdk.qqAppid}/${friend.openid}/100`,
      );
      const picture = await fetch(friend.head_img_url);
      assert.equal(picture.status, 200, 'a friend who does not play yet has a picture too');
      assert.equal(picture.headers.get('content-type'), 'image/png');
    }
    const again = await unreg({});
    assert.deepEqual(again.body.friends, friends, 'stable openids; count defaults to 20');
    assert.deepEqual((await unreg({ count: '1' })).body.friends, friends.slice(0, 1));

    // The outsider joins the game on QQ: under the openid they were shown by.
    const joined = await server().tencentLogin(game, `rep-dev-${devices}`, 'qq');
    assert.equal(joined.player_id, outsider.player_id);
    assert.equal(joined.msdk.openid, friends[1]?.openid);
    assert.deepEqual(
      (await unreg({})).body.friends.map((f: { nick_name: string }) => f.nick_name),
      ['W Friend'],
    );

    for (const count of [21, 0, -1, 'many']) {
      assert.equal((await unreg({ count })).body.ret, 1001, String(count));
    }
    const badToken = await server().msdk(game, 'relation/qq_unreg_friends', {
      openid: me.msdk.openid,
      accessToken: onQq.msdk.openkey,
    });
    assert.equal(badToken.body.ret, 1003);
    server().clock.advance(2 * HOUR + 1000);
    assert.equal((await unreg({})).body.ret, 1004);
  });

  it('wxbattle_report: replays 002 exactly and keeps the report as sent', async () => {
    const game = await server().createApp('Battle Game');
    const who = await player(game, 'wx', 'Pilot');
    const json = {
      baseinfo: { gamename: 'xxx', platid: 0, partitionid: '9', roleid: 'hunter', level: 2 },
      battleinfo: { score: 4288625, iswin: true },
    };
    const response = await server().msdk(
      game,
      'profile/wxbattle_report',
      { appid: game.msdk.wxAppid, openid: who.msdk.openid, json },
      { appid: game.msdk.wxAppid, query: { openid: who.msdk.openid ?? '' } },
    );
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, { ret: 0, msg: 'success' });
    const { battle } = await reportsOf(game, who);
    assert.deepEqual(battle?.report, json);
    assert.equal(battle?.best_score, 4288625);
  });

  it('wxbattle_report: arrays for many players, the best score on wx_friends, and 1001/1005', async () => {
    const game = await server().createApp('Battle Board Game');
    const me = await player(game, 'wx', 'Me');
    const friend = await player(game, 'wx', 'Friend');
    await server().befriend(me, friend);
    const battle = (json: unknown, caller = me) =>
      server().msdk(
        game,
        'profile/wxbattle_report',
        { openid: caller.msdk.openid, json },
        { appid: game.msdk.wxAppid },
      );
    const result = (score: unknown, extra: object = {}) => ({
      baseinfo: { platid: 1 },
      battleinfo: { score, iswin: false },
      ...extra,
    });
    const both = await battle([
      result(120, { userdefined: { goldcoin: { name: 'gold', value: 3 } } }),
      result(300, { openid: friend.msdk.openid }),
    ]);
    assert.deepEqual(both.body, { ret: 0, msg: 'success' });
    assert.deepEqual((await reportsOf(game, me)).battle?.report, {
      baseinfo: { platid: 1 },
      battleinfo: { score: 120, iswin: false },
      userdefined: { goldcoin: { name: 'gold', value: 3 } },
    });
    assert.equal((await reportsOf(game, friend)).battle?.best_score, 300);
    // A lower score is kept as the latest report, but the board keeps the best.
    assert.equal((await battle(JSON.stringify(result(90)))).body.ret, 0, 'json as a string');
    assert.equal((await reportsOf(game, me)).battle?.best_score, 120);
    const board = await server().request('GET', '/v1/client/leaderboards/wx_friends/friends', {
      token: me.session_token,
    });
    assert.deepEqual(
      board.json.entries.map((e: { player_id: string; score: number }) => [e.player_id, e.score]),
      [
        [friend.player_id, 300],
        [me.player_id, 120],
      ],
    );
    // A result without a score is kept, off the board.
    assert.equal((await battle({ baseinfo: { platid: 0 } })).body.ret, 0);

    const invalid: unknown[] = [
      { battleinfo: { score: 1 } },
      { baseinfo: { platid: 'ios' } },
      { baseinfo: { platid: 2 } },
      result(1.5),
      result('many'),
      { baseinfo: { platid: 1, level: -1 } },
      result(1, { userdefined: { blob: 'x'.repeat(9000) } }),
      Array.from({ length: 51 }, () => result(1)),
      [],
      'not json',
      undefined,
    ];
    for (const json of invalid) {
      assert.equal((await battle(json)).body.ret, 1001, JSON.stringify(json)?.slice(0, 80));
    }
    const stranger = await battle([result(5, { openid: 'oNobodyNobodyNobodyNobody123' })]);
    assert.equal(stranger.body.ret, 1005);
    const qqAppid = await server().msdk(game, 'profile/wxbattle_report', {
      openid: me.msdk.openid,
      json: result(1),
    });
    assert.equal(qqAppid.body.ret, 1001);
    assert.equal((await battle(result(1), { ...me, msdk: { openid: 'oUnknown' } })).body.ret, 1005);
  });

  it('shows operators 404 for an unknown player or app', async () => {
    const who = await player(app);
    const noPlayer = await server().admin('GET', `/v1/admin/apps/${app.id}/players/p_nope/reports`);
    assert.equal(noPlayer.status, 404);
    const noApp = await server().admin(
      'GET',
      `/v1/admin/apps/app_nope/players/${who.player_id}/reports`,
    );
    assert.equal(noApp.status, 404);
  });
});
