import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { TestApp, TestServer } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';
import { tencentOf } from '../helpers/msdk.js';

const HOUR = 3_600_000;

type Login = Awaited<ReturnType<TestServer['tencentLogin']>>;

function keys(value: object): string[] {
  return Object.keys(value).sort();
}

describeEachBackend('msdk relation', (server) => {
  let app: TestApp;
  let other: TestApp;
  before(async () => {
    app = await server().createApp('Relation Game');
    other = await server().createApp('Other Relation Game');
  });

  async function login(tag: string, platform: 'qq' | 'wx', profile?: Record<string, unknown>) {
    const player = await server().tencentLogin(app, tag, platform);
    if (profile) await server().profile(player.session_token, profile);
    return player;
  }

  /**
   * The caller (QQ and WeChat) and friends: Alice plays on QQ, Bob on both, Wendy on WeChat only,
   * Olga plays another app only, Momo plays this app but never through Tencent. Sam plays on both
   * and is nobody's friend. Tags keep each test's players apart.
   */
  async function cast(tag: string) {
    const me = await login(`${tag}-me`, 'qq', { name: 'Me', sex: 'M', city_code: '440305' });
    const meWx = await login(`${tag}-me`, 'wx');
    const alice = await login(`${tag}-alice`, 'qq', { name: 'Alice', sex: 'F' });
    const bob = await login(`${tag}-bob`, 'qq', { name: 'Bob', sex: 'M', city_code: '110105' });
    const bobWx = await login(`${tag}-bob`, 'wx');
    const wendy = await login(`${tag}-wendy`, 'wx', { name: 'Wendy', sex: 'F' });
    const olga = await server().tencentLogin(other, `${tag}-olga`, 'qq');
    const momo = await server().guest(app, `${tag}-momo`);
    const sam = await login(`${tag}-sam`, 'qq', { name: 'Sam' });
    const samWx = await login(`${tag}-sam`, 'wx');
    for (const friend of [alice, bob, wendy, olga, momo]) await server().befriend(me, friend);
    return { me, meWx, alice, bob, bobWx, wendy, olga, momo, sam, samWx };
  }

  const qqBody = (who: Login, extra: Record<string, unknown> = {}) => ({
    appid: app.msdk.qqAppid,
    openid: who.msdk.openid,
    accessToken: who.msdk.openkey,
    ...extra,
  });
  const wxBody = (who: Login, extra: Record<string, unknown> = {}) => ({
    appid: app.msdk.wxAppid,
    openid: who.msdk.openid,
    accessToken: who.msdk.access_token,
    ...extra,
  });
  const asWx = { appid: '' };
  before(() => {
    asWx.appid = app.msdk.wxAppid;
  });

  const qqAvatar = (openid: string | undefined) =>
    `${server().baseUrl}/avatars/qq/${app.msdk.qqAppid}/${openid}`;
  const wxAvatar = (openid: string | undefined) =>
    `${server().baseUrl}/avatars/wx/${app.msdk.wxAppid}/${openid}`;

  it('qqfriends_detail lists QQ friends playing the app, without (flag 1) or with (flag 2) the caller', async () => {
    const c = await cast('detail');
    const one = await server().msdk(app, 'relation/qqfriends_detail', qqBody(c.me, { flag: 1 }));
    assert.equal(one.status, 200);
    assert.deepEqual(keys(one.body), ['is_lost', 'lists', 'msg', 'ret']);
    assert.equal(one.body.ret, 0);
    assert.equal(one.body.msg, 'success');
    assert.equal(one.body.is_lost, '0');
    const alice = {
      openid: c.alice.msdk.openid,
      nickName: 'Alice',
      gender: '女',
      figureurl_qq: `${qqAvatar(c.alice.msdk.openid)}/`,
    };
    const bob = {
      openid: c.bob.msdk.openid,
      nickName: 'Bob',
      gender: '男',
      figureurl_qq: `${qqAvatar(c.bob.msdk.openid)}/`,
    };
    // Wendy plays on WeChat only, Olga another app, Momo not through Tencent, Sam is no friend.
    assert.deepEqual(one.body.lists, [alice, bob]);

    const two = await server().msdk(app, 'relation/qqfriends_detail', qqBody(c.me, { flag: '2' }));
    const me = {
      openid: c.me.msdk.openid,
      nickName: 'Me',
      gender: '男',
      figureurl_qq: `${qqAvatar(c.me.msdk.openid)}/`,
    };
    assert.deepEqual(two.body.lists, [me, alice, bob]);

    // Other values (and none) are the current logic: without the caller.
    for (const flag of [0, 7, 'x', undefined]) {
      const answer = await server().msdk(app, 'relation/qqfriends_detail', qqBody(c.me, { flag }));
      assert.deepEqual(answer.body.lists, [alice, bob], `flag ${String(flag)}`);
    }

    // A player with no friends playing, and unknown gender answered as 男.
    const lonely = await login('detail-lonely', 'qq');
    const alone = await server().msdk(
      app,
      'relation/qqfriends_detail',
      qqBody(lonely, { flag: 2 }),
    );
    assert.deepEqual(alone.body.lists.length, 1);
    assert.equal(alone.body.lists[0].gender, '男');
    const none = await server().msdk(app, 'relation/qqfriends_detail', qqBody(lonely));
    assert.deepEqual(none.body.lists, []);
  });

  it('qqfriends_detail answers a hot list the same way every time, msdktea and msdkExtInfo too', async () => {
    const c = await cast('hot');
    const body = qqBody(c.me, { flag: 2, closefriends_flag: 1 });
    const first = await server().msdk(app, 'relation/qqfriends_detail', body);
    const again = await server().msdk(app, 'relation/qqfriends_detail', body, {
      query: { msdkExtInfo: 'hot_1' },
    });
    assert.deepEqual(again.body, { ...first.body, msdkExtInfo: 'hot_1' });
    assert.deepEqual(keys(again.body), [
      'extinfo',
      'is_lost',
      'lists',
      'msdkExtInfo',
      'msg',
      'ret',
    ]);
    const sealed = await server().msdk(app, 'relation/qqfriends_detail', body, { encrypt: true });
    assert.equal(sealed.headers.get('content-encrypt'), 'msdktea');
    assert.deepEqual(sealed.body, first.body);
    // Another host (or https) is another list: URLs follow the request.
    const https = await server().msdk(app, 'relation/qqfriends_detail', body, {
      query: { ishttps: '1' },
    });
    assert.match(https.body.lists[0].figureurl_qq, /^https:\/\//);
    assert.equal(https.body.lists.length, 3);
  });

  it('qqfriends_detail: closefriends_flag=1 adds the close friends who play on QQ', async () => {
    const c = await cast('close');
    const mark = (friend: Login, method = 'PUT') =>
      server().request(method, `/v1/client/friends/${friend.player_id}/close`, {
        token: c.me.session_token,
      });
    const marked = await mark(c.alice);
    assert.equal(marked.status, 200);
    assert.deepEqual(marked.json, { player_id: c.alice.player_id, close: true });
    assert.equal((await mark(c.alice)).status, 200, 'marking twice is fine');
    assert.equal((await mark(c.wendy)).status, 200);

    const body = qqBody(c.me, { flag: 1, closefriends_flag: 1 });
    const answer = await server().msdk(app, 'relation/qqfriends_detail', body);
    assert.deepEqual(keys(answer.body), ['extinfo', 'is_lost', 'lists', 'msg', 'ret']);
    // Wendy is close but does not play on QQ.
    assert.deepEqual(answer.body.extinfo, { closefriend_lists: [c.alice.msdk.openid] });
    assert.equal(answer.body.lists.length, 2);

    const without = await server().msdk(
      app,
      'relation/qqfriends_detail',
      qqBody(c.me, { flag: 1 }),
    );
    assert.equal(without.body.extinfo, undefined);

    assert.equal((await mark(c.alice, 'DELETE')).status, 204);
    assert.equal((await mark(c.alice, 'DELETE')).status, 404);
    const after = await server().msdk(app, 'relation/qqfriends_detail', body);
    assert.deepEqual(after.body.extinfo, { closefriend_lists: [] });

    // Only friends can be marked; a mark counts only while the two stay friends.
    assert.equal((await mark(c.sam)).status, 404);
    assert.equal((await mark(c.me)).status, 400);
    const ghost = await server().request('PUT', '/v1/client/friends/p_nobody/close', {
      token: c.me.session_token,
    });
    assert.equal(ghost.status, 404);
    assert.equal(
      (await server().request('PUT', `/v1/client/friends/${c.bob.player_id}/close`)).status,
      401,
    );
    assert.equal((await mark(c.bob)).status, 200);
    await server().request('DELETE', `/v1/client/friends/${c.bob.player_id}`, {
      token: c.me.session_token,
    });
    // Friend lists are trusted for 2 s (as profiles are).
    server().clock.advance(2_000);
    const unfriended = await server().msdk(app, 'relation/qqfriends_detail', body);
    assert.deepEqual(unfriended.body.extinfo, { closefriend_lists: [] });
    assert.deepEqual(
      unfriended.body.lists.map((f: { openid: string }) => f.openid),
      [c.alice.msdk.openid],
    );
  });

  it('qqstrange_profile: profiles of players of the app, friends or not, unknown ones left out', async () => {
    const c = await cast('strange');
    const answer = await server().msdk(
      app,
      'relation/qqstrange_profile',
      qqBody(c.me, {
        vcopenid: [c.sam.msdk.openid, 'F4382318AFBBD94F856E866043C3472E', c.alice.msdk.openid],
      }),
    );
    assert.deepEqual(keys(answer.body), ['is_lost', 'lists', 'msg', 'ret']);
    assert.equal(answer.body.is_lost, '0');
    const profile = (who: Login, nickName: string, gender: string) => ({
      openid: who.msdk.openid,
      gender,
      nickName,
      qzonepicture50: `${server().baseUrl}/avatars/qzone/${app.msdk.qqAppid}/${who.msdk.openid}/50`,
      qqpicture40: `${qqAvatar(who.msdk.openid)}/40`,
      qqpicture100: `${qqAvatar(who.msdk.openid)}/100`,
      qqpicture: qqAvatar(who.msdk.openid),
    });
    // Sam never said his sex: "1" as QQ's default (male).
    assert.deepEqual(answer.body.lists, [
      profile(c.sam, 'Sam', '1'),
      profile(c.alice, 'Alice', '2'),
    ]);

    // A WeChat-only player's openid and another app's player are nobody here.
    const wendy = await server().guildhall.directory.accountByPublicId(c.wendy.player_id);
    const { qqOpenid: wendyQq } = await tencentOf(server().guildhall).playerOf(app.id, wendy.id);
    const foreign = await server().msdk(
      app,
      'relation/qqstrange_profile',
      qqBody(c.me, { vcopenid: [c.olga.msdk.openid, wendyQq, c.wendy.msdk.openid] }),
    );
    assert.deepEqual(foreign.body.lists, []);
  });

  it('qqstrange_profile refuses a vcopenid that is not a non-empty array of at most 100', async () => {
    const c = await cast('strange-bad');
    const many = Array.from({ length: 101 }, (_, i) => `OPENID${i}`);
    for (const vcopenid of [c.sam.msdk.openid, [], many, undefined, [{}]]) {
      const answer = await server().msdk(
        app,
        'relation/qqstrange_profile',
        qqBody(c.me, { vcopenid }),
      );
      assert.equal(answer.body.ret, 1001, JSON.stringify(vcopenid));
      assert.match(answer.body.msg, /^1001,/);
    }
    const hundred = await server().msdk(
      app,
      'relation/qqstrange_profile',
      qqBody(c.me, { vcopenid: many.slice(0, 100) }),
    );
    assert.equal(hundred.body.ret, 0);
  });

  it('wxfriends lists the openids of WeChat friends playing the app', async () => {
    const c = await cast('wxfriends');
    const answer = await server().msdk(app, 'relation/wxfriends', wxBody(c.meWx), asWx);
    assert.deepEqual(keys(answer.body), ['msg', 'openids', 'ret']);
    // Bob and Wendy play on WeChat; Alice on QQ only.
    assert.deepEqual(
      [...answer.body.openids].sort(),
      [c.bobWx.msdk.openid, c.wendy.msdk.openid].sort(),
    );
    const wendy = await server().msdk(app, 'relation/wxfriends', wxBody(c.wendy), asWx);
    assert.deepEqual(wendy.body.openids, [c.meWx.msdk.openid]);
  });

  it('wxprofile: the caller and friends who play on WeChat, strangers left out', async () => {
    const c = await cast('wxprofile');
    const openids = [
      c.meWx.msdk.openid,
      c.wendy.msdk.openid,
      c.samWx.msdk.openid,
      'oGRTijlTxQPrvr-H5-pgoZMhZgog',
      c.bobWx.msdk.openid,
    ];
    const answer = await server().msdk(
      app,
      'relation/wxprofile',
      wxBody(c.meWx, { openids }),
      asWx,
    );
    assert.deepEqual(keys(answer.body), [
      'country',
      'language',
      'lists',
      'msg',
      'privilege',
      'ret',
    ]);
    assert.equal(answer.body.country, 'CN');
    assert.equal(answer.body.language, 'zh_CN');
    assert.deepEqual(answer.body.privilege, []);
    assert.deepEqual(answer.body.lists, [
      {
        nickName: 'Me',
        sex: 1,
        picture: wxAvatar(c.meWx.msdk.openid),
        provice: '广东',
        city: '深圳',
        openid: c.meWx.msdk.openid,
      },
      {
        nickName: 'Wendy',
        sex: 2,
        picture: wxAvatar(c.wendy.msdk.openid),
        provice: '',
        city: '',
        openid: c.wendy.msdk.openid,
      },
      {
        nickName: 'Bob',
        sex: 1,
        picture: wxAvatar(c.bobWx.msdk.openid),
        provice: '北京',
        city: '北京',
        openid: c.bobWx.msdk.openid,
      },
    ]);

    // Sam's own view: himself only; his sex unknown (0) and no place, so no country.
    const sam = await server().msdk(
      app,
      'relation/wxprofile',
      wxBody(c.samWx, { openids: [c.samWx.msdk.openid, c.meWx.msdk.openid] }),
      asWx,
    );
    assert.equal(sam.body.country, '');
    assert.deepEqual(
      sam.body.lists.map((p: { openid: string; sex: number }) => [p.openid, p.sex]),
      [[c.samWx.msdk.openid, 0]],
    );
  });

  it('wxprofile refuses openids missing, not an array, empty or over 100', async () => {
    const c = await cast('wxprofile-bad');
    const many = Array.from({ length: 101 }, (_, i) => `o${i}`);
    for (const openids of [undefined, c.meWx.msdk.openid, [], many]) {
      const answer = await server().msdk(
        app,
        'relation/wxprofile',
        wxBody(c.meWx, { openids }),
        asWx,
      );
      assert.equal(answer.body.ret, 1001, JSON.stringify(openids));
    }
  });

  it('wxuserinfo: the caller with place names, sex as a string and a stable unionid', async () => {
    const c = await cast('userinfo');
    const answer = await server().msdk(app, 'relation/wxuserinfo', wxBody(c.meWx), asWx);
    const { unionid, ...rest } = answer.body;
    assert.match(unionid, /^o[\w-]{27}$/);
    assert.deepEqual(rest, {
      ret: 0,
      msg: 'success',
      nickname: 'Me',
      picture: wxAvatar(c.meWx.msdk.openid),
      province: '广东',
      city: '深圳',
      country: 'CN',
      sex: '1',
      privilege: [],
      language: 'zh_CN',
      gpsCity: '深圳',
      openid: c.meWx.msdk.openid,
    });
    const again = await server().msdk(app, 'relation/wxuserinfo', wxBody(c.meWx), asWx);
    assert.equal(again.body.unionid, unionid);

    // The same account in another app keeps its unionid; another account has its own.
    const elsewhere = await server().tencentLogin(other, 'userinfo-me', 'wx');
    const there = await server().msdk(
      other,
      'relation/wxuserinfo',
      {
        openid: elsewhere.msdk.openid,
        accessToken: elsewhere.msdk.access_token,
      },
      { appid: other.msdk.wxAppid },
    );
    assert.notEqual(there.body.openid, c.meWx.msdk.openid);
    assert.equal(there.body.unionid, unionid);
    const wendy = await server().msdk(app, 'relation/wxuserinfo', wxBody(c.wendy), asWx);
    assert.notEqual(wendy.body.unionid, unionid);
    assert.equal(wendy.body.sex, '2');
    assert.equal(wendy.body.country, '');
    assert.equal(wendy.body.province, '');
    const sam = await server().msdk(app, 'relation/wxuserinfo', wxBody(c.samWx), asWx);
    assert.equal(sam.body.sex, '0');
  });

  it('replays the documents’ request examples with real ids and answers their fields', async () => {
    const c = await cast('examples');
    const qqQuery = { query: { openid: c.me.msdk.openid ?? '' }, encode: '1' as const };
    // 001 2.3.2.5 (appid as a string, flag 1) and 002 (adds closefriends_flag).
    const detail001 = await server().msdk(
      app,
      'relation/qqfriends_detail',
      {
        appid: app.msdk.qqAppid,
        openid: c.me.msdk.openid,
        accessToken: c.me.msdk.openkey,
        flag: 1,
      },
      { ...qqQuery, trailingSlash: true },
    );
    assert.deepEqual(keys(detail001.body), ['is_lost', 'lists', 'msg', 'ret']);
    assert.deepEqual(keys(detail001.body.lists[0]), [
      'figureurl_qq',
      'gender',
      'nickName',
      'openid',
    ]);
    const detail002 = await server().msdk(
      app,
      'relation/qqfriends_detail',
      {
        appid: app.msdk.qqAppid,
        openid: c.me.msdk.openid,
        accessToken: c.me.msdk.openkey,
        flag: 1,
        closefriends_flag: 1,
      },
      { ...qqQuery, trailingSlash: true },
    );
    assert.deepEqual(keys(detail002.body), ['extinfo', 'is_lost', 'lists', 'msg', 'ret']);
    assert.deepEqual(keys(detail002.body.extinfo), ['closefriend_lists']);

    // 001 2.3.3.5 and 002 (the same body: appid as a number, the caller's own openid asked).
    const strange = await server().msdk(
      app,
      'relation/qqstrange_profile',
      {
        appid: Number(app.msdk.qqAppid),
        openid: c.me.msdk.openid,
        accessToken: c.me.msdk.openkey,
        vcopenid: [c.me.msdk.openid],
      },
      { ...qqQuery, trailingSlash: true },
    );
    assert.deepEqual(keys(strange.body), ['is_lost', 'lists', 'msg', 'ret']);
    assert.deepEqual(keys(strange.body.lists[0]), [
      'gender',
      'nickName',
      'openid',
      'qqpicture',
      'qqpicture100',
      'qqpicture40',
      'qzonepicture50',
    ]);

    // 002 wxprofile: accessToken and openids only (no openid in the body).
    const wxQuery = { appid: app.msdk.wxAppid, query: { openid: c.meWx.msdk.openid ?? '' } };
    const profile = await server().msdk(
      app,
      'relation/wxprofile',
      {
        accessToken: c.meWx.msdk.access_token,
        openids: [c.meWx.msdk.openid, c.wendy.msdk.openid],
      },
      { ...wxQuery, encode: '1', trailingSlash: true },
    );
    assert.deepEqual(keys(profile.body), [
      'country',
      'language',
      'lists',
      'msg',
      'privilege',
      'ret',
    ]);
    for (const entry of profile.body.lists) {
      assert.deepEqual(keys(entry), ['city', 'nickName', 'openid', 'picture', 'provice', 'sex']);
      assert.equal(typeof entry.sex, 'number');
    }
    assert.equal(profile.body.lists.length, 2);

    // 002 wxfriends: openid and accessToken.
    const friends = await server().msdk(
      app,
      'relation/wxfriends',
      { openid: c.meWx.msdk.openid, accessToken: c.meWx.msdk.access_token },
      { ...wxQuery, encode: '1', trailingSlash: true },
    );
    assert.deepEqual(keys(friends.body), ['msg', 'openids', 'ret']);

    // 002 wxuserinfo: appid, openid and accessToken; the example's fields and the table's.
    const info = await server().msdk(
      app,
      'relation/wxuserinfo',
      {
        appid: app.msdk.wxAppid,
        openid: c.meWx.msdk.openid,
        accessToken: c.meWx.msdk.access_token,
      },
      { ...wxQuery, encode: '1', trailingSlash: true },
    );
    assert.deepEqual(
      keys(info.body),
      [
        'city',
        'country',
        'gpsCity',
        'language',
        'msg',
        'nickname',
        'openid',
        'picture',
        'privilege',
        'province',
        'ret',
        'sex',
        'unionid',
      ].sort(),
    );
    assert.equal(typeof info.body.sex, 'string');
  });

  it('answers 1001 to an appid of the other platform', async () => {
    const c = await cast('platforms');
    for (const path of ['relation/qqfriends_detail', 'relation/qqstrange_profile']) {
      const answer = await server().msdk(app, path, qqBody(c.me, { vcopenid: ['X'] }), asWx);
      assert.equal(answer.body.ret, 1001, path);
    }
    for (const path of ['relation/wxfriends', 'relation/wxprofile', 'relation/wxuserinfo']) {
      const answer = await server().msdk(app, path, wxBody(c.meWx, { openids: ['x'] }));
      assert.equal(answer.body.ret, 1001, path);
      const guest = await server().msdk(app, path, wxBody(c.meWx, { openids: ['x'] }), {
        appid: `G_${app.msdk.qqAppid}`,
      });
      assert.equal(guest.body.ret, 1001, path);
    }
  });

  it('answers 1003 to a wrong token, another player’s openid or another kind of token', async () => {
    const c = await cast('tokens');
    const qqCalls: [string, Record<string, unknown>][] = [
      ['relation/qqfriends_detail', { flag: 1 }],
      ['relation/qqstrange_profile', { vcopenid: [c.alice.msdk.openid] }],
    ];
    for (const [path, extra] of qqCalls) {
      const wrong = await server().msdk(
        app,
        path,
        qqBody(c.me, { ...extra, accessToken: 'FCCDE5C8CDAD70A9A0E229C367E03178' }),
      );
      assert.equal(wrong.body.ret, 1003, path);
      const mismatch = await server().msdk(
        app,
        path,
        qqBody(c.me, { ...extra, openid: c.alice.msdk.openid }),
      );
      assert.equal(mismatch.body.ret, 1003, path);
      const payToken = await server().msdk(
        app,
        path,
        qqBody(c.me, { ...extra, accessToken: c.me.msdk.pay_token }),
      );
      assert.equal(payToken.body.ret, 1003, path);
      const missing = await server().msdk(app, path, qqBody(c.me, { ...extra, accessToken: '' }));
      assert.equal(missing.body.ret, 1001, path);
    }
    const wxCalls: [string, Record<string, unknown>][] = [
      ['relation/wxfriends', {}],
      ['relation/wxprofile', { openids: [c.meWx.msdk.openid] }],
      ['relation/wxuserinfo', {}],
    ];
    for (const [path, extra] of wxCalls) {
      const wrong = await server().msdk(
        app,
        path,
        wxBody(c.meWx, { ...extra, accessToken: c.meWx.msdk.refresh_token }),
        asWx,
      );
      assert.equal(wrong.body.ret, 1003, path);
      const mismatch = await server().msdk(
        app,
        path,
        wxBody(c.meWx, { ...extra, openid: c.wendy.msdk.openid }),
        asWx,
      );
      assert.equal(mismatch.body.ret, 1003, path);
    }
  });

  // Last: it moves the clock past every token issued so far.
  it('answers 1004 once the openkey or access_token has lived its 2 hours', async () => {
    const c = await cast('expiry');
    server().clock.advance(2 * HOUR - 1000);
    const alive = await server().msdk(app, 'relation/qqfriends_detail', qqBody(c.me));
    assert.equal(alive.body.ret, 0);
    server().clock.advance(1001);
    const calls: [string, Record<string, unknown>, boolean][] = [
      ['relation/qqfriends_detail', qqBody(c.me), false],
      ['relation/qqstrange_profile', qqBody(c.me, { vcopenid: [c.alice.msdk.openid] }), false],
      ['relation/wxfriends', wxBody(c.meWx), true],
      ['relation/wxprofile', wxBody(c.meWx, { openids: [c.meWx.msdk.openid] }), true],
      ['relation/wxuserinfo', wxBody(c.meWx), true],
    ];
    for (const [path, body, wx] of calls) {
      const answer = await server().msdk(app, path, body, wx ? asWx : {});
      assert.equal(answer.body.ret, 1004, path);
      assert.match(answer.body.msg, /^1004,/);
    }
  });
});
