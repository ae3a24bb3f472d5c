import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { TestApp } from '../helpers/server.js';
import { ADMIN_TOKEN, describeEachBackend } from '../helpers/server.js';

/** The payment, push and MSDK settings of a new app, as the admin API shows them. */
const PAYMENT_DEFAULTS = {
  msdk_timestamp_window_sec: null,
  sandbox: false,
  momo_notify_url: null,
  momo_notify_sign_type: 'RSA',
  bill_export: false,
  timezone: 'Asia/Shanghai',
  apns_environment: 'production',
  xcloud_time_window_sec: 600,
  xcloud_landing_callback_url: null,
  xcloud_reward_url: null,
  xcloud_refund_url: null,
  facebook_app_id: null,
  facebook_app_secret_set: false,
  google_client_ids: [],
  apple_client_ids: [],
};

/** A secret credential as the GET views show it: its last 4 characters. */
const masked = (secret: string) => `****${secret.slice(-4)}`;

describeEachBackend('native admin API', (server) => {
  let app: TestApp;
  let player: {
    player_id: string;
    session_token: string;
    momo: { userid: string; vtoken: string };
  };
  before(async () => {
    app = await server().createApp('Admin Game');
    player = await server().guest(app, 'admin-device');
  });

  const assertError = (response: { status: number; json: any }, status: number, code: string) => {
    assert.equal(response.status, status, JSON.stringify(response.json));
    assert.equal(response.json.error.code, code);
    assert.equal(typeof response.json.error.message, 'string');
  };
  const submit = (userid: string, board: string, score: number) =>
    server().momo(app, 'rank/update', {
      data: JSON.stringify([{ userid, score_type: board, score }]),
    });

  it('answers 401 on every route without the admin token or with a wrong one', async () => {
    const routes: [string, string][] = [
      ['GET', '/v1/admin/apps'],
      ['GET', `/v1/admin/apps/${app.id}`],
      ['PATCH', `/v1/admin/apps/${app.id}`],
      ['GET', `/v1/admin/apps/${app.id}/boards/1`],
      ['PUT', `/v1/admin/apps/${app.id}/boards/1`],
      ['GET', `/v1/admin/apps/${app.id}/players/${player.player_id}/cards`],
      ['GET', '/v1/admin/players'],
      ['GET', `/v1/admin/players/${player.player_id}`],
      ['PATCH', `/v1/admin/players/${player.player_id}`],
    ];
    for (const [method, path] of routes) {
      const json = method === 'GET' ? undefined : { operator: 'best', vip: 1, name: 'x' };
      for (const token of [undefined, 'wrong-token', player.session_token, `${ADMIN_TOKEN}x`]) {
        assertError(await server().request(method, path, { json, token }), 401, 'auth.bad_token');
      }
      const basic = await server().request(method, path, {
        json,
        headers: { authorization: `Basic ${ADMIN_TOKEN}` },
      });
      assert.equal(basic.status, 401, `${method} ${path}`);
    }
    const unchanged = await server().admin('GET', `/v1/admin/apps/${app.id}`);
    assert.equal(unchanged.json.name, 'Admin Game');
  });

  it('lists and shows apps with their Momo, MSDK and xcloud credentials (secrets masked) and settings', async () => {
    const list = await server().admin('GET', '/v1/admin/apps');
    assert.equal(list.status, 200);
    const expected = {
      id: app.id,
      name: 'Admin Game',
      momo: { appid: app.momo.appid, app_secret: masked(app.momo.appSecret) },
      msdk: {
        qq_appid: app.msdk.qqAppid,
        wx_appid: app.msdk.wxAppid,
        guest_appid: `G_${app.msdk.qqAppid}`,
        appkey: masked(app.msdk.appkey),
        msdkkey: masked(app.msdk.msdkkey),
      },
      xcloud: { gid: app.xcloud.gid, app_id: app.xcloud.appId, key: masked(app.xcloud.key) },
      settings: { nearby_radius_m: 10_000, emotion: null, ...PAYMENT_DEFAULTS },
      created_at: app.createdAt,
    };
    assert.deepEqual(
      list.json.apps.find((a: { id: string }) => a.id === app.id),
      expected,
    );
    assert.deepEqual((await server().admin('GET', `/v1/admin/apps/${app.id}`)).json, expected);
    assertError(await server().admin('GET', '/v1/admin/apps/app_nope'), 404, 'app.not_found');
  });

  it('patches an app name, nearby radius and emotion, and validates the patch', async () => {
    const target = await server().createApp('Patch Game');
    const path = `/v1/admin/apps/${target.id}`;
    const patched = await server().admin('PATCH', path, {
      name: 'Renamed',
      nearby_radius_m: 5_000,
      emotion: { id: 'emo_1', name: '笑脸' },
    });
    assert.equal(patched.status, 200);
    assert.equal(patched.json.name, 'Renamed');
    assert.deepEqual(patched.json.settings, {
      nearby_radius_m: 5_000,
      emotion: { id: 'emo_1', name: '笑脸' },
      ...PAYMENT_DEFAULTS,
    });
    const cleared = await server().admin('PATCH', path, { emotion: null });
    assert.deepEqual(cleared.json.settings, {
      nearby_radius_m: 5_000,
      emotion: null,
      ...PAYMENT_DEFAULTS,
    });
    assert.equal(cleared.json.name, 'Renamed');
    assert.deepEqual((await server().admin('GET', path)).json.settings, cleared.json.settings);
    for (const body of [
      { nearby_radius_m: 50 },
      { nearby_radius_m: 2_000_000 },
      { nearby_radius_m: '5000' },
      { emotion: { name: 'no id' } },
      { emotion: 'emo_1' },
      { name: '' },
      { secret: 'unknown field' },
    ]) {
      assertError(await server().admin('PATCH', path, body), 400, 'invalid_argument');
    }
    assertError(
      await server().admin('PATCH', '/v1/admin/apps/app_nope', { name: 'x' }),
      404,
      'app.not_found',
    );
    assert.equal((await server().admin('GET', path)).json.settings.nearby_radius_m, 5_000);
  });

  it('patches the payment and push settings, and validates them', async () => {
    const target = await server().createApp('Payment Settings Game');
    const path = `/v1/admin/apps/${target.id}`;
    const changes = {
      sandbox: true,
      momo_notify_url: 'https://game.example.com/momo/notify?x=1',
      momo_notify_sign_type: 'RSA2',
      bill_export: true,
      timezone: 'Europe/Berlin',
      apns_environment: 'sandbox',
      msdk_timestamp_window_sec: 300,
      xcloud_time_window_sec: 60,
      xcloud_landing_callback_url: 'https://game.example.com/landed',
      xcloud_reward_url: 'https://game.example.com/reward',
      xcloud_refund_url: 'https://game.example.com/refund',
    };
    const patched = await server().admin('PATCH', path, changes);
    assert.equal(patched.status, 200, patched.text);
    assert.deepEqual(patched.json.settings, {
      nearby_radius_m: 10_000,
      emotion: null,
      ...changes,
      facebook_app_id: null,
      facebook_app_secret_set: false,
      google_client_ids: [],
      apple_client_ids: [],
    });
    assert.deepEqual((await server().admin('GET', path)).json.settings, patched.json.settings);
    const cleared = await server().admin('PATCH', path, { momo_notify_url: null, sandbox: false });
    assert.equal(cleared.json.settings.momo_notify_url, null);
    assert.equal(cleared.json.settings.sandbox, false);
    assert.equal(cleared.json.settings.timezone, 'Europe/Berlin');
    for (const body of [
      { sandbox: 'yes' },
      { momo_notify_url: 'ftp://game.example.com/notify' },
      { momo_notify_url: 'not a url' },
      { momo_notify_url: '' },
      { momo_notify_sign_type: 'RSA3' },
      { bill_export: 1 },
      { timezone: 'Mars/Olympus_Mons' },
      { timezone: '' },
      { apns_environment: 'development' },
      { msdk_timestamp_window_sec: 0 },
      { msdk_timestamp_window_sec: '300' },
    ]) {
      assertError(await server().admin('PATCH', path, body), 400, 'invalid_argument');
    }
    assert.deepEqual((await server().admin('GET', path)).json.settings, cleared.json.settings);
  });

  it('lists players page by page', async () => {
    const created = await Promise.all(
      ['page-1', 'page-2', 'page-3'].map((d) => server().guest(app, d)),
    );
    const seen: string[] = [];
    let after: number | null = 0;
    let pages = 0;
    while (after !== null) {
      const page = await server().admin('GET', `/v1/admin/players?after=${after}&limit=2`);
      assert.equal(page.status, 200);
      assert.ok(page.json.players.length <= 2);
      seen.push(...page.json.players.map((p: { player_id: string }) => p.player_id));
      after = page.json.next_after;
      pages += 1;
    }
    assert.equal(new Set(seen).size, seen.length);
    for (const p of [player, ...created]) assert.ok(seen.includes(p.player_id));
    assert.ok(pages >= 2);
    const all = await server().admin('GET', '/v1/admin/players?limit=500');
    assert.deepEqual(
      all.json.players.map((p: { player_id: string }) => p.player_id),
      seen,
    );
    assert.equal(all.json.next_after, null);
    for (const query of ['limit=0', 'limit=501', 'after=-1', 'limit=many']) {
      assertError(
        await server().admin('GET', `/v1/admin/players?${query}`),
        400,
        'invalid_argument',
      );
    }
  });

  it('shows a player with the apps they play and their gifts', async () => {
    const shown = await server().admin('GET', `/v1/admin/players/${player.player_id}`);
    assert.equal(shown.status, 200);
    assert.equal(shown.json.player_id, player.player_id);
    assert.equal(shown.json.kind, 'guest');
    assert.equal(shown.json.vip, 0);
    assert.equal(shown.json.regstate, 1);
    assert.equal(shown.json.is_spam, false);
    assert.equal(shown.json.apps.length, 1);
    assert.deepEqual(shown.json.gifts, []);
    assertError(await server().admin('GET', '/v1/admin/players/p_nobody'), 404, 'player.not_found');
  });

  it('patches vip, regstate and is_spam, as Momo app/check then reports them', async () => {
    const target = await server().guest(app, 'admin-attributes');
    const path = `/v1/admin/players/${target.player_id}`;
    const patched = await server().admin('PATCH', path, { vip: 3, regstate: 2, is_spam: true });
    assert.equal(patched.status, 200);
    assert.equal(patched.json.vip, 3);
    assert.equal(patched.json.regstate, 2);
    assert.equal(patched.json.is_spam, true);
    const check = () =>
      server().momo(app, 'app/check', { vtoken: target.momo.vtoken, userid: target.momo.userid });
    let { body } = await check();
    assert.equal(body.data.vip, 3);
    assert.equal(body.data.regstate, 2);
    assert.equal(body.data.is_spam, '1');
    await server().admin('PATCH', path, { is_spam: false });
    ({ body } = await check());
    assert.equal(body.data.is_spam, '0');
    assert.equal(body.data.vip, 3);
    for (const bad of [
      { vip: -1 },
      { vip: 1.5 },
      { regstate: 4 },
      { is_spam: 'yes' },
      { name: 'x' },
    ]) {
      assertError(await server().admin('PATCH', path, bad), 400, 'invalid_argument');
    }
    assertError(
      await server().admin('PATCH', '/v1/admin/players/p_nobody', { vip: 1 }),
      404,
      'player.not_found',
    );
  });

  it('sets board operators (set, best, increment) and shows boards', async () => {
    const board = (name: string) => `/v1/admin/apps/${app.id}/boards/${name}`;
    const other = await server().guest(app, 'admin-board-other');
    const cases: [string, string, number][] = [
      ['31', 'set', 5],
      ['32', 'best', 10],
      ['33', 'increment', 15],
    ];
    for (const [name, operator] of cases) {
      const put = await server().admin('PUT', board(name), { operator });
      assert.equal(put.status, 200);
      assert.deepEqual(put.json, { board: name, operator });
      await submit(player.momo.userid, name, 10);
      await submit(player.momo.userid, name, 5);
      await submit(other.momo.userid, name, 7);
    }
    for (const [name, operator, score] of cases) {
      const view = await server().admin('GET', board(name));
      assert.equal(view.status, 200);
      const top = score > 7 ? player.player_id : other.player_id;
      const second = score > 7 ? other.player_id : player.player_id;
      assert.deepEqual(view.json, {
        board: name,
        operator,
        total: 2,
        entries: [
          { rank: 1, score: Math.max(score, 7), player_id: top },
          { rank: 2, score: Math.min(score, 7), player_id: second },
        ],
      });
    }
    const paged = await server().admin('GET', `${board('33')}?after=1&limit=1`);
    assert.deepEqual(paged.json.entries, [{ rank: 2, score: 7, player_id: other.player_id }]);
    const unset = await server().admin('GET', board('99'));
    assert.deepEqual(unset.json, { board: '99', operator: 'set', total: 0, entries: [] });
    for (const body of [{ operator: 'max' }, {}, { operator: 1 }]) {
      assertError(await server().admin('PUT', board('31'), body), 400, 'invalid_argument');
    }
    assertError(
      await server().admin('PUT', board('x'.repeat(65)), { operator: 'set' }),
      400,
      'invalid_argument',
    );
    assertError(
      await server().admin('PUT', '/v1/admin/apps/app_nope/boards/1', { operator: 'set' }),
      404,
      'app.not_found',
    );
    assertError(
      await server().admin('GET', '/v1/admin/apps/app_nope/boards/1'),
      404,
      'app.not_found',
    );
    assert.equal((await server().admin('GET', board('31'))).json.operator, 'set');
  });

  it("shows a player's cards in an app", async () => {
    const path = (appId: string, playerId: string) =>
      `/v1/admin/apps/${appId}/players/${playerId}/cards`;
    const elsewhere = await server().createApp('Cardless Game');
    assert.deepEqual((await server().admin('GET', path(app.id, player.player_id))).json, {
      cards: [],
    });
    const card = {
      userid: player.momo.userid,
      os: 'ios',
      nickname: 'n',
      level: 1,
      server: 's',
      serverid: 'ios_1',
      uid: 'u',
      create_at: 1,
      guild: 'g',
      guildid: 'gid',
      free_gold: 0,
      pay_gold: 0,
      timestamp: 2,
    };
    await server().momo(app, 'player/update', { data: JSON.stringify([card]) });
    assert.deepEqual((await server().admin('GET', path(app.id, player.player_id))).json, {
      cards: [{ serverid: 'ios_1', card, updated_at: server().clock.now() }],
    });
    assert.deepEqual((await server().admin('GET', path(elsewhere.id, player.player_id))).json, {
      cards: [],
    });
    assertError(
      await server().admin('GET', path('app_nope', player.player_id)),
      404,
      'app.not_found',
    );
    assertError(await server().admin('GET', path(app.id, 'p_nobody')), 404, 'player.not_found');
  });
});
