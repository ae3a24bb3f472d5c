import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { TestApp } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';

describeEachBackend('momo app/check', (server) => {
  let app: TestApp;
  let other: TestApp;
  before(async () => {
    app = await server().createApp('Check Game');
    other = await server().createApp('Other Game');
  });

  it('returns the profile of a player whose vtoken is valid, by query, form and multipart', async () => {
    const player = await server().registered(app, 'check@example.com');
    await server().profile(player.session_token, {
      name: '血手人屠',
      sex: 'M',
      birthday: '1987-01-15',
      photos: ['738AD8CB-DBD9-7662-519D-8A4A7286B4EA'],
      sign: '世间苦难',
      city_code: '110105',
      lat: 39.99,
      lng: 116.48,
    });
    for (const via of ['query', 'form', 'multipart'] as const) {
      const { status, body } = await server().momo(
        app,
        'app/check',
        { vtoken: player.momo.vtoken, userid: player.momo.userid },
        { via },
      );
      assert.equal(status, 200);
      assert.equal(body.ec, 0);
      assert.equal(body.em, 'success');
      assert.equal(body.timesec, Math.floor(server().clock.now() / 1000));
      const data = body.data;
      assert.equal(data.name, '血手人屠');
      assert.equal(data.sex, 'M');
      assert.equal(data.age, 39);
      assert.equal(data.constellation, 10);
      assert.deepEqual(data.photo, ['738AD8CB-DBD9-7662-519D-8A4A7286B4EA']);
      assert.equal(data.regstate, 3);
      assert.equal(data.vip, 0);
      assert.equal(data.sign, '世间苦难');
      assert.equal(data.userid, player.momo.userid);
      assert.equal(data.city, '北京');
      assert.equal(data.cityid, '110000');
      assert.equal(data.birthday, '1987-01-15');
      assert.equal(data.is_spam, '0');
      assert.equal(typeof data.reg_time, 'number');
      assert.equal(typeof data.loc_timesec, 'number');
      assert.equal(typeof data.pversion, 'string');
      assert.equal(data.uid, player.player_id);
      assert.equal(data.distance, 0);
    }
  });

  it('gives each app its own stable, unguessable userid for the same player', async () => {
    const first = await server().guest(app, 'device-stable');
    const again = await server().guest(app, 'device-stable');
    const elsewhere = await server().guest(other, 'device-stable');
    assert.equal(first.player_id, again.player_id);
    assert.equal(first.momo.userid, again.momo.userid);
    assert.equal(first.player_id, elsewhere.player_id);
    assert.notEqual(first.momo.userid, elsewhere.momo.userid);
    assert.match(first.momo.userid, /^[0-9A-F]{16}$/);
  });

  it('rejects a vtoken of another player, another app, an unknown one, and an expired one with 30016', async () => {
    const a = await server().guest(app, 'device-a');
    const b = await server().guest(app, 'device-b');
    const inOther = await server().guest(other, 'device-a');
    const cases = [
      { vtoken: a.momo.vtoken, userid: b.momo.userid },
      { vtoken: inOther.momo.vtoken, userid: a.momo.userid },
      { vtoken: 'f'.repeat(32), userid: a.momo.userid },
      { vtoken: a.momo.vtoken, userid: 'FFFFFFFFFFFFFFFF' },
    ];
    for (const params of cases) {
      const { body } = await server().momo(app, 'app/check', params);
      assert.equal(body.ec, 30016, JSON.stringify(params));
      assert.deepEqual(body.data, []);
    }
    const ok = await server().momo(app, 'app/check', {
      vtoken: a.momo.vtoken,
      userid: a.momo.userid,
    });
    assert.equal(ok.body.ec, 0);
    server().clock.advance(24 * 3_600_000 + 1);
    const expired = await server().momo(app, 'app/check', {
      vtoken: a.momo.vtoken,
      userid: a.momo.userid,
    });
    assert.equal(expired.body.ec, 30016);
  });

  it('answers 30009 for a wrong app_secret or appid and 30101 for missing parameters', async () => {
    const a = await server().guest(app, 'device-c');
    const wrongSecret = await server().momoRaw('app/check', {
      appid: app.momo.appid,
      app_secret: 'nope',
      vtoken: a.momo.vtoken,
      userid: a.momo.userid,
    });
    assert.equal(wrongSecret.body.ec, 30009);
    assert.equal(wrongSecret.body.em, 'App secret 错误');
    const wrongApp = await server().momoRaw('app/check', {
      appid: 'mm_nope',
      app_secret: app.momo.appSecret,
      vtoken: a.momo.vtoken,
      userid: a.momo.userid,
    });
    assert.equal(wrongApp.body.ec, 30009);
    const missing = await server().momo(app, 'app/check', { userid: a.momo.userid });
    assert.equal(missing.body.ec, 30101);
    const noSecret = await server().momoRaw('app/check', {
      appid: app.momo.appid,
      vtoken: a.momo.vtoken,
      userid: a.momo.userid,
    });
    assert.equal(noSecret.body.ec, 30101);
  });
});
