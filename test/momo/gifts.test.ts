import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { TestApp } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';

describeEachBackend('momo emotion/present', (server) => {
  let app: TestApp;
  let bare: TestApp;
  before(async () => {
    app = await server().createApp('Gift Game', {
      emotion: { id: 'emo_rabbit', name: '泡泡兔' },
    });
    bare = await server().createApp('No Emotion Game');
  });

  const giftsOf = async (playerId: string) => {
    const response = await server().admin('GET', `/v1/admin/players/${playerId}`);
    assert.equal(response.status, 200);
    return response.json.gifts;
  };

  it('records the configured emotion on the player and answers an empty data list', async () => {
    const player = await server().guest(app, 'gift-device');
    const { status, body } = await server().momo(app, 'emotion/present', {
      userid: player.momo.userid,
    });
    assert.equal(status, 200);
    assert.deepEqual(body, {
      ec: 0,
      em: 'success',
      timesec: Math.floor(server().clock.now() / 1000),
      data: [],
    });
    const at = server().clock.now();
    server().clock.advance(1_000);
    await server().momo(app, 'emotion/present', { userid: player.momo.userid }, { via: 'query' });
    const gift = { app_id: app.id, kind: 'emotion', item: { id: 'emo_rabbit', name: '泡泡兔' } };
    assert.deepEqual(await giftsOf(player.player_id), [
      { ...gift, created_at: at },
      { ...gift, created_at: at + 1_000 },
    ]);
  });

  it('follows the emotion an operator configures through the admin API', async () => {
    const later = await server().createApp('Configured Later');
    const player = await server().guest(later, 'gift-later');
    const unconfigured = await server().momo(later, 'emotion/present', {
      userid: player.momo.userid,
    });
    assert.equal(unconfigured.body.ec, 30208);
    const patched = await server().admin('PATCH', `/v1/admin/apps/${later.id}`, {
      emotion: { id: 'emo_cat', name: '猫' },
    });
    assert.equal(patched.status, 200);
    const configured = await server().momo(later, 'emotion/present', {
      userid: player.momo.userid,
    });
    assert.equal(configured.body.ec, 0);
    assert.deepEqual(
      (await giftsOf(player.player_id)).map((g: { item: unknown }) => g.item),
      [{ id: 'emo_cat', name: '猫' }],
    );
  });

  it('answers 30208 when the app has no emotion configured, and records nothing', async () => {
    const player = await server().guest(bare, 'gift-bare');
    const { body } = await server().momo(bare, 'emotion/present', { userid: player.momo.userid });
    assert.equal(body.ec, 30208);
    assert.equal(body.em, '赠送表情受限(游戏尚未配置对应表情)');
    assert.deepEqual(body.data, []);
    assert.deepEqual(await giftsOf(player.player_id), []);
  });

  it('answers 30101 for an unknown userid, a player of another app, or no userid', async () => {
    const elsewhere = await server().guest(bare, 'gift-elsewhere');
    const cases: Record<string, string>[] = [
      { userid: 'FFFFFFFFFFFFFFFF' },
      { userid: elsewhere.momo.userid },
      { userid: ' ' },
      {},
    ];
    for (const params of cases) {
      const { body } = await server().momo(app, 'emotion/present', params);
      assert.equal(body.ec, 30101, JSON.stringify(params));
      assert.deepEqual(body.data, []);
    }
    assert.deepEqual(await giftsOf(elsewhere.player_id), []);
  });

  it('answers 30009 for a wrong app_secret or appid, and records nothing', async () => {
    const player = await server().guest(app, 'gift-locked');
    for (const params of [
      { appid: app.momo.appid, app_secret: 'wrong' },
      { appid: 'mm_nope', app_secret: app.momo.appSecret },
    ]) {
      const { body } = await server().momoRaw('emotion/present', {
        ...params,
        userid: player.momo.userid,
      });
      assert.equal(body.ec, 30009);
      assert.equal(body.em, 'App secret 错误');
    }
    assert.deepEqual(await giftsOf(player.player_id), []);
  });
});
