import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { XCLOUD_UID } from '../../src/protocols/xcloud/players.js';
import { LIVE, checks, qqGuest } from '../helpers/player-access.js';
import type { TestApp } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';

const HOUR = 3_600_000;

describeEachBackend('admin API: banning a player', (server) => {
  let app: TestApp;
  before(async () => {
    app = await server().createApp('Ban Game');
  });

  const ban = (playerId: string, body: unknown) =>
    server().admin('POST', `/v1/admin/players/${playerId}/ban`, body);
  const unban = (playerId: string) => server().admin('DELETE', `/v1/admin/players/${playerId}/ban`);
  const guestLogin = (deviceId: string) =>
    server().request('POST', '/v1/client/login', {
      json: { app_id: app.id, method: 'guest', device_id: deviceId },
    });
  const tourist = (deviceId: string) => server().xcloudTourist(app, deviceId);

  it('refuses every token at once (Momo 30016, MSDK 1003, native 401) and every login (native 403, xcloud 119); unban restores login', async () => {
    const guest = await qqGuest(server(), app, 'ban-device');
    assert.deepEqual(await checks(server(), app, guest), LIVE);
    const banned = await ban(guest.player_id, { reason: 'speed hack' });
    assert.equal(banned.status, 200, banned.text);
    assert.deepEqual(banned.json, {
      player_id: guest.player_id,
      ban: { in_force: true, reason: 'speed hack', banned_at: server().clock.now(), until: null },
    });
    assert.deepEqual(await checks(server(), app, guest), { momo: 30016, msdk: 1003, session: 401 });
    assert.deepEqual(
      (await server().admin('GET', `/v1/admin/players/${guest.player_id}/tokens`)).json,
      {
        tokens: [],
      },
    );

    const login = await guestLogin('ban-device');
    assert.equal(login.status, 403);
    assert.equal(login.json.error.code, 'player.banned');
    const qq = await server().request('POST', '/v1/client/login', {
      json: { app_id: app.id, method: 'guest', device_id: 'ban-device', platform: 'qq' },
    });
    assert.equal(qq.status, 403);
    const xcloud = await tourist('ban-device');
    assert.equal(xcloud.body.status, 119);
    assert.deepEqual(
      (await server().admin('GET', `/v1/admin/players/${guest.player_id}/tokens`)).json,
      {
        tokens: [],
      },
    );

    assert.equal((await unban(guest.player_id)).status, 204);
    const back = await qqGuest(server(), app, 'ban-device');
    assert.equal(back.player_id, guest.player_id);
    assert.deepEqual(await checks(server(), app, back), LIVE);
    assert.equal((await tourist('ban-device')).body.status, 200);
  });

  it('refuses a banned WeChat player: check_token 1003, token refresh 401, WeChat login 403', async () => {
    const wx = await server().tencentLogin(app, 'ban-wechat', 'wx');
    const checkToken = () =>
      server().msdk(
        app,
        'auth/check_token',
        { accessToken: wx.msdk.access_token, openid: wx.msdk.openid },
        { appid: app.msdk.wxAppid },
      );
    assert.equal((await checkToken()).body.ret, 0);
    await ban(wx.player_id, { reason: 'account sharing' });
    assert.equal((await checkToken()).body.ret, 1003);
    const refresh = await server().request('POST', '/v1/client/msdk/refresh', {
      json: { app_id: app.id, refresh_token: wx.msdk.refresh_token },
    });
    assert.equal(refresh.status, 401);
    const login = await server().request('POST', '/v1/client/login', {
      json: { app_id: app.id, method: 'guest', device_id: 'ban-wechat', platform: 'wx' },
    });
    assert.equal(login.status, 403);
  });

  it('leaves no live token behind when logins race the ban', async () => {
    const guest = await qqGuest(server(), app, 'ban-race');
    const logins = Array.from({ length: 8 }, () => guestLogin('ban-race'));
    const banned = ban(guest.player_id, { reason: 'race' });
    await Promise.all([...logins, banned]);
    const left = await server().admin('GET', `/v1/admin/players/${guest.player_id}/tokens`);
    assert.deepEqual(left.json, { tokens: [] });
  });

  it('refuses a password login while banned', async () => {
    const player = await server().registered(app, 'banned@example.com');
    await ban(player.player_id, { reason: 'chargebacks' });
    const login = await server().request('POST', '/v1/client/login', {
      json: {
        app_id: app.id,
        method: 'password',
        email: 'banned@example.com',
        password: 'correct horse battery',
      },
    });
    assert.equal(login.status, 403);
    assert.equal(login.json.error.code, 'player.banned');
  });

  it('a ban with `until` ends by itself then', async () => {
    const guest = await qqGuest(server(), app, 'ban-until');
    const until = server().clock.now() + 2 * HOUR;
    const banned = await ban(guest.player_id, { reason: 'cool-off', until });
    assert.equal(banned.json.ban.until, until);
    assert.equal((await guestLogin('ban-until')).status, 403);
    server().clock.advance(2 * HOUR);
    assert.equal((await guestLogin('ban-until')).status, 200);
  });

  it('a banned xcloud player is refused the login that reached them', async () => {
    const first = await tourist('ban-xcloud');
    assert.equal(first.body.status, 200);
    const account = await server().guildhall.directory.accountKnownAs(
      app.id,
      XCLOUD_UID,
      first.body.data.uid,
    );
    await ban(account.publicId, { reason: 'bots' });
    const again = await tourist('ban-xcloud');
    assert.equal(again.body.status, 119);
  });

  it('answers 400 to a bad body and 404 to an unknown player, changing nothing', async () => {
    const guest = await qqGuest(server(), app, 'ban-errors');
    for (const body of [
      {},
      { reason: '' },
      { reason: '   ' },
      { reason: 'x'.repeat(513) },
      { reason: 'late', until: server().clock.now() },
      { reason: 'float', until: server().clock.now() + 1.5 },
      { reason: 'string', until: String(server().clock.now() + HOUR) },
      { reason: 'extra', forever: true },
      'not an object',
    ]) {
      const answer = await ban(guest.player_id, body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.equal(answer.json.error.code, 'invalid_argument');
    }
    assert.deepEqual(await checks(server(), app, guest), LIVE);
    assert.equal((await guestLogin('ban-errors')).status, 200);
    for (const answer of [
      await ban('p_nosuchplayer', { reason: 'ghost' }),
      await unban('p_nosuchplayer'),
    ]) {
      assert.equal(answer.status, 404);
      assert.equal(answer.json.error.code, 'player.not_found');
    }
    const anonymous = await server().request('POST', `/v1/admin/players/${guest.player_id}/ban`, {
      json: { reason: 'no token' },
    });
    assert.equal(anonymous.status, 401);
    assert.deepEqual(await checks(server(), app, guest), LIVE);
  });
});
