import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { App } from '../../src/core/apps/types.js';
import { describeEachBackend } from '../helpers/server.js';

describeEachBackend('native client API', (server) => {
  let app: App;
  before(async () => {
    app = await server().createApp('Client Game');
  });

  const post = (path: string, json: unknown, token?: string) =>
    server().request('POST', path, { json, token });
  const assertError = (
    response: { status: number; json: any },
    status: number,
    code: string,
  ): void => {
    assert.equal(response.status, status, JSON.stringify(response.json));
    assert.equal(response.json.error.code, code);
    assert.equal(typeof response.json.error.message, 'string');
  };
  const assertLogin = (json: any): void => {
    assert.match(json.player_id, /^p_/);
    assert.match(json.session_token, /^[0-9a-f]{64}$/);
    assert.match(json.momo.userid, /^[0-9A-F]{16}$/);
    assert.match(json.momo.vtoken, /^[0-9a-f]{32}$/);
    assert.match(json.momo.token, /^[0-9a-f]{48}$/);
  };

  it('registers with 201, and refuses a duplicate email with 409 whatever its case', async () => {
    const created = await post('/v1/client/register', {
      app_id: app.id,
      email: 'reg@example.com',
      password: 'long enough',
    });
    assert.equal(created.status, 201);
    assertLogin(created.json);
    const again = await post('/v1/client/register', {
      app_id: app.id,
      email: ' REG@example.com ',
      password: 'another password',
    });
    assertError(again, 409, 'player.exists');
  });

  it('refuses a bad email, a short password or missing fields with 400', async () => {
    for (const body of [
      { app_id: app.id, email: 'not-an-email', password: 'long enough' },
      { app_id: app.id, email: 'short@example.com', password: 'seven77' },
      { app_id: app.id, email: 'nopass@example.com' },
      { email: 'noapp@example.com', password: 'long enough' },
    ]) {
      assertError(await post('/v1/client/register', body), 400, 'invalid_argument');
    }
  });

  it('answers 404 for an unknown app, and the email stays free', async () => {
    const body = { email: 'lost@example.com', password: 'long enough' };
    assertError(
      await post('/v1/client/register', { ...body, app_id: 'app_nope' }),
      404,
      'app.not_found',
    );
    const created = await post('/v1/client/register', { ...body, app_id: app.id });
    assert.equal(created.status, 201);
  });

  it('logs in a guest by device, the same player each time', async () => {
    const login = { app_id: app.id, method: 'guest', device_id: 'client-device' };
    const first = await post('/v1/client/login', login);
    assert.equal(first.status, 200);
    assertLogin(first.json);
    const again = await post('/v1/client/login', login);
    assert.equal(again.json.player_id, first.json.player_id);
    assert.equal(again.json.momo.userid, first.json.momo.userid);
    assert.notEqual(again.json.session_token, first.json.session_token);
  });

  it('logs in with a password, and refuses a wrong one or an unknown email with 401', async () => {
    const player = await server().registered(app, 'pw@example.com', 'right password');
    const login = (email: string, password: string) =>
      post('/v1/client/login', { app_id: app.id, method: 'password', email, password });
    const ok = await login('PW@example.com', 'right password');
    assert.equal(ok.status, 200);
    assertLogin(ok.json);
    assert.equal(ok.json.player_id, player.player_id);
    assert.equal(ok.json.momo.userid, player.momo.userid);
    assertError(await login('pw@example.com', 'wrong password'), 401, 'auth.bad_credentials');
    assertError(await login('nobody@example.com', 'right password'), 401, 'auth.bad_credentials');
  });

  it('answers 404 for an unknown app and 400 for a bad method or body', async () => {
    await server().registered(app, 'noapp@example.com', 'right password');
    for (const body of [
      { app_id: 'app_nope', method: 'guest', device_id: 'client-noapp' },
      {
        app_id: 'app_nope',
        method: 'password',
        email: 'noapp@example.com',
        password: 'right password',
      },
    ]) {
      assertError(await post('/v1/client/login', body), 404, 'app.not_found');
    }
    for (const body of [
      { app_id: app.id, method: 'facebook', device_id: 'x' },
      { app_id: app.id, device_id: 'x' },
      { app_id: app.id, method: 'guest' },
      { app_id: app.id, method: 'guest', device_id: 'x'.repeat(129) },
      { app_id: app.id, method: 'password', email: 'pw@example.com' },
    ]) {
      assertError(await post('/v1/client/login', body), 400, 'invalid_argument');
    }
  });

  it('requires a valid, unexpired session token on the profile', async () => {
    const player = await server().guest(app, 'client-session');
    const put = (token?: string, headers?: Record<string, string>) =>
      server().request('PUT', '/v1/client/profile', { json: { name: 'x' }, token, headers });
    assertError(await put(), 401, 'auth.bad_token');
    assertError(await put('f'.repeat(64)), 401, 'auth.bad_token');
    assertError(
      await put(undefined, { authorization: player.session_token }),
      401,
      'auth.bad_token',
    );
    assertError(await put(player.momo.token), 401, 'auth.bad_token');
    assert.equal((await put(player.session_token)).status, 200);
    server().clock.advance(30 * 24 * 3_600_000);
    assertError(await put(player.session_token), 401, 'auth.token_expired');
  });

  it('updates the profile and shows it to Momo app/check, with city 0 as 海外', async () => {
    const player = await server().guest(app, 'client-profile');
    const updated = await server().profile(player.session_token, {
      name: '旅人',
      sex: 'F',
      birthday: '1990-03-21',
      photos: ['P1'],
      sign: 'hello',
      city_code: '0',
      lat: 48.85,
      lng: 2.35,
    });
    assert.deepEqual(updated, {
      player_id: player.player_id,
      name: '旅人',
      sex: 'F',
      birthday: '1990-03-21',
      photos: ['P1'],
      sign: 'hello',
      city_code: '0',
      location: { lat: 48.85, lng: 2.35, at: server().clock.now() },
    });
    const shown = await server().request('GET', '/v1/client/profile', {
      token: player.session_token,
    });
    assert.deepEqual(shown.json, updated);
    const { body } = await server().momo(app, 'app/check', {
      vtoken: player.momo.vtoken,
      userid: player.momo.userid,
    });
    assert.equal(body.ec, 0);
    assert.equal(body.data.city, '海外');
    assert.equal(body.data.cityid, '0');
    assert.equal(body.data.name, '旅人');
    assert.equal(body.data.constellation, 1);
  });

  it('refuses bad profile fields with 400 and changes nothing', async () => {
    const player = await server().guest(app, 'client-badprofile');
    for (const profile of [
      { sex: 'X' },
      { birthday: '15-01-1987' },
      { birthday: '1987-02-30' },
      { birthday: '2999-01-01' },
      { city_code: '999999' },
      { city_code: 'beijing' },
      { lat: 39.9 },
      { lng: 116.4 },
      { lat: 91, lng: 0 },
      { name: 'x'.repeat(65) },
      { photos: Array.from({ length: 17 }, (_, i) => `p${i}`) },
      { nickname: 'unknown field' },
    ]) {
      const response = await server().request('PUT', '/v1/client/profile', {
        json: profile,
        token: player.session_token,
      });
      assertError(response, 400, 'invalid_argument');
    }
    const shown = await server().request('GET', '/v1/client/profile', {
      token: player.session_token,
    });
    assert.equal(shown.json.sex, '');
    assert.equal(shown.json.birthday, null);
    assert.equal(shown.json.city_code, null);
    assert.equal(shown.json.location, null);
  });

  it('makes friends by mutual request, lists them, and unfriends', async () => {
    const [a, b, c] = await Promise.all([
      server().guest(app, 'friend-a'),
      server().guest(app, 'friend-b'),
      server().guest(app, 'friend-c'),
    ]);
    await server().profile(b.session_token, { name: 'Bee' });
    const befriend = (from: typeof a, to: typeof a) =>
      server().request('POST', `/v1/client/friends/${to.player_id}`, { token: from.session_token });
    const list = async (who: typeof a) =>
      (await server().request('GET', '/v1/client/friends', { token: who.session_token })).json;

    const requested = await befriend(a, b);
    assert.equal(requested.status, 200);
    assert.deepEqual(requested.json, { player_id: b.player_id, status: 'requested' });
    await befriend(c, a);
    assert.deepEqual(await list(a), {
      friends: [],
      outgoing: [{ player_id: b.player_id, name: 'Bee' }],
      incoming: [{ player_id: c.player_id, name: '' }],
    });
    const mutual = await befriend(b, a);
    assert.deepEqual(mutual.json, { player_id: a.player_id, status: 'friends' });
    assert.deepEqual((await befriend(a, b)).json.status, 'friends');
    assert.deepEqual(await list(a), {
      friends: [{ player_id: b.player_id, name: 'Bee' }],
      outgoing: [],
      incoming: [{ player_id: c.player_id, name: '' }],
    });
    assert.deepEqual((await list(b)).friends, [{ player_id: a.player_id, name: '' }]);

    const remove = () =>
      server().request('DELETE', `/v1/client/friends/${a.player_id}`, { token: b.session_token });
    const removed = await remove();
    assert.equal(removed.status, 204);
    assert.equal(removed.text, '');
    assertError(await remove(), 404, 'not_found');
    assert.deepEqual(await list(b), { friends: [], outgoing: [], incoming: [] });
  });

  it('refuses befriending yourself (400), an unknown player (404), or no session (401)', async () => {
    const a = await server().guest(app, 'friend-self');
    const to = (id: string, token?: string) =>
      server().request('POST', `/v1/client/friends/${id}`, { token });
    assertError(await to(a.player_id, a.session_token), 400, 'friend.self');
    assertError(await to('p_nobody', a.session_token), 404, 'player.not_found');
    assertError(
      await server().request('DELETE', '/v1/client/friends/p_nobody', { token: a.session_token }),
      404,
      'player.not_found',
    );
    assertError(await to(a.player_id), 401, 'auth.bad_token');
    assertError(await server().request('GET', '/v1/client/friends'), 401, 'auth.bad_token');
  });
});
