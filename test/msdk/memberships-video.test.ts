import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { assertShape, md5sum, setAttributes } from '../helpers/memberships.js';
import type { TestApp } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';

const VIDEO = {
  ret: 'number',
  msg: 'string',
  annual_beg: 'number',
  annual_end: 'number',
  beg_time: 'number',
  end_time: 'number',
  is_annual: 'number',
  service_type: 'string',
  status: 'number',
  vip_lv: 'number',
  vip_score: 'number',
} as const;

const CHANNEL = 30012;
const SECRET = 'channel-secret-30012';

describeEachBackend('msdk memberships (Tencent Video)', (server) => {
  let app: TestApp;
  let qq: { openid: string; openkey: string; player_id: string };
  let wx: { openid: string; player_id: string };

  const now = () => Math.floor(server().clock.now() / 1000);

  /** A QQ request as 002's example, signed as the document says (md5 by coreutils). */
  function qqBody(timestamp = now(), channel = CHANNEL, secret = SECRET) {
    return {
      appid: app.msdk.qqAppid,
      accessToken: qq.openkey,
      openid: qq.openid,
      channel_id: channel,
      timestamp,
      signature: md5sum(`${channel}${secret}${qq.openid}${qq.openkey}${timestamp}`),
    };
  }

  function wxBody(timestamp = now(), channel = CHANNEL, secret = SECRET) {
    return {
      appid: app.msdk.wxAppid,
      openid: wx.openid,
      channel_id: channel,
      timestamp,
      signature: md5sum(`${channel}${secret}${wx.openid}${timestamp}`),
    };
  }

  const callQq = (body: unknown) =>
    server().msdk(app, 'profile/qqget_video_vip', body, { query: { openid: qq.openid } });
  const callWx = (body: unknown) =>
    server().msdk(app, 'profile/wxget_video_vip', body, {
      appid: app.msdk.wxAppid,
      query: { openid: wx.openid },
    });

  before(async () => {
    app = await server().createApp('Video Game');
    const qqLogin = await server().tencentLogin(app, 'dev-video-qq', 'qq');
    qq = {
      openid: qqLogin.msdk.openid ?? '',
      openkey: qqLogin.msdk.openkey ?? '',
      player_id: qqLogin.player_id,
    };
    const wxLogin = await server().tencentLogin(app, 'dev-video-wx', 'wx');
    wx = { openid: wxLogin.msdk.openid ?? '', player_id: wxLogin.player_id };
    const put = await server().admin('PUT', `/v1/admin/apps/${app.id}/video-channels/${CHANNEL}`, {
      secret: SECRET,
    });
    assert.equal(put.status, 200, put.text);
    await setAttributes(server(), app, qq.player_id, {
      memberships: {
        video: {
          active: true,
          level: 4,
          score: 3855,
          yearly: true,
          plan: 'TXSP',
          since: 1497261816,
          until: 1556186616,
          yearly_since: 1504242106,
          yearly_until: 1531302428,
        },
      },
    });
  });

  it('qqget_video_vip: replays 002 with a signature over the accessToken, msg "OK"', async () => {
    const { body } = await callQq(qqBody());
    assertShape(body, VIDEO);
    assert.deepEqual(body, {
      ret: 0,
      msg: 'OK',
      annual_beg: 1504242106,
      annual_end: 1531302428,
      beg_time: 1497261816,
      end_time: 1556186616,
      is_annual: 1,
      service_type: 'TXSP',
      status: 1,
      vip_lv: 4,
      vip_score: 3855,
    });
  });

  it('wxget_video_vip: replays 002 (openid, no token), zeros by default', async () => {
    const { body } = await callWx(wxBody());
    assertShape(body, VIDEO);
    assert.deepEqual(body, {
      ret: 0,
      msg: 'OK',
      annual_beg: 0,
      annual_end: 0,
      beg_time: 0,
      end_time: 0,
      is_annual: 0,
      service_type: '',
      status: 0,
      vip_lv: 0,
      vip_score: 0,
    });
  });

  it('takes links up to 15 minutes either side of the server time, 1002 beyond', async () => {
    for (const offset of [-900, 900, -60]) {
      assert.equal((await callQq(qqBody(now() + offset))).body.ret, 0, String(offset));
      assert.equal((await callWx(wxBody(now() + offset))).body.ret, 0, String(offset));
    }
    for (const offset of [-901, 901, -86_400]) {
      const stale = await callQq(qqBody(now() + offset));
      assert.equal(stale.body.ret, 1002, String(offset));
      assert.match(stale.body.msg, /^1002,.*15 minutes/);
      assert.equal((await callWx(wxBody(now() + offset))).body.ret, 1002, String(offset));
    }
  });

  it('1002 for a wrong signature: another secret, the other scheme, uppercase, tampered fields', async () => {
    const wrongSecret = await callQq(qqBody(now(), CHANNEL, 'other-secret'));
    assert.equal(wrongSecret.body.ret, 1002);
    assert.match(wrongSecret.body.msg, /^1002,bad signature/);
    // The WeChat scheme (no accessToken) does not sign a QQ request, nor the other way round.
    const ts = now();
    const qqWithWxScheme = {
      ...qqBody(ts),
      signature: md5sum(`${CHANNEL}${SECRET}${qq.openid}${ts}`),
    };
    assert.equal((await callQq(qqWithWxScheme)).body.ret, 1002);
    const wxWithQqScheme = {
      ...wxBody(ts),
      accessToken: 'x',
      signature: md5sum(`${CHANNEL}${SECRET}${wx.openid}x${ts}`),
    };
    assert.equal((await callWx(wxWithQqScheme)).body.ret, 1002);
    const upper = qqBody();
    assert.equal(
      (await callQq({ ...upper, signature: upper.signature.toUpperCase() })).body.ret,
      1002,
    );
    const shifted = qqBody();
    assert.equal((await callQq({ ...shifted, timestamp: shifted.timestamp - 1 })).body.ret, 1002);
  });

  it('1005 for a channel the app does not have (and once removed), 1001 for missing fields', async () => {
    assert.equal((await callQq(qqBody(now(), 40000))).body.ret, 1005);
    assert.equal((await callWx(wxBody(now(), 40000))).body.ret, 1005);
    const other = await server().createApp('Video Game Without Channels');
    const login = await server().tencentLogin(other, 'dev-video-qq', 'qq');
    const ts = now();
    const { body } = await server().msdk(other, 'profile/qqget_video_vip', {
      openid: login.msdk.openid,
      accessToken: login.msdk.openkey,
      channel_id: CHANNEL,
      timestamp: ts,
      signature: md5sum(`${CHANNEL}${SECRET}${login.msdk.openid}${login.msdk.openkey}${ts}`),
    });
    assert.equal(body.ret, 1005, 'channels are per app');

    for (const field of ['channel_id', 'signature'] as const) {
      const partial: Record<string, unknown> = qqBody();
      delete partial[field];
      assert.equal((await callQq(partial)).body.ret, 1001, field);
    }
    assert.equal((await callQq({ ...qqBody(), channel_id: 'abc' })).body.ret, 1001);

    await server().admin('PUT', `/v1/admin/apps/${app.id}/video-channels/50000`, { secret: 's' });
    assert.equal((await callWx(wxBody(now(), 50000, 's'))).body.ret, 0);
    const removed = await server().admin('DELETE', `/v1/admin/apps/${app.id}/video-channels/50000`);
    assert.equal(removed.status, 204);
    assert.equal((await callWx(wxBody(now(), 50000, 's'))).body.ret, 1005);
  });

  it('identity: QQ 1003 for a wrong token, WeChat 1005 for an unknown openid', async () => {
    assert.equal((await callQq({ ...qqBody(), accessToken: 'F'.repeat(32) })).body.ret, 1003);
    const ts = now();
    const unknown = 'oUnknownUnknownUnknownUnknown';
    const { body } = await server().msdk(
      app,
      'profile/wxget_video_vip',
      {
        openid: unknown,
        channel_id: CHANNEL,
        timestamp: ts,
        signature: md5sum(`${CHANNEL}${SECRET}${unknown}${ts}`),
      },
      { appid: app.msdk.wxAppid },
    );
    assert.equal(body.ret, 1005);
  });
});
