import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { assertShape, setAttributes } from '../helpers/memberships.js';
import type { TestApp } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';

const HOUR = 3_600_000;

const VIP_INFO = {
  openid: 'string',
  level: 'number',
  score: 'number',
  nick: 'string',
  logo_url: 'string',
  logo_faceurl: 'string',
} as const;

const XINYUE_SUPER = {
  ret: 'number',
  msg: 'string',
  openid: 'string',
  ilevel: 'number',
  trace_id: 'string',
} as const;

interface WxPlayer {
  player_id: string;
  session_token: string;
  openid: string;
  token: string;
}

describeEachBackend('msdk memberships (WeChat, Xinyue)', (server) => {
  let app: TestApp;
  let me: WxPlayer;
  let friend: WxPlayer;
  let fresh: WxPlayer;
  let qq: { openid: string; openkey: string; player_id: string };

  async function wxPlayer(device: string): Promise<WxPlayer> {
    const login = await server().tencentLogin(app, device, 'wx');
    return {
      player_id: login.player_id,
      session_token: login.session_token,
      openid: login.msdk.openid ?? '',
      token: login.msdk.access_token ?? '',
    };
  }

  function wx(path: string, body: unknown, options: { query?: Record<string, string> } = {}) {
    return server().msdk(app, path, body, { appid: app.msdk.wxAppid, ...options });
  }

  before(async () => {
    app = await server().createApp('WeChat Membership Game');
    me = await wxPlayer('dev-me');
    friend = await wxPlayer('dev-friend');
    fresh = await wxPlayer('dev-fresh');
    const qqLogin = await server().tencentLogin(app, 'dev-qq-only', 'qq');
    qq = {
      openid: qqLogin.msdk.openid ?? '',
      openkey: qqLogin.msdk.openkey ?? '',
      player_id: qqLogin.player_id,
    };
    await server().befriend(me, friend);
    await server().befriend(me, qqLogin);
    await setAttributes(server(), app, me.player_id, {
      memberships: { wechat: { level: 1, score: 310 }, xinyue: { active: true, level: 2 } },
      xinyue_tier: 10,
      elite: { wechat: true, game: true },
      real_name: { verified: true, phone_bound: false },
    });
    await setAttributes(server(), app, friend.player_id, {
      memberships: { wechat: { level: 3, score: 900 } },
    });
    await setAttributes(server(), app, qq.player_id, { xinyue_tier: 11 });
  });

  it('wxget_vip: replays 002, the caller first and then friends playing on WeChat', async () => {
    const { body } = await wx(
      'profile/wxget_vip',
      { appid: app.msdk.wxAppid, openid: me.openid, accessToken: me.token, json: { optype: 1 } },
      { query: { openid: me.openid } },
    );
    assertShape(body, { ret: 'number', msg: 'string', data: 'object' });
    assert.equal(body.msg, 'success');
    assertShape(body.data, { vipinfo: 'object' }, 'data');
    for (const entry of body.data.vipinfo) assertShape(entry, VIP_INFO, 'vipinfo');
    assert.deepEqual(body.data.vipinfo, [
      { openid: me.openid, level: 1, score: 310, nick: 'VIP1', logo_url: '', logo_faceurl: '' },
      {
        openid: friend.openid,
        level: 3,
        score: 900,
        nick: 'VIP3',
        logo_url: '',
        logo_faceurl: '',
      },
    ]);
    const { body: alone } = await wx('profile/wxget_vip', {
      openid: fresh.openid,
      accessToken: fresh.token,
      json: { optype: '1' },
    });
    assert.deepEqual(alone.data.vipinfo, [
      { openid: fresh.openid, level: 0, score: 0, nick: 'VIP0', logo_url: '', logo_faceurl: '' },
    ]);
    for (const json of [undefined, { optype: 2 }, 'optype=1']) {
      const { body: bad } = await wx('profile/wxget_vip', { accessToken: me.token, json });
      assert.equal(bad.ret, 1001, JSON.stringify(json));
    }
  });

  it('wxget_eliteinfo: replays 002 (accessToken only, no openid anywhere)', async () => {
    const { body } = await wx('profile/wxget_eliteinfo', { accessToken: me.token });
    assertShape(body, { ret: 'number', msg: 'string', data: 'object' });
    assertShape(body.data, { wx_elite: 'number', game_elite: 'number' }, 'data');
    assert.deepEqual(body.data, { wx_elite: 1, game_elite: 1 });
    const { body: zeros } = await wx('profile/wxget_eliteinfo', { accessToken: fresh.token });
    assert.deepEqual(zeros.data, { wx_elite: 0, game_elite: 0 });
  });

  it('wxget_first_reg: replays 002 with string flags', async () => {
    const { body } = await wx(
      'profile/wxget_first_reg',
      { accessToken: me.token },
      { query: { openid: me.openid } },
    );
    assertShape(body, {
      ret: 'number',
      msg: 'string',
      need_pop: 'string',
      realname_flag: 'string',
      mobile_flag: 'string',
    });
    assert.deepEqual([body.need_pop, body.realname_flag, body.mobile_flag], ['0', '1', '0']);
  });

  it('get_xinyue_super: replays 002 by GET for QQ (access_type 1) and WeChat (2), echoing openid and trace_id', async () => {
    const trace = `msdkdemo-${qq.openid}-20180116155309-123456`;
    const { body } = await server().msdk(app, 'profile/get_xinyue_super', undefined, {
      method: 'GET',
      query: { openid: qq.openid, access_type: '1', access_token: qq.openkey, trace_id: trace },
    });
    assertShape(body, XINYUE_SUPER);
    assert.deepEqual(body, {
      ret: 0,
      msg: 'success',
      openid: qq.openid,
      ilevel: 11,
      trace_id: trace,
    });
    const { body: wxAnswer } = await server().msdk(app, 'profile/get_xinyue_super', undefined, {
      method: 'GET',
      appid: app.msdk.wxAppid,
      query: { access_type: '2', access_token: me.token, trace_id: 't-2' },
    });
    assertShape(wxAnswer, XINYUE_SUPER);
    assert.deepEqual([wxAnswer.openid, wxAnswer.ilevel, wxAnswer.trace_id], [me.openid, 10, 't-2']);
    const { body: zero } = await server().msdk(app, 'profile/get_xinyue_super', undefined, {
      method: 'GET',
      appid: app.msdk.wxAppid,
      query: { access_type: '2', access_token: fresh.token, trace_id: 't-3' },
    });
    assert.equal(zero.ilevel, 0);
  });

  it('get_xinyue_super: 1001 when access_type does not match the appid or is missing', async () => {
    const queries: Record<string, string>[] = [
      { access_type: '2', access_token: qq.openkey, trace_id: 'x' },
      { access_type: '3', access_token: qq.openkey, trace_id: 'x' },
      { access_token: qq.openkey, trace_id: 'x' },
    ];
    for (const query of queries) {
      const { body } = await server().msdk(app, 'profile/get_xinyue_super', undefined, {
        method: 'GET',
        query,
      });
      assert.equal(body.ret, 1001, JSON.stringify(query));
    }
  });

  it('get_wx_xinyue_vip: replays 002 by GET, msg "success." and the serial echoed', async () => {
    const serial = 'MSDK_20180327_181625_123456';
    const { body } = await server().msdk(app, 'profile/get_wx_xinyue_vip', undefined, {
      method: 'GET',
      appid: app.msdk.wxAppid,
      query: { openid: me.openid, access_token: me.token, serial },
    });
    assertShape(body, { ret: 'number', msg: 'string', ilevel: 'number', serial: 'string' });
    assert.deepEqual(body, { ret: 0, msg: 'success.', ilevel: 2, serial });
    const { body: zero } = await server().msdk(app, 'profile/get_wx_xinyue_vip', undefined, {
      method: 'GET',
      appid: app.msdk.wxAppid,
      query: { openid: fresh.openid, access_token: fresh.token, serial },
    });
    assert.equal(zero.ilevel, 0);
  });

  it('WeChat token endpoints: 1001 without a token or with a QQ appid, 1003 wrong token, 1004 expired', async () => {
    const paths: [string, Record<string, unknown>][] = [
      ['profile/wxget_vip', { json: { optype: 1 } }],
      ['profile/wxget_eliteinfo', {}],
      ['profile/wxget_first_reg', {}],
      ['profile/get_wx_xinyue_vip', { serial: 's' }],
    ];
    const late = await wxPlayer('dev-late');
    for (const [path, body] of paths) {
      assert.equal((await wx(path, body)).body.ret, 1001, path);
      const wrong = await wx(path, { ...body, accessToken: 'not-a-token' });
      assert.equal(wrong.body.ret, 1003, path);
      const other = await wx(path, { ...body, openid: me.openid, accessToken: fresh.token });
      assert.equal(other.body.ret, 1003, `${path}: another player's token`);
      const qqAppid = await server().msdk(app, path, { ...body, accessToken: me.token });
      assert.equal(qqAppid.body.ret, 1001, `${path}: a QQ appid`);
    }
    server().clock.advance(3 * HOUR);
    for (const [path, body] of paths) {
      const expired = await wx(path, { ...body, accessToken: late.token });
      assert.equal(expired.body.ret, 1004, path);
    }
  });
});
