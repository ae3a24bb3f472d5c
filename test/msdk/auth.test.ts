import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { before, it } from 'node:test';
import { TokenService } from '../../src/core/identity/tokens.js';
import { cryptoRandom, tokenHash } from '../../src/core/runtime.js';
import { TENCENT_TOKEN } from '../../src/protocols/msdk/identity/types.js';
import type { TestApp } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';

const HOUR = 3_600_000;

/** HMAC-MD5 by openssl: an implementation independent of Guildhall's. */
function opensslHmacMd5(key: string, data: string): string {
  const out = execFileSync('openssl', ['dgst', '-md5', '-hmac', key], { input: data }).toString();
  return out.trim().split(' ').pop() ?? '';
}

describeEachBackend('msdk login and auth', (server) => {
  let app: TestApp;
  let other: TestApp;
  before(async () => {
    app = await server().createApp('Tencent Game');
    other = await server().createApp('Other Tencent Game');
  });

  it('logs players in through QQ, WeChat and guest with per-app ids of the documented shapes', async () => {
    const qq = await server().tencentLogin(app, 'dev-login', 'qq');
    assert.match(qq.msdk.openid ?? '', /^[0-9A-F]{32}$/);
    assert.match(qq.msdk.openkey ?? '', /^[0-9A-F]{32}$/);
    assert.match(qq.msdk.pay_token ?? '', /^[0-9A-F]{32}$/);
    assert.equal(
      qq.msdk.pf,
      `desktop_m_qq-00000000-android-00000000-qq-${app.msdk.qqAppid}-${qq.msdk.openid}`,
    );
    assert.equal(qq.msdk.pfkey, opensslHmacMd5(app.msdk.appkey, qq.msdk.pf ?? ''));

    const wx = await server().tencentLogin(app, 'dev-login', 'wx');
    assert.match(wx.msdk.openid ?? '', /^o[\w-]{27}$/);
    assert.ok((wx.msdk.access_token ?? '').length >= 64);
    assert.ok((wx.msdk.refresh_token ?? '').length >= 64);
    assert.equal(wx.player_id, qq.player_id);

    const guest = await server().tencentLogin(app, 'dev-login', 'guest');
    assert.match(guest.msdk.guestid ?? '', /^G_[0-9A-F]{32}$/);
    assert.ok(guest.msdk.accessToken);

    const again = await server().tencentLogin(app, 'dev-login', 'qq');
    assert.equal(again.msdk.openid, qq.msdk.openid, 'stable across logins');
    assert.notEqual(again.msdk.openkey, qq.msdk.openkey);
    const elsewhere = await server().tencentLogin(other, 'dev-login', 'qq');
    assert.notEqual(elsewhere.msdk.openid, qq.msdk.openid, 'different per app');
  });

  it('takes os and channels for the pf, and rejects an unknown platform', async () => {
    const response = await server().request('POST', '/v1/client/login', {
      json: {
        app_id: app.id,
        method: 'guest',
        device_id: 'dev-pf',
        platform: 'qq',
        os: 'iap',
        reg_channel: '2002',
        install_channel: '73213123',
      },
    });
    const { msdk } = response.json;
    assert.equal(msdk.pf, `desktop_m_qq-2002-iap-73213123-qq-${app.msdk.qqAppid}-${msdk.openid}`);
    const bad = await server().request('POST', '/v1/client/login', {
      json: { app_id: app.id, method: 'guest', device_id: 'dev-pf', platform: 'facebook' },
    });
    assert.equal(bad.status, 400);
  });

  it('verify_login: accepts a live openkey, extends it by 2 hours per call, and echoes msdkExtInfo', async () => {
    const qq = await server().tencentLogin(app, 'dev-verify', 'qq');
    const body = {
      appid: Number(app.msdk.qqAppid),
      openid: qq.msdk.openid,
      openkey: qq.msdk.openkey,
      userip: '192.168.5.114',
    };
    const ok = await server().msdk(app, 'auth/verify_login', body, {
      query: { openid: qq.msdk.openid ?? '', msdkExtInfo: 'req_0001' },
      trailingSlash: true,
    });
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body, { ret: 0, msg: 'user is logged in', msdkExtInfo: 'req_0001' });
    // Issued for 2 h, extended once: still good at 3.5 h, gone at 4 h.
    server().clock.advance(3.5 * HOUR);
    assert.equal((await server().msdk(app, 'auth/verify_login', body)).body.ret, 0);
    server().clock.advance(2.5 * HOUR - 1);
    assert.equal((await server().msdk(app, 'auth/verify_login', body)).body.ret, 0);
    server().clock.advance(2 * HOUR + 1);
    const expired = await server().msdk(app, 'auth/verify_login', body);
    assert.equal(expired.body.ret, 1004);
    assert.match(expired.body.msg, /^1004,/);
  });

  it('verify_login: extensions reach the database in batches that add up, capped at 90 days', async () => {
    const qq = await server().tencentLogin(app, 'dev-flush', 'qq');
    const body = { openid: qq.msdk.openid, openkey: qq.msdk.openkey };
    const stored = () => server().guildhall.store.tokens.byHash(tokenHash(qq.msdk.openkey ?? ''));
    const issued = (await stored())!;
    for (let i = 0; i < 3; i++) {
      assert.equal((await server().msdk(app, 'auth/verify_login', body)).body.ret, 0);
    }
    await server().guildhall.tokens.flush();
    assert.equal((await stored())!.expiresAt, issued.expiresAt! + 6 * HOUR);
    // Another process's view: a fresh identity over the same database sees the extension.
    const { store, identityRegistry } = server().guildhall;
    const elsewhere = new TokenService(
      store,
      server().clock,
      cryptoRandom,
      identityRegistry,
      server().guildhall.database.changes,
      1_000,
    );
    const verify = async () =>
      elsewhere.renew(
        await elsewhere.authenticate(app.id, qq.msdk.openkey ?? '', [TENCENT_TOKEN.qqOpenkey]),
      );
    server().clock.advance(7 * HOUR);
    const seen = await verify();
    assert.equal(seen.expiresAt, issued.expiresAt! + 8 * HOUR);
    await elsewhere.flush();
    assert.equal((await stored())!.expiresAt, issued.expiresAt! + 8 * HOUR);
    for (let i = 0; i < 1200; i++) await verify();
    await elsewhere.flush();
    assert.equal((await stored())!.expiresAt, issued.createdAt + 90 * 24 * HOUR);
  });

  it('verify_login: a wrong openkey, another openid, another app or a WeChat token is refused', async () => {
    const qq = await server().tencentLogin(app, 'dev-refuse', 'qq');
    const peer = await server().tencentLogin(app, 'dev-refuse-peer', 'qq');
    const wx = await server().tencentLogin(app, 'dev-refuse', 'wx');
    const cases = [
      { openid: qq.msdk.openid, openkey: '933FE8C9AB9C585D7EABD04373B7155F' },
      { openid: peer.msdk.openid, openkey: qq.msdk.openkey },
      { openid: qq.msdk.openid, openkey: wx.msdk.access_token },
    ];
    for (const body of cases) {
      const { body: answer } = await server().msdk(app, 'auth/verify_login', body);
      assert.equal(answer.ret, 1003, JSON.stringify(body));
      assert.match(answer.msg, /^1003,/);
    }
    const elsewhere = await server().msdk(other, 'auth/verify_login', {
      openid: qq.msdk.openid,
      openkey: qq.msdk.openkey,
    });
    assert.equal(elsewhere.body.ret, 1003);
    const missing = await server().msdk(app, 'auth/verify_login', { openid: qq.msdk.openid });
    assert.equal(missing.body.ret, 1001);
    assert.match(missing.body.msg, /^1001,openkey/);
  });

  it('check_token (WeChat) and guest_check_token, also as wxoauth', async () => {
    const wx = await server().tencentLogin(app, 'dev-check', 'wx');
    const guest = await server().tencentLogin(app, 'dev-check', 'guest');
    for (const module of ['auth', 'wxoauth']) {
      const checked = await server().msdk(
        app,
        `${module}/check_token`,
        { accessToken: wx.msdk.access_token, openid: wx.msdk.openid },
        { appid: app.msdk.wxAppid },
      );
      assert.deepEqual(checked.body, { ret: 0, msg: 'ok' });
      const guestChecked = await server().msdk(
        app,
        `${module}/guest_check_token`,
        { accessToken: guest.msdk.accessToken, guestid: guest.msdk.guestid },
        { appid: `G_${app.msdk.qqAppid}`, query: { openid: guest.msdk.guestid ?? '' } },
      );
      assert.deepEqual(guestChecked.body, { ret: 0, msg: 'ok' });
    }
    // WeChat access tokens live 2 hours; a refresh_token gets a new one.
    server().clock.advance(2 * HOUR);
    const stale = await server().msdk(
      app,
      'auth/check_token',
      { accessToken: wx.msdk.access_token, openid: wx.msdk.openid },
      { appid: app.msdk.wxAppid },
    );
    assert.equal(stale.body.ret, 1004);
    const refreshed = await server().request('POST', '/v1/client/msdk/refresh', {
      json: { app_id: app.id, refresh_token: wx.msdk.refresh_token },
    });
    assert.equal(refreshed.status, 200);
    assert.equal(refreshed.json.msdk.openid, wx.msdk.openid);
    const fresh = await server().msdk(
      app,
      'auth/check_token',
      { accessToken: refreshed.json.msdk.access_token, openid: wx.msdk.openid },
      { appid: app.msdk.wxAppid },
    );
    assert.equal(fresh.body.ret, 0);
    const badRefresh = await server().request('POST', '/v1/client/msdk/refresh', {
      json: { app_id: app.id, refresh_token: wx.msdk.access_token },
    });
    assert.equal(badRefresh.status, 401);
  });

  it('check_token refuses a QQ appid, a QQ token and a guest token of another guest', async () => {
    const wx = await server().tencentLogin(app, 'dev-check2', 'wx');
    const qq = await server().tencentLogin(app, 'dev-check2', 'qq');
    const wrongAppid = await server().msdk(app, 'auth/check_token', {
      accessToken: wx.msdk.access_token,
      openid: wx.msdk.openid,
    });
    assert.equal(wrongAppid.body.ret, 1001);
    const qqToken = await server().msdk(
      app,
      'auth/check_token',
      { accessToken: qq.msdk.openkey, openid: wx.msdk.openid },
      { appid: app.msdk.wxAppid },
    );
    assert.equal(qqToken.body.ret, 1003);
    const guestA = await server().tencentLogin(app, 'dev-guest-a', 'guest');
    const guestB = await server().tencentLogin(app, 'dev-guest-b', 'guest');
    const crossed = await server().msdk(
      app,
      'auth/guest_check_token',
      { accessToken: guestA.msdk.accessToken, guestid: guestB.msdk.guestid },
      { appid: `G_${app.msdk.qqAppid}` },
    );
    assert.equal(crossed.body.ret, 1003);
  });

  it('get_pfval composes pf as the 002 example and a pfKey checkable with the appkey', async () => {
    const wx = await server().tencentLogin(app, 'dev-pf-wx', 'wx');
    const { body } = await server().msdk(
      app,
      'auth/get_pfval',
      {
        appid: app.msdk.wxAppid,
        openid: wx.msdk.openid,
        accessToken: wx.msdk.access_token,
        platform: 'desktop_m_wx',
        regChannel: '2002',
        os: 'android',
        installchannel: '73213123',
        offerid: '1104674695',
      },
      { appid: app.msdk.wxAppid, query: { version: '3.0.0a' }, trailingSlash: true },
    );
    const pf = `desktop_m_wx-2002-android-73213123-wx-${app.msdk.wxAppid}-${wx.msdk.openid}`;
    assert.deepEqual(body, {
      ret: 0,
      msg: 'ok',
      pf,
      pfkey: opensslHmacMd5(app.msdk.appkey, pf),
      pfKey: opensslHmacMd5(app.msdk.appkey, pf),
    });
    const qq = await server().tencentLogin(app, 'dev-pf-qq', 'qq');
    const qqBody = {
      appid: app.msdk.qqAppid,
      openid: qq.msdk.openid,
      accessToken: qq.msdk.pay_token,
      platform: 'desktop_m_qq',
      regChannel: '00000000',
      os: 'iap',
      installchannel: '00000000',
      offerid: '1104674695',
    };
    const qqAnswer = await server().msdk(app, 'auth/get_pfval', qqBody);
    assert.equal(qqAnswer.body.ret, 0);
    const badOs = await server().msdk(app, 'auth/get_pfval', { ...qqBody, os: 'symbian' });
    assert.equal(badOs.body.ret, 1001);
    const dash = await server().msdk(app, 'auth/get_pfval', { ...qqBody, regChannel: '20-02' });
    assert.equal(dash.body.ret, 1001);
  });
});
