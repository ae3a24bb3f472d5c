import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { assertShape, setAttributes } from '../helpers/memberships.js';
import type { TestApp } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';
import { tencentOf } from '../helpers/msdk.js';

const HOUR = 3_600_000;

const PROFILE = {
  ret: 'number',
  msg: 'string',
  nickName: 'string',
  gender: 'string',
  picture40: 'string',
  picture100: 'string',
  yellow_vip: 'number',
  yellow_vip_level: 'number',
  yellow_year_vip: 'number',
  is_lost: 'string',
} as const;

const RICH_INFO = {
  ret: 'number',
  msg: 'string',
  is_lost: 'string',
  is_qq_vip: 'string',
  qq_vip_start: 'string',
  qq_vip_end: 'string',
  qq_year_vip_start: 'string',
  qq_year_vip_end: 'string',
  qq_svip_start: 'string',
  qq_svip_end: 'string',
  is_qq_year_vip: 'string',
  is_svip: 'string',
} as const;

const LOAD_VIP_ENTRY = {
  flag: 'number',
  year: 'number',
  level: 'number',
  luxury: 'number',
  ispay: 'number',
  isvip: 'number',
  qqLevel: 'number',
} as const;

const QUERY_VIP_ENTRY = {
  flag: 'number',
  year: 'number',
  level: 'number',
  luxury: 'number',
  isvip: 'number',
} as const;

const FIRST_REG = {
  ret: 'number',
  msg: 'string',
  need_pop: 'string',
  realname_flag: 'string',
  mobile_flag: 'string',
} as const;

interface QqPlayer {
  player_id: string;
  session_token: string;
  openid: string;
  openkey: string;
}

