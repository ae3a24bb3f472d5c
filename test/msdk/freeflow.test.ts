import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { TestApp } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';

const UNKNOWN_PLACE = {
  apn: 'unknown',
  city: 'unknown',
  country: 'unknown',
  district: 'unknown',
  extend: 'unknown',
  nettype: 'unknown',
  oper: 'unknown',
  province: 'unknown',
};

describeEachBackend('msdk freeflow', (server) => {
  let app: TestApp;
  let other: TestApp;
  before(async () => {
    app = await server().createApp('Freeflow Game');
    other = await server().createApp('Other Freeflow Game');
  });

  const freeflowPath = (appId: string) => `/v1/admin/apps/${appId}/freeflow`;
  const planPath = (appId: string, playerId: string) =>
    `/v1/admin/apps/${appId}/players/${playerId}/freeflow`;

  it('freeflow/getinfo: an app with nothing set answers empty lists, not free, for an hour', async () => {
    const qq = await server().tencentLogin(app, 'ff-empty', 'qq');
    const answer = await server().msdk(app, 'freeflow/getinfo', { openid: qq.msdk.openid });
    assert.equal(answer.status, 200);
    assert.deepEqual(Object.keys(answer.body), ['ret', 'msg', 'freeFlowInfo']);
    assert.deepEqual(Object.keys(answer.body.freeFlowInfo), [
      'ipList',
      'isFree',
      'ccType',
      'ltList',
      'dxList',
      'ydList',
      'expire',
    ]);
    assert.deepEqual(answer.body, {
      ret: 0,
      msg: 'success',
      freeFlowInfo: {
        ipList: '',
        isFree: 0,
        ccType: 0,
        ltList: '',
        dxList: '',
        ydList: '',
        expire: 3600,
      },
    });
  });

  it('freeflow/getinfo: answers what operators set for the app and the player, on QQ and WeChat', async () => {
    const settings = await server().admin('PUT', freeflowPath(app.id), {
      lt_list: ['lt.game.example.com', '123.125.0.0/16'],
      dx_list: 'dx.game.example.com, 59.37.125.72,lt.game.example.com',
      yd_list: [],
      expire: 7200,
    });
    assert.equal(settings.status, 200);
    const expected = {
      lt_list: ['lt.game.example.com', '123.125.0.0/16'],
      dx_list: ['dx.game.example.com', '59.37.125.72', 'lt.game.example.com'],
      yd_list: [],
      expire: 7200,
    };
    assert.deepEqual(settings.json, expected);
    assert.deepEqual((await server().admin('GET', freeflowPath(app.id))).json, expected);
    const partly = await server().admin('PUT', freeflowPath(app.id), {
      yd_list: ['*.yd.example.com'],
    });
    assert.deepEqual(partly.json, { ...expected, yd_list: ['*.yd.example.com'] });

    const qq = await server().tencentLogin(app, 'ff-set', 'qq');
    const wx = await server().tencentLogin(app, 'ff-set', 'wx');
    assert.deepEqual((await server().admin('GET', planPath(app.id, qq.player_id))).json, {
      is_free: false,
      cc_type: 0,
    });
    const plan = await server().admin('PUT', planPath(app.id, qq.player_id), {
      is_free: true,
      cc_type: 1,
    });
    assert.equal(plan.status, 200);
    assert.deepEqual(plan.json, { is_free: true, cc_type: 1 });
    const changed = await server().admin('PUT', planPath(app.id, qq.player_id), { cc_type: 2 });
    assert.deepEqual(changed.json, { is_free: true, cc_type: 2 });
    assert.deepEqual((await server().admin('GET', planPath(app.id, qq.player_id))).json, {
      is_free: true,
      cc_type: 2,
    });

    const info = {
      ipList:
        'lt.game.example.com,123.125.0.0/16,dx.game.example.com,59.37.125.72,*.yd.example.com',
      isFree: 1,
      ccType: 2,
      ltList: 'lt.game.example.com,123.125.0.0/16',
      dxList: 'dx.game.example.com,59.37.125.72,lt.game.example.com',
      ydList: '*.yd.example.com',
      expire: 7200,
    };
    const viaQq = await server().msdk(app, 'freeflow/getinfo', { openid: qq.msdk.openid });
    assert.deepEqual(viaQq.body, { ret: 0, msg: 'success', freeFlowInfo: info });
    const viaWx = await server().msdk(
      app,
      'freeflow/getinfo',
      { openid: wx.msdk.openid },
      { appid: app.msdk.wxAppid },
    );
    assert.deepEqual(viaWx.body, { ret: 0, msg: 'success', freeFlowInfo: info });

    // Another app and another player of this one are untouched.
    const elsewhere = await server().tencentLogin(other, 'ff-set', 'qq');
    const otherInfo = await server().msdk(other, 'freeflow/getinfo', {
      openid: elsewhere.msdk.openid,
    });
    assert.equal(otherInfo.body.freeFlowInfo.ipList, '');
    assert.equal(otherInfo.body.freeFlowInfo.isFree, 0);
    const peer = await server().tencentLogin(app, 'ff-set-peer', 'qq');
    const peerInfo = await server().msdk(app, 'freeflow/getinfo', { openid: peer.msdk.openid });
    assert.equal(peerInfo.body.freeFlowInfo.isFree, 0);
    assert.equal(peerInfo.body.freeFlowInfo.ltList, info.ltList);
  });

  it('freeflow/getinfo: replays 002’s example (openid in the query, no body)', async () => {
    const qq = await server().tencentLogin(app, 'ff-doc', 'qq');
    const answer = await server().msdk(app, 'freeflow/getinfo', undefined, {
      encode: '1',
      query: { openid: qq.msdk.openid ?? '' },
      trailingSlash: true,
    });
    assert.equal(answer.body.ret, 0);
    assert.deepEqual(Object.keys(answer.body.freeFlowInfo), [
      'ipList',
      'isFree',
      'ccType',
      'ltList',
      'dxList',
      'ydList',
      'expire',
    ]);
    for (const key of ['ipList', 'ltList', 'dxList', 'ydList']) {
      assert.equal(typeof answer.body.freeFlowInfo[key], 'string', key);
    }
    for (const key of ['isFree', 'ccType', 'expire']) {
      assert.equal(typeof answer.body.freeFlowInfo[key], 'number', key);
    }
  });

  it('freeflow/getinfo: 1001 without an openid or with a guest appid, 1005 for an unknown one', async () => {
    const guest = await server().tencentLogin(app, 'ff-bad', 'guest');
    assert.equal((await server().msdk(app, 'freeflow/getinfo', {})).body.ret, 1001);
    const unknown = await server().msdk(app, 'freeflow/getinfo', {
      openid: '23F7F96A4920872EA3CA2DB6CB8EFE04',
    });
    assert.equal(unknown.body.ret, 1005);
    const asGuest = await server().msdk(
      app,
      'freeflow/getinfo',
      { openid: guest.msdk.guestid },
      { appid: `G_${app.msdk.qqAppid}` },
    );
    assert.equal(asGuest.body.ret, 1001);
  });

  it('admin freeflow: 400 for bad hosts, expire, plans or keys; 404 for unknown apps and players', async () => {
    const qq = await server().tencentLogin(app, 'ff-admin', 'qq');
    const momoOnly = await server().guest(app, 'ff-admin-momo');
    const before = (await server().admin('GET', freeflowPath(app.id))).json;
    const badSettings = [
      { lt_list: ['has space.example.com'] },
      { dx_list: ['a,b'] },
      { yd_list: ['x'.repeat(254)] },
      { yd_list: Array.from({ length: 501 }, (_, i) => `h${i}.example.com`) },
      { lt_list: 'ok.example.com, bad/../host,  ,?' },
      { lt_list: 7 },
      { expire: 0 },
      { expire: 30 * 86_400 + 1 },
      { expire: '3600' },
      { expire: 1.5 },
      { ipList: 'a.example.com' },
    ];
    for (const body of badSettings) {
      const answer = await server().admin('PUT', freeflowPath(app.id), body);
      assert.equal(answer.status, 400, JSON.stringify(body).slice(0, 80));
      assert.equal(answer.json.error.code, 'invalid_argument');
    }
    assert.deepEqual((await server().admin('GET', freeflowPath(app.id))).json, before);
    for (const body of [{ cc_type: 3 }, { cc_type: -1 }, { is_free: 1 }, { isFree: true }]) {
      const answer = await server().admin('PUT', planPath(app.id, qq.player_id), body);
      assert.equal(answer.status, 400, JSON.stringify(body));
    }
    for (const [method, path] of [
      ['GET', freeflowPath('no-such-app')],
      ['PUT', freeflowPath('no-such-app')],
      ['GET', planPath('no-such-app', qq.player_id)],
      ['GET', planPath(app.id, 'no-such-player')],
      ['PUT', planPath(app.id, 'no-such-player')],
      ['GET', planPath(app.id, momoOnly.player_id)],
      ['PUT', planPath(other.id, qq.player_id)],
    ] as const) {
      const answer = await server().admin(method, path, method === 'PUT' ? {} : undefined);
      assert.equal(answer.status, 404, `${method} ${path}`);
    }
    const anonymous = await server().request('GET', freeflowPath(app.id));
    assert.equal(anonymous.status, 401);
  });

  it('freeflow/get_ccinfo: replays 002’s example (ip in the query): Shenzhen, China Telecom', async () => {
    const qq = await server().tencentLogin(app, 'cc-doc', 'qq');
    const answer = await server().msdk(app, 'freeflow/get_ccinfo', undefined, {
      encode: '1',
      query: { openid: qq.msdk.openid ?? '', ip: '59.37.125.72' },
      trailingSlash: true,
    });
    assert.equal(answer.status, 200);
    assert.deepEqual(Object.keys(answer.body), ['ret', 'msg', 'data']);
    assert.deepEqual(Object.keys(answer.body.data), Object.keys(UNKNOWN_PLACE));
    assert.deepEqual(answer.body, {
      ret: 0,
      msg: 'success',
      data: {
        apn: 'unknown',
        city: '深圳市',
        country: '中国',
        district: 'unknown',
        extend: 'unknown',
        nettype: 'unknown',
        oper: '电信',
        province: '广东省',
      },
    });
  });

  it('freeflow/get_ccinfo: ip in the body, IPv6, on WeChat; reserved addresses are unknown', async () => {
    const qq = await server().tencentLogin(app, 'cc-body', 'qq');
    const wx = await server().tencentLogin(app, 'cc-body', 'wx');
    const lookup = (ip?: string) =>
      server().msdk(app, 'freeflow/get_ccinfo', { openid: qq.msdk.openid, ip });
    const places: [string, Partial<typeof UNKNOWN_PLACE>][] = [
      ['114.114.114.114', { country: '中国', province: '江苏省', city: '南京市' }],
      ['8.8.8.8', { country: '美国', oper: 'Level3' }],
      [
        '::ffff:59.37.125.72',
        { country: '中国', province: '广东省', city: '深圳市', oper: '电信' },
      ],
      [
        '240e:47d:c20:1627:30a3:ba0d:a5e6:ec19',
        {
          country: '中国',
          province: '广东省',
          city: '广州市',
          district: '番禺区',
          oper: '中国电信CTNET网络',
        },
      ],
    ];
    for (const [ip, place] of places) {
      const answer = await lookup(ip);
      assert.deepEqual(
        answer.body,
        { ret: 0, msg: 'success', data: { ...UNKNOWN_PLACE, ...place } },
        ip,
      );
    }
    for (const ip of [
      '10.0.0.1',
      '192.168.1.1',
      '172.16.5.4',
      '127.0.0.1',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fe80::1',
      'fd00::1',
      '2001:db8::1',
    ]) {
      const answer = await lookup(ip);
      assert.deepEqual(answer.body, { ret: 0, msg: 'success', data: UNKNOWN_PLACE }, ip);
    }
    // Without an ip, the caller's address: here the loopback.
    assert.deepEqual((await lookup()).body.data, UNKNOWN_PLACE);
    assert.deepEqual((await lookup('')).body.data, UNKNOWN_PLACE);
    const viaWx = await server().msdk(
      app,
      'freeflow/get_ccinfo',
      { openid: wx.msdk.openid, ip: '59.37.125.72' },
      { appid: app.msdk.wxAppid },
    );
    assert.equal(viaWx.body.data.city, '深圳市');
  });

  it('freeflow/get_ccinfo: 1001 for what is not an IP address; 1005 for an unknown openid', async () => {
    const qq = await server().tencentLogin(app, 'cc-bad', 'qq');
    for (const ip of ['999.1.1.1', '1.2.3', 'abc', '59.37.125.72/24', '::ffff:1.2.3', 7]) {
      const answer = await server().msdk(app, 'freeflow/get_ccinfo', {
        openid: qq.msdk.openid,
        ip,
      });
      assert.equal(answer.body.ret, 1001, String(ip));
    }
    const unknown = await server().msdk(app, 'freeflow/get_ccinfo', {
      openid: '23F7F96A4920872EA3CA2DB6CB8EFE04',
      ip: '59.37.125.72',
    });
    assert.equal(unknown.body.ret, 1005);
  });
});
