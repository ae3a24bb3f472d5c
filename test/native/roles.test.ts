import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { TestApp } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';

interface Player {
  player_id: string;
  session_token: string;
  xcloud: { uid: string; gidloginid: string };
}

describeEachBackend('native roles (client and admin)', (server) => {
  let app: TestApp;
  let other: TestApp;
  let player: Player;
  let otherLogin: Player;
  let newcomer: Player;

  /** Reports a role the way the game does (/Pt/userup). */
  const report = async (target: TestApp, who: Player, fields: Record<string, string>) => {
    const answer = await server().xcloud(
      target,
      '/Pt/userup',
      {
        uid: who.xcloud.uid,
        sid: '1',
        rolename: 'Zico',
        pid: 'p-1',
        grade: '1',
        combat: '100',
        vip: '0',
        moditime: String(Math.floor(server().clock.now() / 1000)),
        entry_type: 'appstore',
        ...fields,
      },
      { noTime: true },
    );
    assert.equal(answer.body.status, 200, answer.text);
  };

  before(async () => {
    app = await server().createApp('Roles Game');
    other = await server().createApp('Roles Other Game');
    player = await server().guest(app, 'native-roles-1');
    otherLogin = await server().guest(other, 'native-roles-1');
    newcomer = await server().guest(app, 'native-roles-2');
    await report(app, player, { sid: '2', grade: '5' });
    server().clock.advance(1000);
    await report(app, player, { sid: '1', grade: '3' });
    server().clock.advance(1000);
    await report(app, player, { sid: '2', grade: '6' });
    server().clock.advance(1000);
    await report(app, player, { sid: '2', grade: '6' });
    server().clock.advance(1000);
    await report(app, player, { sid: '1', grade: '4', combat: '250' });
    await report(other, otherLogin, { sid: '9', rolename: 'Elsewhere' });
    const choice = await server().xcloud(app, '/Pt/getsid', {
      uid: player.xcloud.uid,
      gidloginid: player.xcloud.gidloginid,
      lastsid: '2',
      source: 'googleplay',
    });
    assert.equal(choice.body.status, 200);
  });

  const levels = (roles: { server_id: number; level: number }[]) =>
    roles.map((r) => [r.server_id, r.level]);

  it("GET /v1/client/roles: the player's roles in the session's app and the server chosen last", async () => {
    const { status, json } = await server().request('GET', '/v1/client/roles', {
      token: player.session_token,
    });
    assert.equal(status, 200);
    assert.equal(json.last_server_id, 2);
    assert.deepEqual(levels(json.roles), [
      [1, 4],
      [2, 6],
    ]);
    assert.deepEqual(Object.keys(json.roles[0]).sort(), [
      'created_at',
      'level',
      'name',
      'power',
      'reported_at',
      'role_id',
      'server_id',
      'updated_at',
      'vip',
    ]);
    assert.equal(json.roles[0].power, 250);

    const elsewhere = await server().request('GET', '/v1/client/roles', {
      token: otherLogin.session_token,
    });
    assert.deepEqual(elsewhere.json, {
      last_server_id: null,
      roles: [
        {
          server_id: 9,
          role_id: 'p-1',
          name: 'Elsewhere',
          level: 1,
          power: 100,
          vip: 0,
          reported_at: elsewhere.json.roles[0].reported_at,
          created_at: elsewhere.json.roles[0].created_at,
          updated_at: elsewhere.json.roles[0].updated_at,
        },
      ],
    });
    const none = await server().request('GET', '/v1/client/roles', {
      token: newcomer.session_token,
    });
    assert.deepEqual(none.json, { last_server_id: null, roles: [] });
  });

  it('GET /v1/client/roles?server_id= names one server; a bad one answers 400 role.bad_server', async () => {
    const one = await server().request('GET', '/v1/client/roles?server_id=2', {
      token: player.session_token,
    });
    assert.deepEqual(levels(one.json.roles), [[2, 6]]);
    for (const bad of ['x', '0', '-1']) {
      const answer = await server().request('GET', `/v1/client/roles?server_id=${bad}`, {
        token: player.session_token,
      });
      assert.equal(answer.status, 400, bad);
      assert.equal(answer.json.error.code, 'role.bad_server');
    }
  });

  it('GET /v1/client/roles answers 401 without a valid session', async () => {
    for (const token of [undefined, 'nope']) {
      const answer = await server().request('GET', '/v1/client/roles', { token });
      assert.equal(answer.status, 401);
      assert.equal(answer.json.error.code, 'auth.bad_token');
    }
  });

  const playerPath = (who: Player = player, target: TestApp = app) =>
    `/v1/admin/apps/${target.id}/players/${who.player_id}`;

  it("admin GET .../roles: the player's roles and chosen server", async () => {
    const { status, json } = await server().admin('GET', `${playerPath()}/roles`);
    assert.equal(status, 200);
    assert.equal(json.player_id, player.player_id);
    assert.deepEqual(levels(json.roles), [
      [1, 4],
      [2, 6],
    ]);
    assert.deepEqual(json.server_choice, {
      server_id: 2,
      entry_type: '',
      entry_name: '',
      entry_lang: '',
      source: 'googleplay',
      main_source: '',
      sub_source: '',
      url: '',
      chosen_at: server().clock.now(),
    });
    const filtered = await server().admin('GET', `${playerPath()}/roles?server_id=1`);
    assert.deepEqual(levels(filtered.json.roles), [[1, 4]]);
    const none = await server().admin('GET', `${playerPath(newcomer)}/roles`);
    assert.deepEqual(none.json, { player_id: newcomer.player_id, server_choice: null, roles: [] });
  });

  it('admin GET .../roles/history: one row per change, oldest first, paged and by server', async () => {
    const { status, json } = await server().admin('GET', `${playerPath()}/roles/history`);
    assert.equal(status, 200);
    assert.equal(json.player_id, player.player_id);
    assert.deepEqual(
      json.changes.map((c: { server_id: number; level: number; power: number }) => [
        c.server_id,
        c.level,
        c.power,
      ]),
      [
        [2, 5, 100],
        [1, 3, 100],
        [2, 6, 100],
        [1, 4, 250],
      ],
    );
    assert.equal(json.next_after, null);
    assert.deepEqual(Object.keys(json.changes[0]).sort(), [
      'id',
      'level',
      'name',
      'power',
      'recorded_at',
      'reported_at',
      'role_id',
      'server_id',
      'vip',
    ]);

    const first = await server().admin('GET', `${playerPath()}/roles/history?limit=3`);
    assert.equal(first.json.changes.length, 3);
    assert.equal(first.json.next_after, first.json.changes[2].id);
    const rest = await server().admin(
      'GET',
      `${playerPath()}/roles/history?limit=3&after=${first.json.next_after}`,
    );
    assert.deepEqual(levels(rest.json.changes), [[1, 4]]);
    assert.equal(rest.json.next_after, null);

    const server2 = await server().admin('GET', `${playerPath()}/roles/history?server_id=2`);
    assert.deepEqual(levels(server2.json.changes), [
      [2, 5],
      [2, 6],
    ]);
  });

  it('admin reads answer 400 to a bad server_id or page, 404 to an unknown app or player, 401 without the admin token', async () => {
    for (const suffix of ['roles', 'roles/history']) {
      const bad = await server().admin('GET', `${playerPath()}/${suffix}?server_id=abc`);
      assert.equal(bad.status, 400, suffix);
      assert.equal(bad.json.error.code, 'role.bad_server');
      const noApp = await server().admin(
        'GET',
        `/v1/admin/apps/nope/players/${player.player_id}/${suffix}`,
      );
      assert.equal(noApp.status, 404);
      assert.equal(noApp.json.error.code, 'app.not_found');
      const noPlayer = await server().admin(
        'GET',
        `/v1/admin/apps/${app.id}/players/p_nobody/${suffix}`,
      );
      assert.equal(noPlayer.status, 404);
      assert.equal(noPlayer.json.error.code, 'player.not_found');
      const unauthorised = await server().request('GET', `${playerPath()}/${suffix}`, {
        token: player.session_token,
      });
      assert.equal(unauthorised.status, 401);
    }
    const badPage = await server().admin('GET', `${playerPath()}/roles/history?limit=0`);
    assert.equal(badPage.status, 400);
    assert.equal(badPage.json.error.code, 'invalid_argument');
  });
});