describeEachBackend('msdk memberships (QQ)', (server) => {
  let app: TestApp;
  let other: TestApp;
  let fresh: QqPlayer;
  let vip: QqPlayer;

  async function qqPlayer(target: TestApp, device: string): Promise<QqPlayer> {
    const login = await server().tencentLogin(target, device, 'qq');
    return {
      player_id: login.player_id,
      session_token: login.session_token,
      openid: login.msdk.openid ?? '',
      openkey: login.msdk.openkey ?? '',
    };
  }

  /** Calls as the player, the token in the body and the openid in both, as the examples do. */
  function call(path: string, who: QqPlayer, body: Record<string, unknown> = {}) {
    return server().msdk(
      app,
      path,
      { appid: app.msdk.qqAppid, openid: who.openid, accessToken: who.openkey, ...body },
      { query: { openid: who.openid } },
    );
  }

  before(async () => {
    app = await server().createApp('Membership Game');
    other = await server().createApp('Other Membership Game');
    fresh = await qqPlayer(app, 'dev-fresh');
    vip = await qqPlayer(app, 'dev-vip');
    await server().profile(vip.session_token, { name: '憨特', sex: 'F' });
    await setAttributes(server(), app, vip.player_id, {
      memberships: {
        qq: {
          active: true,
          level: 6,
          yearly: true,
          since: 1443461120,
          until: 1448817920,
          yearly_since: 1443000000,
          yearly_until: 1474000000,
        },
        qq_super: { active: true, since: 1443461121, until: 1448817921 },
        blue_diamond: { active: true, level: 7, luxury: true, yearly: true },
        red_diamond: { active: true, level: 3 },
        yellow_diamond: { active: true, level: 5, yearly: true },
        game: { active: true, level: 2 },
        xinyue: { active: true, level: 3 },
        animation: { active: true },
      },
      qq_level: 10,
      xinyue_tier: 11,
      wifi: true,
      real_name: { verified: true, phone_bound: true, prompt: true },
    });
  });

  it('qqprofile: replays 001 and 002, with the account name, Chinese gender, avatars and yellow diamond', async () => {
    // 001 sends appid as a number, 002 as a string.
    for (const appid of [Number(app.msdk.qqAppid), app.msdk.qqAppid]) {
      const { status, body } = await call('relation/qqprofile', vip, { appid });
      assert.equal(status, 200);
      assertShape(body, PROFILE);
      assert.equal(body.ret, 0);
      assert.equal(body.msg, 'success');
      assert.equal(body.nickName, '憨特');
      assert.equal(body.gender, '女');
      const base = `${server().baseUrl}/avatars/qq/${app.msdk.qqAppid}/${vip.openid}`;
      assert.equal(body.picture40, `${base}/40`);
      assert.equal(body.picture100, `${base}/100`);
      assert.deepEqual([body.yellow_vip, body.yellow_vip_level, body.yellow_year_vip], [1, 5, 1]);
      assert.equal(body.is_lost, '0');
    }
    const { body } = await call('relation/qqprofile', fresh);
    assertShape(body, PROFILE);
    assert.equal(body.gender, '男', 'the default when the sex is unknown');
    assert.deepEqual([body.yellow_vip, body.yellow_vip_level, body.yellow_year_vip], [0, 0, 0]);
  });

  it('qqfriends_vip: replays 001 (qq_vip) and 002 (qq_vip,qq_svip) with the documented fields', async () => {
    const { body: old } = await call('relation/qqfriends_vip', fresh, {
      fopenids: [vip.openid],
      flags: 'qq_vip',
      pf: 'openmobile',
      userip: '127.0.0.1',
    });
    assertShape(old, { ret: 'number', msg: 'string', is_lost: 'string', lists: 'object' });
    assert.equal(old.ret, 0);
    assert.deepEqual(old.lists, [
      { openid: vip.openid, is_qq_vip: 1, qq_vip_level: 6, is_qq_year_vip: 1 },
    ]);

    const { body } = await call('relation/qqfriends_vip', fresh, {
      fopenids: [vip.openid, fresh.openid],
      flags: 'qq_vip,qq_svip',
      pf: 'openmobile_android',
      userip: '127.0.0.1',
    });
    assert.equal(body.is_lost, '0');
    assert.deepEqual(body.lists, [
      { openid: vip.openid, is_qq_vip: 1, qq_vip_level: 6, is_qq_year_vip: 1, is_qq_svip: 1 },
      // The level is sent only to members.
      { openid: fresh.openid, is_qq_vip: 0, is_qq_year_vip: 0, is_qq_svip: 0 },
    ]);
  });

  it('qqfriends_vip: no flags asks for all, qq_svip alone, unknown openids and non-QQ players left out', async () => {
    const wxOnly = await server().tencentLogin(app, 'dev-wx-only', 'wx');
    const wxOnlyQqOpenid = (
      await tencentOf(server().guildhall).byOpenid(app.id, 'wx', wxOnly.msdk.openid ?? '')
    ).qqOpenid;
    const stranger = await qqPlayer(other, 'dev-vip');
    const { body } = await call('relation/qqfriends_vip', fresh, {
      fopenids: [
        'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF',
        vip.openid,
        wxOnlyQqOpenid,
        stranger.openid,
        vip.openid,
      ],
    });
    assert.equal(body.ret, 0);
    assert.deepEqual(body.lists, [
      { openid: vip.openid, is_qq_vip: 1, qq_vip_level: 6, is_qq_year_vip: 1, is_qq_svip: 1 },
    ]);
    const { body: svip } = await call('relation/qqfriends_vip', fresh, {
      fopenids: [vip.openid],
      flags: 'qq_svip',
    });
    assert.deepEqual(svip.lists, [{ openid: vip.openid, is_qq_svip: 1 }]);
  });

  it('qqfriends_vip: takes up to 50 fopenids (001) and rejects more, none or unknown flags', async () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => `${i}`.padStart(32, 'A'));
    const fifty = await call('relation/qqfriends_vip', fresh, { fopenids: many(50) });
    assert.equal(fifty.body.ret, 0);
    assert.deepEqual(fifty.body.lists, []);
    for (const body of [
      { fopenids: many(51) },
      { fopenids: [] },
      {},
      { fopenids: 'AAAA' },
      { fopenids: [vip.openid], flags: 'qq_vip,blue' },
    ]) {
      const { body: answer } = await call('relation/qqfriends_vip', fresh, body);
      assert.equal(answer.ret, 1001, JSON.stringify(body));
      assert.match(answer.msg, /^1001,/);
    }
  });

  it('get_vip_rich_info: replays 001 and 002 with every value a string', async () => {
    const { body } = await call('relation/get_vip_rich_info', vip);
    assertShape(body, RICH_INFO);
    assert.deepEqual(
      { ...body, msg: undefined, ret: undefined },
      {
        msg: undefined,
        ret: undefined,
        is_lost: '0',
        is_qq_vip: '1',
        qq_vip_start: '1443461120',
        qq_vip_end: '1448817920',
        qq_year_vip_start: '1443000000',
        qq_year_vip_end: '1474000000',
        qq_svip_start: '1443461121',
        qq_svip_end: '1448817921',
        is_qq_year_vip: '1',
        is_svip: '1',
      },
    );
    const { body: zeros } = await call('relation/get_vip_rich_info', fresh);
    assertShape(zeros, RICH_INFO);
    for (const key of Object.keys(RICH_INFO).filter((k) => k !== 'ret' && k !== 'msg')) {
      assert.equal(zeros[key], '0', key);
    }
  });

  it('load_vip: replays 001 (vip 13 → flags 1, 4, 8) with msg "" as the example', async () => {
    const { body } = await call('profile/load_vip', vip, { login: 2, uin: 0, vip: 13 });
    assertShape(body, { ret: 'number', msg: 'string', lists: 'object' });
    assert.equal(body.ret, 0);
    assert.equal(body.msg, '');
    for (const entry of body.lists) assertShape(entry, LOAD_VIP_ENTRY, 'entry');
    assert.deepEqual(body.lists, [
      { flag: 1, year: 1, level: 6, luxury: 0, ispay: 0, isvip: 1, qqLevel: 10 },
      { flag: 4, year: 1, level: 7, luxury: 1, ispay: 0, isvip: 1, qqLevel: 0 },
      { flag: 8, year: 0, level: 3, luxury: 0, ispay: 0, isvip: 1, qqLevel: 0 },
    ]);
  });

  it('load_vip: every flag, game membership as ispay, unknown bits ignored, defaults zero', async () => {
    const { body } = await call('profile/load_vip', vip, { vip: 16 + 32 + 64 + 128 + 4096 });
    assert.deepEqual(body.lists, [
      { flag: 16, year: 0, level: 0, luxury: 0, ispay: 0, isvip: 1, qqLevel: 0 },
      { flag: 32, year: 0, level: 2, luxury: 0, ispay: 1, isvip: 1, qqLevel: 0 },
      { flag: 64, year: 0, level: 3, luxury: 0, ispay: 0, isvip: 1, qqLevel: 0 },
      { flag: 128, year: 1, level: 5, luxury: 0, ispay: 0, isvip: 1, qqLevel: 0 },
    ]);
    const { body: zeros } = await call('profile/load_vip', fresh, { vip: '255' });
    assert.equal(zeros.lists.length, 8);
    for (const entry of zeros.lists) {
      assert.deepEqual({ ...entry, flag: 0 }, { ...LOAD_ZERO, flag: 0 });
    }
    for (const vipBits of [0, 4096, -1, 'all']) {
      const { body: bad } = await call('profile/load_vip', vip, { vip: vipBits });
      assert.equal(bad.ret, 1001, String(vipBits));
    }
    assert.equal((await call('profile/load_vip', vip)).body.ret, 1001, 'vip is required');
  });

  it('query_vip: replays 002 and answers every flag of its table in order', async () => {
    const { body } = await call('profile/query_vip', vip, { vip: 512 });
    assertShape(body, { ret: 'number', msg: 'string', lists: 'object' });
    assert.equal(body.msg, '');
    assert.deepEqual(body.lists, [{ flag: 512, year: 0, level: 11, luxury: 0, isvip: 1 }]);

    const { body: all } = await call('profile/query_vip', vip, { vip: 0x3df });
    for (const entry of all.lists) assertShape(entry, QUERY_VIP_ENTRY, 'entry');
    assert.deepEqual(all.lists, [
      { flag: 1, year: 1, level: 6, luxury: 0, isvip: 1 },
      { flag: 2, year: 0, level: 10, luxury: 0, isvip: 1 },
      { flag: 4, year: 1, level: 7, luxury: 1, isvip: 1 },
      { flag: 8, year: 0, level: 3, luxury: 0, isvip: 1 },
      { flag: 16, year: 0, level: 0, luxury: 0, isvip: 1 },
      { flag: 64, year: 0, level: 3, luxury: 0, isvip: 1 },
      { flag: 128, year: 1, level: 5, luxury: 0, isvip: 1 },
      { flag: 256, year: 0, level: 0, luxury: 0, isvip: 1 },
      { flag: 512, year: 0, level: 11, luxury: 0, isvip: 1 },
    ]);
    const { body: zeros } = await call('profile/query_vip', fresh, { vip: 0x3ff });
    assert.equal(zeros.lists.length, 10);
    for (const entry of zeros.lists) {
      assert.deepEqual(entry, { flag: entry.flag, year: 0, level: 0, luxury: 0, isvip: 0 });
    }
  });

  it('get_gift: replays 001 and 002 (openid only), hands the packs over once and clears them', async () => {
    const player = await qqPlayer(app, 'dev-gift');
    const grant = (gift_id: string, count: number) =>
      server().admin('POST', `/v1/admin/apps/${app.id}/players/${player.player_id}/gift-packs`, {
        gift_id,
        count,
      });
    await grant('1001', 1);
    await grant('2002', 3);
    await grant('1001', 2);
    const { body } = await server().msdk(
      app,
      'profile/get_gift',
      { appid: app.msdk.qqAppid, openid: player.openid },
      { query: { openid: player.openid, msdkExtInfo: 'testhunter' } },
    );
    assertShape(body, {
      ret: 'number',
      msg: 'string',
      msdkExtInfo: 'string',
      GiftPackList: 'object',
    });
    assert.equal(body.msg, 'success');
    assert.deepEqual(body.GiftPackList, [
      { giftId: '1001', giftCount: '3' },
      { giftId: '2002', giftCount: '3' },
    ]);
    const again = await server().msdk(app, 'profile/get_gift', { openid: player.openid });
    assert.equal(again.body.ret, 0);
    assert.deepEqual(again.body.GiftPackList, []);

    // 001's table names the URL relation/get_gift.
    await grant('3003', 1);
    const table = await server().msdk(app, 'relation/get_gift', { openid: player.openid });
    assert.deepEqual(table.body.GiftPackList, [{ giftId: '3003', giftCount: '1' }]);
  });

  it('get_gift: concurrent calls never both get a pack', async () => {
    const player = await qqPlayer(app, 'dev-gift-race');
    for (let i = 0; i < 10; i += 1) {
      await server().admin(
        'POST',
        `/v1/admin/apps/${app.id}/players/${player.player_id}/gift-packs`,
        { gift_id: `g${i}`, count: 1 },
      );
    }
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        server().msdk(app, 'profile/get_gift', { openid: player.openid }),
      ),
    );
    const handed = answers.flatMap((a) => a.body.GiftPackList.map((g: any) => g.giftId));
    assert.deepEqual(handed.sort(), Array.from({ length: 10 }, (_, i) => `g${i}`).sort());
  });

  it('get_gift and get_wifi: 1005 for an unknown openid, 1001 without one', async () => {
    for (const path of ['profile/get_gift', 'profile/get_wifi']) {
      const unknown = await server().msdk(app, path, {
        openid: 'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF',
      });
      assert.equal(unknown.body.ret, 1005, path);
      const elsewhere = await server().msdk(other, path, { openid: vip.openid });
      assert.equal(elsewhere.body.ret, 1005, `${path}: ids are per app`);
      assert.equal((await server().msdk(app, path, {})).body.ret, 1001, path);
    }
  });

  it('get_wifi: replays 001 and 002 (openid in the body or the query only)', async () => {
    const { body } = await server().msdk(
      app,
      'profile/get_wifi',
      { appid: app.msdk.qqAppid, openid: vip.openid },
      { query: { openid: vip.openid } },
    );
    assertShape(body, { ret: 'number', msg: 'string', wifiVip: 'number' });
    assert.equal(body.wifiVip, 1);
    const zero = await server().msdk(
      app,
      'profile/get_wifi',
      {},
      { query: { openid: fresh.openid } },
    );
    assert.equal(zero.body.wifiVip, 0);
  });

  it('qqget_first_reg: replays 002 (accessToken only) with string flags', async () => {
    const { body } = await server().msdk(
      app,
      'profile/qqget_first_reg',
      { accessToken: vip.openkey },
      { query: { openid: vip.openid } },
    );
    assertShape(body, FIRST_REG);
    assert.deepEqual([body.need_pop, body.realname_flag, body.mobile_flag], ['1', '1', '1']);
    const { body: zeros } = await server().msdk(app, 'profile/qqget_first_reg', {
      accessToken: fresh.openkey,
    });
    assertShape(zeros, FIRST_REG);
    assert.deepEqual([zeros.need_pop, zeros.realname_flag, zeros.mobile_flag], ['0', '0', '0']);
  });

  it('token endpoints: 1001 without a token, 1003 for a wrong one, 1004 once expired, 1001 for a WeChat appid', async () => {
    const paths: [string, Record<string, unknown>][] = [
      ['relation/qqprofile', {}],
      ['relation/qqfriends_vip', { fopenids: [vip.openid] }],
      ['relation/get_vip_rich_info', {}],
      ['profile/load_vip', { vip: 1 }],
      ['profile/query_vip', { vip: 1 }],
      ['profile/qqget_first_reg', {}],
    ];
    const late = await qqPlayer(app, 'dev-late');
    for (const [path, body] of paths) {
      const missing = await server().msdk(app, path, { openid: vip.openid, ...body });
      assert.equal(missing.body.ret, 1001, path);
      const wrong = await call(path, vip, { ...body, accessToken: fresh.openkey });
      assert.equal(wrong.body.ret, 1003, `${path}: another player's token`);
      const foreign = await call(path, vip, { ...body, accessToken: 'F'.repeat(32) });
      assert.equal(foreign.body.ret, 1003, path);
      const wx = await server().msdk(
        app,
        path,
        { openid: vip.openid, accessToken: vip.openkey, ...body },
        { appid: app.msdk.wxAppid },
      );
      assert.equal(wx.body.ret, 1001, `${path}: a WeChat appid`);
    }
    server().clock.advance(3 * HOUR);
    for (const [path, body] of paths) {
      const expired = await call(path, late, body);
      assert.equal(expired.body.ret, 1004, path);
    }
  });
});

const LOAD_ZERO = { flag: 0, year: 0, level: 0, luxury: 0, ispay: 0, isvip: 0, qqLevel: 0 };
