import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { before, it } from 'node:test';
import type { TestApp } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';

/** md5 by coreutils: an implementation independent of Guildhall's. */
function md5sum(text: string): string {
  return execFileSync('md5sum', { input: text }).toString().split(' ')[0] ?? '';
}

describeEachBackend('msdk codec', (server) => {
  let app: TestApp;
  let openid: string;
  let openkey: string;
  before(async () => {
    app = await server().createApp('Codec Game');
    const qq = await server().tencentLogin(app, 'dev-codec', 'qq');
    openid = qq.msdk.openid ?? '';
    openkey = qq.msdk.openkey ?? '';
  });
  const verify = () => ({ openid, openkey });

  it('takes sig = md5(appkey + timestamp) for encode=1 and md5(msdkkey + timestamp) for encode=2', async () => {
    for (const timestamp of ['1478745715', '1478745715123', '20161110103155']) {
      for (const [encode, key] of [
        ['1', app.msdk.appkey],
        ['2', app.msdk.msdkkey],
      ] as const) {
        const sig = md5sum(key + timestamp);
        const { body } = await server().msdk(app, 'auth/verify_login', verify(), {
          encode,
          timestamp,
          sig,
        });
        assert.equal(body.ret, 0, `${encode} ${timestamp}`);
      }
    }
  });

  it('refuses a wrong sig, the other key, an uppercase sig, an unknown appid and a bad encode', async () => {
    const timestamp = '1478745715';
    const wrong = [
      { encode: '2' as const, sig: md5sum(app.msdk.appkey + timestamp) },
      { encode: '1' as const, sig: md5sum(app.msdk.msdkkey + timestamp) },
      { encode: '2' as const, sig: md5sum(app.msdk.msdkkey + timestamp).toUpperCase() },
      { encode: '2' as const, sig: '3f046b1cdd74e44f2832c1000e11119f' },
    ];
    for (const options of wrong) {
      const { status, body } = await server().msdk(app, 'auth/verify_login', verify(), {
        ...options,
        timestamp,
      });
      assert.equal(status, 200);
      assert.deepEqual(body, { ret: 1002, msg: '1002,sig does not match' });
    }
    const unknown = await server().msdk(app, 'auth/verify_login', verify(), { appid: '100703379' });
    assert.deepEqual(unknown.body, { ret: 1002, msg: '1002,unknown appid' });
    const encode = await server().msdk(app, 'auth/verify_login', verify(), {
      query: { encode: '3' },
    });
    assert.equal(encode.body.ret, 1001);
    assert.match(encode.body.msg, /^1001,encode/);
  });

  it('checks timestamp freshness only when the app enables it', async () => {
    const old = { timestamp: '1000000000' };
    assert.equal((await server().msdk(app, 'auth/verify_login', verify(), old)).body.ret, 0);
    const strict = await server().guildhall.apps.update(app.id, {
      dialectSettings: { msdk: { msdk_timestamp_window_sec: 300 } },
    });
    try {
      const stale = await server().msdk(strict, 'auth/verify_login', verify(), old);
      assert.equal(stale.body.ret, 1002);
      const now = server().clock.now();
      for (const timestamp of [String(Math.floor(now / 1000)), String(now)]) {
        const fresh = await server().msdk(strict, 'auth/verify_login', verify(), { timestamp });
        assert.equal(fresh.body.ret, 0, timestamp);
      }
      // 2026-11-21 04:00 UTC is 12:00 in the app's zone (Asia/Shanghai).
      const local = await server().msdk(strict, 'auth/verify_login', verify(), {
        timestamp: '20261121120100',
      });
      assert.equal(local.body.ret, 0);
      const opaque = await server().msdk(strict, 'auth/verify_login', verify(), {
        timestamp: 'abc',
      });
      assert.equal(opaque.body.ret, 1002);
    } finally {
      await server().guildhall.apps.update(app.id, {
        dialectSettings: { msdk: { msdk_timestamp_window_sec: null } },
      });
    }
  });

  it('reads the body as JSON under any Content-Type, or none, and ignores extra keys', async () => {
    for (const contentType of [
      'application/x-www-form-urlencoded',
      'application/json',
      'text/plain',
      'application/octet-stream',
    ]) {
      const { body } = await server().msdk(
        app,
        'auth/verify_login',
        { ...verify(), unknown_key: [1, 2] },
        { contentType },
      );
      assert.equal(body.ret, 0, contentType);
    }
    const notJson = await server().msdk(app, 'auth/verify_login', undefined, {
      rawBody: `openid=${openid}&openkey=${openkey}`,
    });
    assert.deepEqual(notJson.body, { ret: 1001, msg: '1001,body is not JSON' });
    const array = await server().msdk(app, 'auth/verify_login', [verify()]);
    assert.equal(array.body.ret, 1001);
  });

  it('answers the same with and without a trailing slash, by GET and POST', async () => {
    const slash = await server().msdk(app, 'auth/verify_login', verify(), { trailingSlash: true });
    assert.equal(slash.body.ret, 0);
    const viaGet = await server().msdk(app, 'auth/verify_login', undefined, {
      method: 'GET',
      query: verify(),
    });
    assert.equal(viaGet.body.ret, 0);
  });

  it('echoes msdkExtInfo on success and failure, and refuses one with other characters', async () => {
    const failed = await server().msdk(
      app,
      'auth/verify_login',
      { openid, openkey: 'nope' },
      { query: { msdkExtInfo: 'testhunter' } },
    );
    assert.equal(failed.body.ret, 1003);
    assert.equal(failed.body.msdkExtInfo, 'testhunter');
    const odd = await server().msdk(app, 'auth/verify_login', verify(), {
      query: { msdkExtInfo: 'a-b' },
    });
    assert.equal(odd.body.ret, 1001);
    assert.equal(odd.body.msdkExtInfo, undefined);
  });

  it('decrypts msdktea requests and encrypts the answer when asked', async () => {
    const { status, body, headers } = await server().msdk(app, 'auth/verify_login', verify(), {
      encrypt: true,
      query: { msdkExtInfo: 'tea' },
    });
    assert.equal(status, 200);
    assert.equal(headers.get('content-encrypt'), 'msdktea');
    assert.deepEqual(body, { ret: 0, msg: 'user is logged in', msdkExtInfo: 'tea' });
    const garbage = await server().request(
      'POST',
      `/auth/verify_login?timestamp=1&appid=${app.msdk.qqAppid}&sig=${md5sum(`${app.msdk.msdkkey}1`)}&encode=2`,
      { body: 'not ciphertext!!', headers: { 'content-encrypt': 'msdktea' } },
    );
    assert.deepEqual(garbage.json, { ret: 1001, msg: '1001,body is not msdktea ciphertext' });
  });

  it('answers a missing fixed parameter and an oversized body in the envelope', async () => {
    const response = await server().request('POST', '/auth/verify_login', { json: verify() });
    assert.equal(response.status, 200);
    assert.equal(response.json.ret, 1001);
    assert.match(response.json.msg, /^1001,timestamp/);
    const big = await server().msdk(app, 'auth/verify_login', undefined, {
      rawBody: 'x'.repeat(3 * 1024 * 1024),
    });
    assert.equal(big.body.ret, 1001);
  });
});
