import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { createGuildhallClient } from '../../sdk/index.js';
import type { TestApp } from '../helpers/server.js';
import { ADMIN_TOKEN, describeEachBackend } from '../helpers/server.js';

describeEachBackend('SDK', (server) => {
  let app: TestApp;
  before(async () => {
    app = await server().createApp('SDK Game', { sandbox: true });
  });

  const guestLogin = async (deviceId: string) => {
    const guildhall = createGuildhallClient(server().baseUrl);
    const { data, error } = await guildhall.POST('/v1/client/login', {
      body: { app_id: app.id, method: 'guest', device_id: deviceId },
    });
    assert.ok(data, JSON.stringify(error));
    return data;
  };

  it("runs the README's flow: guest login, a leaderboard, a sandbox order paid", async () => {
    const login = await guestLogin('sdk-device');
    assert.match(login.player_id, /\S/);
    const player = createGuildhallClient(server().baseUrl, { sessionToken: login.session_token });

    const board = await player.GET('/v1/client/leaderboards/{board}/friends', {
      params: { path: { board: 'qq_friends' }, query: { count: 10 } },
    });
    assert.deepEqual(board.data, { board: 'qq_friends', total: 0, rank: 0, score: 0, entries: [] });

    const placed = await player.POST('/v1/client/orders', {
      body: {
        product_id: 'com.example.gems.60',
        amount: '6.00',
        currency: 'RMB',
        channel: 'sandbox',
        app_order_no: 'sdk-1',
      },
    });
    assert.equal(placed.response.status, 201);
    assert.ok(placed.data, JSON.stringify(placed.error));
    const path = { order_id: placed.data.order_id };
    const paid = await player.POST('/v1/client/orders/{order_id}/pay', { params: { path } });
    assert.deepEqual(paid.data, { ...placed.data, status: 'paid' });
    const shown = await player.GET('/v1/client/orders/{order_id}', { params: { path } });
    assert.equal(shown.data?.status, 'paid');
    assert.equal(shown.data?.paid_at, server().clock.now());
  });

  it('answers a domain error as the typed native error body', async () => {
    const player = createGuildhallClient(server().baseUrl, {
      sessionToken: (await guestLogin('sdk-error')).session_token,
    });
    const { data, error, response } = await player.GET('/v1/client/orders/{order_id}', {
      params: { path: { order_id: 'ord_missing' } },
    });
    assert.equal(data, undefined);
    assert.equal(response.status, 404);
    assert.equal(error?.error.code, 'order.not_found');
  });

  it('sends the admin token to the admin API and the session token to the client API', async () => {
    const { session_token } = await guestLogin('sdk-both');
    const both = createGuildhallClient(server().baseUrl, {
      sessionToken: session_token,
      adminToken: ADMIN_TOKEN,
    });
    const admin = await both.GET('/v1/admin/apps/{app_id}', {
      params: { path: { app_id: app.id } },
    });
    assert.equal(admin.response.status, 200);
    const profile = await both.GET('/v1/client/profile');
    assert.equal(profile.response.status, 200);

    const playerOnly = createGuildhallClient(server().baseUrl, { sessionToken: session_token });
    const refused = await playerOnly.GET('/v1/admin/apps/{app_id}', {
      params: { path: { app_id: app.id } },
    });
    assert.equal(refused.response.status, 401);
  });
});
