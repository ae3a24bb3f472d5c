import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { sql } from 'kysely';
import { CUT_REFERENCES, PLAYER_ROWS, PlayerDataRepo } from '../../src/store/repos/player-data.js';
import type { TestApp } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';

type Player = { player_id: string; session_token: string };

const assertError = (response: { status: number; json: any }, status: number, code: string) => {
  assert.equal(response.status, status, JSON.stringify(response.json));
  assert.deepEqual(Object.keys(response.json), ['error']);
  assert.equal(response.json.error.code, code);
};

describeEachBackend('admin player search, export and delete', (server) => {
  let app: TestApp;
  let pat: Player & { momo: { userid: string; vtoken: string } };
  let rival: Player;
  let third: Player;
  let orderId: string;
  let tradeNo: string;
  let groupGid: string;

  const accountOf = async (player: Player) =>
    (await server().guildhall.directory.accountByPublicId(player.player_id)).id;
  const search = (q: string, query = '') =>
    server().admin(
      'GET',
      `/v1/admin/apps/${app.id}/players/search?q=${encodeURIComponent(q)}${query}`,
    );
  const matchedBy = async (q: string) =>
    (await search(q)).json.players.map((p: any) => [p.player_id, p.matched]);
  const board = async () =>
    (await server().guildhall.leaderboards.range(app.id, 'weekly', 0, 10)).entries;
  const rowsKeyedBy = async (accountId: number) => {
    const { db } = server().guildhall.store;
    const found: string[] = [];
    for (const [table, column] of [
      ...PLAYER_ROWS,
      ...CUT_REFERENCES,
      ['accounts', 'id'],
      ['groups', 'owner_id'],
    ]) {
      const { rows } = await sql<{ n: number | string }>`SELECT count(*) AS n FROM ${sql.table(
        table,
      )} WHERE ${sql.ref(column)} = ${accountId}`.execute(db);
      if (Number(rows[0]?.n) > 0) found.push(`${table}.${column}`);
    }
    for (const table of ['scores', 'score_journal']) {
      const { rows } = await sql<{ n: number | string }>`SELECT count(*) AS n FROM ${sql.table(
        table,
      )} WHERE member_id = ${accountId} AND member_kind = 'account'`.execute(db);
      if (Number(rows[0]?.n) > 0) found.push(table);
    }
    const { rows } = await sql<{
      n: number | string;
    }>`SELECT count(*) AS n FROM devices WHERE account_id = ${accountId}`.execute(db);
    if (Number(rows[0]?.n) > 0) found.push('devices');
    return found;
  };

  before(async () => {
    const s = server();
    const g = s.guildhall;
    app = await s.createApp('Privacy Game', {
      sandbox: true,
      momoNotifyUrl: 'http://127.0.0.1:9/notify',
      emotion: { id: 'emo_cat', name: 'cat' },
    });
    pat = await s.registered(app, 'pat@example.com');
    rival = await s.guest(app, 'rival-device');
    third = await s.guest(app, 'third-device');
    await s.profile(pat.session_token, { name: 'Pat', sign: 'hello' });
    await s.befriend(pat, rival);
    const [patId, rivalId, thirdId] = await Promise.all([pat, rival, third].map(accountOf));
    await g.leaderboards.submit(app.id, [
      { accountId: patId!, board: 'weekly', score: 300 },
      { accountId: rivalId!, board: 'weekly', score: 200 },
      { accountId: thirdId!, board: 'weekly', score: 100 },
    ]);
    const device = await s.request('POST', '/v1/client/devices', {
      token: pat.session_token,
      json: { platform: 'ios', token: 'pat-push-token', tags: ['vip'] },
    });
    assert.equal(device.status, 200, device.text);
    await g.messaging.inbox.toPlayers(app, [patId!], 'welcome');
    await g.roles.report(app.id, patId!, {
      serverId: 1,
      roleId: 'r1',
      name: 'Knight',
      level: 3,
      power: 10,
      vip: 0,
      reportedAt: s.clock.now(),
    });
    await g.analytics.recordEvent(app, {
      mainClass: 'login',
      subClass: '',
      entryType: 'app',
      at: s.clock.now(),
      accountId: patId!,
    });
    await g.gifts.presentEmotion(app, patId!);
    await g.memberships.update(app.id, patId!, { wifi: true });
    await g.memberships.grantGiftPack(app.id, patId!, '1001', 2);
    const order = await s.placeOrder(pat);
    await s.payOrder(pat, order.order_id);
    orderId = order.order_id;
    tradeNo = order.trade_no;
    const group = await g.groups.createUnbound(app.id, patId!, 'Pat club');
    groupGid = group.gid;
    await g.groups.join({ appId: app.id, gid: group.gid }, rivalId!);
  });

  it('finds a player by each id kind, and answers an unknown id with no players', async () => {
    const s = server();
    const guest = await s.guest(app, 'search-device');
    const qq = await s.tencentLogin(app, 'search-device', 'qq');
    const wx = await s.tencentLogin(app, 'search-device', 'wx');
    const tencentGuest = await s.tencentLogin(app, 'search-device', 'guest');
    const id = guest.player_id;
    assert.deepEqual(await matchedBy(id), [[id, ['player_id']]]);
    assert.deepEqual(await matchedBy(guest.momo.userid), [[id, ['momo_userid']]]);
    assert.deepEqual(await matchedBy(guest.xcloud.uid), [[id, ['xcloud_uid']]]);
    assert.deepEqual(await matchedBy(guest.xcloud.gidloginid), [[id, ['xcloud_gidloginid']]]);
    assert.deepEqual(await matchedBy(qq.msdk.openid!), [[id, ['msdk_qq_openid']]]);
    assert.deepEqual(await matchedBy(wx.msdk.openid!), [[id, ['msdk_wx_openid']]]);
    assert.deepEqual(await matchedBy(tencentGuest.msdk.guestid!), [[id, ['msdk_guestid']]]);
    assert.deepEqual(await matchedBy('search-device'), [[id, ['device']]]);
    assert.deepEqual(await matchedBy('PAT@example.com'), [[pat.player_id, ['email']]]);
    assert.deepEqual(await matchedBy('pat-push-token'), [[pat.player_id, ['push_token']]]);
    const response = await search(id);
    assert.equal(response.status, 200);
    assert.deepEqual(response.json, {
      players: [{ player_id: id, name: '', created_at: s.clock.now(), matched: ['player_id'] }],
      total: 1,
      next_offset: null,
    });
    assert.deepEqual((await search('nobody-has-this')).json, {
      players: [],
      total: 0,
      next_offset: null,
    });
  });

  it('pages matches', async () => {
    const s = server();
    // One player logged in on the device, two more whose devices report it as theirs.
    await s.guest(app, 'shared-hardware');
    for (const platform of ['android', 'ios'] as const) {
      const account = await s.guildhall.directory.accountByPublicId(
        (await s.guest(app, `shared-${platform}`)).player_id,
      );
      await s.guildhall.analytics.recordDevice(app, {
        platform,
        deviceId: 'shared-hardware',
        accountId: account.id,
        model: 'X',
        osVersion: '1',
      });
    }
    const first = await search('shared-hardware', '&limit=2');
    assert.equal(first.json.total, 3);
    assert.equal(first.json.players.length, 2);
    assert.equal(first.json.next_offset, 2);
    const rest = await search('shared-hardware', '&limit=2&offset=2');
    assert.equal(rest.json.players.length, 1);
    assert.equal(rest.json.next_offset, null);
    assert.deepEqual(rest.json.players[0].matched, ['device_id']);
    assert.deepEqual(first.json.players[0].matched, ['device']);
  });

  it('refuses bad search parameters and unknown apps', async () => {
    assertError(await search(''), 400, 'invalid_argument');
    assertError(await search('x', '&limit=0'), 400, 'invalid_argument');
    assertError(await search('x', '&limit=101'), 400, 'invalid_argument');
    assertError(await search('x', '&offset=-1'), 400, 'invalid_argument');
    assertError(await search('x', '&extra=1'), 400, 'invalid_argument');
    assertError(
      await server().admin('GET', '/v1/admin/apps/app_nope/players/search?q=x'),
      404,
      'app.not_found',
    );
    const anonymous = await server().request('GET', `/v1/admin/apps/${app.id}/players/search?q=x`);
    assertError(anonymous, 401, 'auth.bad_token');
  });

  it('exports every kind of data held about the player, without secrets', async () => {
    const response = await server().admin('GET', `/v1/admin/players/${pat.player_id}/export`);
    assert.equal(response.status, 200);
    assert.equal(
      response.headers.get('content-disposition'),
      `attachment; filename="player-${pat.player_id}.json"`,
    );
    const { player_id, exported_at, tables } = response.json;
    assert.equal(player_id, pat.player_id);
    assert.equal(exported_at, server().clock.now());
    for (const table of [
      'accounts',
      'identities',
      'app_players',
      'player_ids',
      'tokens',
      'friend_requests',
      'inbox_messages',
      'group_members',
      'groups',
      'gifts',
      'gift_packs',
      'player_attributes',
      'roles',
      'role_changes',
      'analytics_events',
      'orders',
      'outbox',
      'devices',
      'device_tags',
    ]) {
      assert.ok(tables[table]?.length > 0, `${table} exported`);
    }
    assert.ok([...(tables.scores ?? []), ...(tables.score_journal ?? [])].length > 0, 'scores');
    assert.equal(tables.accounts[0].name, 'Pat');
    assert.deepEqual(
      tables.identities.map((i: any) => [
        i.provider,
        i.subject,
        i.has_password,
        'secret_hash' in i,
      ]),
      [['email', 'pat@example.com', true, false]],
    );
    for (const token of tables.tokens) {
      assert.deepEqual(Object.keys(token).sort(), ['app_id', 'created_at', 'expires_at', 'kind']);
    }
    assert.ok(!response.text.includes(pat.session_token));
    assert.ok(!response.text.includes(pat.momo.vtoken));
    assert.equal(tables.orders[0].id, orderId);
    assert.deepEqual(
      tables.outbox.map((item: any) => item.ref),
      [orderId],
    );
  });

  it('answers an unknown player with 404', async () => {
    assertError(
      await server().admin('GET', '/v1/admin/players/nobody/export'),
      404,
      'player.not_found',
    );
    assertError(
      await server().admin('DELETE', '/v1/admin/players/nobody?confirm=nobody'),
      404,
      'player.not_found',
    );
  });

  it('refuses a delete without the confirmation and changes nothing', async () => {
    const before = await server().admin('GET', `/v1/admin/players/${pat.player_id}/export`);
    for (const query of ['', '?confirm=', `?confirm=${rival.player_id}`, '?confirm=x&other=1']) {
      assertError(
        await server().admin('DELETE', `/v1/admin/players/${pat.player_id}${query}`),
        400,
        'invalid_argument',
      );
    }
    const after = await server().admin('GET', `/v1/admin/players/${pat.player_id}/export`);
    assert.deepEqual(after.json, before.json);
  });

  it('a deletion that fails on the way changes nothing', async (t) => {
    const s = server();
    const exported = async () =>
      (await s.admin('GET', `/v1/admin/players/${pat.player_id}/export`)).json.tables;
    const before = await exported();
    const ranks = await board();
    const erase = PlayerDataRepo.prototype.erase;
    t.mock.method(
      PlayerDataRepo.prototype,
      'erase',
      async function (this: PlayerDataRepo, ...args: Parameters<typeof erase>) {
        await erase.apply(this, args);
        throw new Error('disk full');
      },
    );
    const response = await s.admin(
      'DELETE',
      `/v1/admin/players/${pat.player_id}?confirm=${pat.player_id}`,
    );
    t.mock.restoreAll();
    assert.equal(response.status, 500);
    assert.deepEqual(await exported(), before);
    assert.deepEqual(await board(), ranks);
    const group = await s.guildhall.groups.detail({ appId: app.id, gid: groupGid });
    assert.equal(group.group.ownerId, await accountOf(pat));
    const profile = await s.request('GET', '/v1/client/profile', { token: pat.session_token });
    assert.equal(profile.status, 200);
  });

  it('deletes the player: no row keyed by them but the cut orders, ranks shift, sessions end', async () => {
    const s = server();
    const patId = await accountOf(pat);
    const rivalId = await accountOf(rival);
    assert.deepEqual(
      (await board()).map((e) => e.rank),
      [1, 2, 3],
    );
    const response = await s.admin(
      'DELETE',
      `/v1/admin/players/${pat.player_id}?confirm=${pat.player_id}`,
    );
    assert.equal(response.status, 200, response.text);
    assert.deepEqual(response.json, { player_id: pat.player_id, deleted: true });

    assert.deepEqual(await rowsKeyedBy(patId), []);
    const order = await s.admin('GET', `/v1/admin/orders/${orderId}`);
    assert.equal(order.status, 200);
    assert.equal(order.json.player_id, null);
    assert.equal(order.json.status, 'paid');
    const checked = await s.momo(app, 'trade/checkorder', { trade_no: tradeNo });
    assert.equal(checked.body.ec, 0, JSON.stringify(checked.body));
    assert.equal(checked.body.data.userid, '');

    const ranks = await board();
    assert.deepEqual(
      ranks.map((e) => [e.memberId, e.rank]),
      [
        [rivalId, 1],
        [await accountOf(third), 2],
      ],
    );
    const group = await s.guildhall.groups.detail({ appId: app.id, gid: groupGid });
    assert.equal(group.group.ownerId, rivalId);

    const session = await s.request('GET', '/v1/client/profile', { token: pat.session_token });
    assertError(session, 401, 'auth.bad_token');
    const check = await s.momo(app, 'app/check', {
      userid: pat.momo.userid,
      vtoken: pat.momo.vtoken,
    });
    assert.notEqual(check.body.ec, 0);
    assertError(
      await s.admin('GET', `/v1/admin/players/${pat.player_id}/export`),
      404,
      'player.not_found',
    );
    assert.deepEqual((await search(pat.player_id)).json.total, 0);
    const friends = await s.request('GET', '/v1/client/friends', { token: rival.session_token });
    assert.equal(friends.status, 200);
    assert.ok(!friends.text.includes(pat.player_id));
  });

  it('deletes a Tencent player: verify_login refuses their openkey at once', async () => {
    const s = server();
    const qq = await s.tencentLogin(app, 'tencent-device', 'qq');
    const body = {
      appid: Number(app.msdk.qqAppid),
      openid: qq.msdk.openid,
      openkey: qq.msdk.openkey,
      userip: '192.168.5.114',
    };
    assert.equal((await s.msdk(app, 'auth/verify_login', body)).body.ret, 0);
    const deleted = await s.admin(
      'DELETE',
      `/v1/admin/players/${qq.player_id}?confirm=${qq.player_id}`,
    );
    assert.equal(deleted.status, 200);
    assert.notEqual((await s.msdk(app, 'auth/verify_login', body)).body.ret, 0);
    assert.equal((await matchedBy(qq.msdk.openid!)).length, 0);
  });
});
