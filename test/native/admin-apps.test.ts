import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { addConsoleUser, asConsoleUser, signInConsole } from '../helpers/console.js';
import type { TestApp, TestServer } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';

type Player = Awaited<ReturnType<TestServer['guest']>>;

const masked = (secret: string) => `****${secret.slice(-4)}`;

describeEachBackend('native admin API: creating apps, revealing and rotating secrets', (server) => {
  let app: TestApp;
  let player: Player;
  const appCheck = (appid: string, secret: string) =>
    server().momoRaw('app/check', {
      appid,
      app_secret: secret,
      userid: player.momo.userid,
      vtoken: player.momo.vtoken,
    });

  before(async () => {
    app = await server().createApp('Secrets Game');
    player = await server().guest(app, 'secrets-device');
    await addConsoleUser(server(), 'viewer@apps.test', 'viewer');
    await addConsoleUser(server(), 'operator@apps.test', 'operator');
  });

  it('creates an app with fresh credentials, shown masked', async () => {
    const created = await server().admin('POST', '/v1/admin/apps', {
      name: ' API Game ',
      sandbox: true,
    });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.json.name, 'API Game');
    assert.equal(created.json.settings.sandbox, true);
    const stored = await server().getApp(created.json.id);
    assert.equal(created.json.momo.appid, stored.momo.appid);
    assert.equal(created.json.momo.app_secret, masked(stored.momo.appSecret));
    const list = await server().admin('GET', '/v1/admin/apps');
    assert.ok(list.json.apps.some((a: { id: string }) => a.id === created.json.id));
    const plain = await server().admin('POST', '/v1/admin/apps', { name: 'Plain Game' });
    assert.equal(plain.json.settings.sandbox, false);
    for (const body of [{}, { name: '' }, { name: '   ' }, { name: 'x', appid: 'mine' }]) {
      const refused = await server().admin('POST', '/v1/admin/apps', body);
      assert.equal(refused.status, 400, JSON.stringify(body));
      assert.equal(refused.json.error.code, 'invalid_argument');
    }
  });

  it('masks every declared secret in the GET views and keeps public identifiers', async () => {
    const { json } = await server().admin('GET', `/v1/admin/apps/${app.id}`);
    assert.deepEqual(json.momo, { appid: app.momo.appid, app_secret: masked(app.momo.appSecret) });
    assert.equal(json.msdk.qq_appid, app.msdk.qqAppid);
    assert.equal(json.msdk.appkey, masked(app.msdk.appkey));
    assert.equal(json.msdk.msdkkey, masked(app.msdk.msdkkey));
    assert.deepEqual(json.xcloud, {
      gid: app.xcloud.gid,
      app_id: app.xcloud.appId,
      key: masked(app.xcloud.key),
    });
    const text = JSON.stringify((await server().admin('GET', '/v1/admin/apps')).json);
    for (const secret of [app.momo.appSecret, app.msdk.appkey, app.msdk.msdkkey, app.xcloud.key])
      assert.ok(!text.includes(secret), 'no secret in the list');
  });

  it('reveals the credentials to an operator and audits who did', async () => {
    const operator = await signInConsole(server(), 'operator@apps.test');
    const path = `/v1/admin/apps/${app.id}/credentials/reveal`;
    const revealed = await asConsoleUser(server(), operator, 'POST', path);
    assert.equal(revealed.status, 200, revealed.text);
    assert.deepEqual(revealed.json, {
      id: app.id,
      momo: { appid: app.momo.appid, app_secret: app.momo.appSecret },
      msdk: {
        qq_appid: app.msdk.qqAppid,
        wx_appid: app.msdk.wxAppid,
        guest_appid: `G_${app.msdk.qqAppid}`,
        appkey: app.msdk.appkey,
        msdkkey: app.msdk.msdkkey,
      },
      xcloud: { gid: app.xcloud.gid, app_id: app.xcloud.appId, key: app.xcloud.key },
    });
    const audit = await server().admin('GET', '/v1/admin/audit?actor=console:operator@apps.test');
    const entry = audit.json.entries.find(
      (e: { action: string }) => e.action === 'POST /v1/admin/apps/:app_id/credentials/reveal',
    );
    assert.ok(entry, JSON.stringify(audit.json));
    assert.deepEqual(entry.target, { app_id: app.id });
    assert.ok(!JSON.stringify(audit.json).includes(app.momo.appSecret), 'no secret in the log');

    const viewer = await signInConsole(server(), 'viewer@apps.test');
    const refused = await asConsoleUser(server(), viewer, 'POST', path);
    assert.equal(refused.status, 403);
    assert.equal(refused.json.error.code, 'not_permitted');
    const unknown = await server().admin('POST', '/v1/admin/apps/app_nope/credentials/reveal');
    assert.equal(unknown.status, 404);
    assert.equal((await server().request('POST', path, { json: {} })).status, 401);
  });

  it("rotates a dialect's secret: the old one is refused at once, the new one works", async () => {
    assert.equal((await appCheck(app.momo.appid, app.momo.appSecret)).body.ec, 0);
    const viewer = await signInConsole(server(), 'viewer@apps.test');
    const path = `/v1/admin/apps/${app.id}/rotate-secret`;
    const byViewer = await asConsoleUser(server(), viewer, 'POST', path, {
      json: { dialect: 'momo' },
    });
    assert.equal(byViewer.status, 403);
    assert.equal((await appCheck(app.momo.appid, app.momo.appSecret)).body.ec, 0);

    const rotated = await server().admin('POST', path, { dialect: 'momo' });
    assert.equal(rotated.status, 200, rotated.text);
    const fresh = await server().getApp(app.id);
    assert.notEqual(fresh.momo.appSecret, app.momo.appSecret);
    assert.equal(rotated.json.momo.app_secret, masked(fresh.momo.appSecret));
    assert.equal(fresh.msdk.appkey, app.msdk.appkey, 'the other dialects keep theirs');
    assert.equal((await appCheck(app.momo.appid, app.momo.appSecret)).body.ec, 30009);
    assert.equal((await appCheck(app.momo.appid, fresh.momo.appSecret)).body.ec, 0);

    for (const body of [{}, { dialect: 'nope' }, { dialect: 'momo', extra: 1 }]) {
      const refused = await server().admin('POST', path, body);
      assert.equal(refused.status, 400, JSON.stringify(body));
      assert.equal(refused.json.error.code, 'invalid_argument');
    }
    const unknown = await server().admin('POST', '/v1/admin/apps/app_nope/rotate-secret', {
      dialect: 'momo',
    });
    assert.equal(unknown.status, 404);
  });
});
