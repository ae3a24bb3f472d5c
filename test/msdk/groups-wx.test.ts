import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { GuildKey } from '../../src/core/groups/types.js';
import type { MsdkCallOptions, TestApp, TestServer } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';
import { tencentOf } from '../helpers/msdk.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;

type Login = Awaited<ReturnType<TestServer['tencentLogin']>>;

function keys(value: object): string[] {
  return Object.keys(value).sort();
}

/** `n` bytes of UTF-8: three-byte Chinese characters, then ASCII to make up the rest. */
function utf8Text(n: number): string {
  return '群'.repeat(Math.floor(n / 3)) + 'a'.repeat(n % 3);
}

/** 002's wxsend_groupmsg reqBody (its trailing commas dropped), for the app's WeChat appid. */
function exampleReqBody(appid: string, groupid = 'mt2group') {
  return {
    msg_type: 1,
    sub_type: 2,
    appid,
    groupid,
    open: {
      title: 'test1',
      desc: 'test2',
      share_url:
        'https://game.weixin.qq.com/cgi-bin/act?noticeid=90103953&actid=7006&k=Q6EgQ_8DgubBRXGb1vmTBw&q=0&jsapi_ticket=1&hongbaoid=8CF558E6633CCB020796260075B95465#wechat_redirect',
      ext_info: 'test3',
      message_ext: 'test4',
      media_tag_name: 'test5',
    },
  };
}

describeEachBackend('msdk WeChat groups', (server) => {
  let app: TestApp;
  let other: TestApp;
  before(async () => {
    app = await server().createApp('WeChat Group Game');
    other = await server().createApp('Other WeChat Group Game');
  });

  const login = (tag: string, platform: 'qq' | 'wx' = 'wx', inApp = app) =>
    server().tencentLogin(inApp, tag, platform);

  const key = (groupid: string): GuildKey => ({
    appId: app.id,
    unionId: groupid,
    zone: '',
    kind: 'guild',
  });

  async function accountOf(who: Login): Promise<number> {
    const player = await tencentOf(server().guildhall).byOpenid(
      app.id,
      'wx',
      who.msdk.openid ?? '',
    );
    return player.accountId;
  }

  /** A WeChat group of the guild `groupid`, made by `owner` through the client SDK, and joined. */
  async function wxGroup(groupid: string, owner: Login, ...members: Login[]) {
    const { guildhall } = server();
    const created = await guildhall.groups.create(key(groupid), await accountOf(owner), {
      name: `${groupid} 群`,
    });
    for (const member of members) {
      await guildhall.groups.join({ guild: key(groupid) }, await accountOf(member));
    }
    return created.group;
  }

  /** A call as the WeChat player `who` (token and openid in the body). */
  const call = (
    name: string,
    who: Login,
    body: Record<string, unknown> = {},
    options: MsdkCallOptions = {},
  ) =>
    server().msdk(
      app,
      `relation/${name}`,
      {
        appid: app.msdk.wxAppid,
        openid: who.msdk.openid,
        accessToken: who.msdk.access_token,
        ...body,
      },
      { appid: app.msdk.wxAppid, ...options },
    );

  async function inbox(who: Login): Promise<Record<string, unknown>[]> {
    const response = await server().request('GET', '/v1/client/inbox', {
      token: who.session_token,
    });
    assert.equal(response.status, 200);
    return (response.json.messages as { content: string }[]).map(
      (m) => JSON.parse(m.content) as Record<string, unknown>,
    );
  }

  /** Each body answers `ret`, its msg starting with "ret,field" when a field is named. */
  async function refused(
    name: string,
    who: Login,
    ret: number,
    cases: [string, Record<string, unknown>][],
  ) {
    for (const [field, body] of cases) {
      const answer = await call(name, who, body);
      const label = `${name} ${JSON.stringify(body).slice(0, 120)}`;
      assert.equal(answer.body.ret, ret, label);
      assert.match(answer.body.msg, new RegExp(`^${ret},${field}`), label);
    }
  }

  /** The token checks every endpoint makes: 1001 missing, 1003 wrong or QQ, 1004 expired, QQ appid 1001. */
  async function checksTokens(name: string, body: Record<string, unknown>) {
    const me = await login(`${name}-token`);
    const qq = await login(`${name}-token`, 'qq');
    assert.equal((await call(name, me, { ...body, accessToken: undefined })).body.ret, 1001);
    assert.equal((await call(name, me, { ...body, accessToken: 'nope' })).body.ret, 1003);
    assert.equal((await call(name, me, { ...body, accessToken: qq.msdk.openkey })).body.ret, 1003);
    const elsewhere = await login(`${name}-token`, 'wx', other);
    const foreign = await call(name, me, { ...body, accessToken: elsewhere.msdk.access_token });
    assert.equal(foreign.body.ret, 1003);
    const qqAppid = await call(name, me, body, { appid: app.msdk.qqAppid });
    assert.equal(qqAppid.body.ret, 1001);
    assert.match(qqAppid.body.msg, /takes a WeChat appid/);
    const guestAppid = await call(name, me, body, { appid: `G_${app.msdk.qqAppid}` });
    assert.equal(guestAppid.body.ret, 1001);
    server().clock.advance(2 * HOUR);
    assert.equal((await call(name, me, body)).body.ret, 1004);
  }

  // wxget_groupinfo

  it('wxget_groupinfo: the asked openids that are members, in the order asked, and the member count', async () => {
    const [owner, member, stranger] = await Promise.all([
      login('info-owner'),
      login('info-member'),
      login('info-stranger'),
    ]);
    await wxGroup('info-guild', owner, member);
    const list = [stranger, member, owner].map((who) => who.msdk.openid).join(',');
    const answer = await call('wxget_groupinfo', stranger, {
      groupid: 'info-guild',
      openidlist: `oGRTijuUl6Peo6lybWyGQfNC9_WE,${list}`,
    });
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, {
      ret: 0,
      msg: 'success',
      platCode: '',
      openidlist: `${member.msdk.openid},${owner.msdk.openid}`,
      membercount: 2,
    });
    const none = await call('wxget_groupinfo', owner, {
      groupid: 'info-guild',
      openidlist: `${stranger.msdk.openid},oGRTijuUl6Peo6lybWyGQfNC9_WE`,
    });
    assert.deepEqual(none.body, {
      ret: 0,
      msg: 'success',
      platCode: '',
      openidlist: '',
      membercount: 2,
    });
    const spaced = await call('wxget_groupinfo', owner, {
      groupid: 'info-guild',
      openidlist: ` ${owner.msdk.openid} , ${member.msdk.openid},${owner.msdk.openid}`,
    });
    assert.equal(spaced.body.openidlist, `${owner.msdk.openid},${member.msdk.openid}`);
  });

  it('wxget_groupinfo: 1 to 100 openids, else 1001; an unknown or dissolved group answers 1005', async () => {
    const owner = await login('info-bad-owner');
    await wxGroup('info-bad', owner);
    const hundred = Array.from({ length: 99 }, (_, i) => `oGRTij${String(i).padStart(22, '0')}`);
    const fits = await call('wxget_groupinfo', owner, {
      groupid: 'info-bad',
      openidlist: [...hundred, owner.msdk.openid].join(','),
    });
    assert.equal(fits.body.ret, 0);
    assert.equal(fits.body.openidlist, owner.msdk.openid);
    await refused('wxget_groupinfo', owner, 1001, [
      ['openidlist', { groupid: 'info-bad', openidlist: [...hundred, 'a', 'b'].join(',') }],
      ['openidlist', { groupid: 'info-bad', openidlist: '' }],
      ['openidlist', { groupid: 'info-bad', openidlist: `${owner.msdk.openid},,` }],
      ['openidlist', { groupid: 'info-bad', openidlist: [owner.msdk.openid] }],
      ['openidlist', { groupid: 'info-bad', openidlist: undefined }],
      ['openidlist', { groupid: 'info-bad', openidlist: 'o'.repeat(65) }],
      ['groupid', { groupid: undefined, openidlist: owner.msdk.openid }],
      ['groupid', { groupid: '', openidlist: owner.msdk.openid }],
    ]);
    const unknown = await call('wxget_groupinfo', owner, {
      groupid: 'info-nobody',
      openidlist: owner.msdk.openid,
    });
    assert.equal(unknown.body.ret, 1005);
    await server().guildhall.groups.disband({ guild: key('info-bad') }, await accountOf(owner));
    const dissolved = await call('wxget_groupinfo', owner, {
      groupid: 'info-bad',
      openidlist: owner.msdk.openid,
    });
    assert.equal(dissolved.body.ret, 1005);
  });

  it('wxget_groupinfo: tokens and appids are checked', async () => {
    const owner = await login('info-token-owner');
    await wxGroup('info-token', owner);
    await checksTokens('wxget_groupinfo', {
      groupid: 'info-token',
      openidlist: owner.msdk.openid,
    });
  });

  it('wxget_groupinfo: replays 002’s example', async () => {
    const me = await login('info-doc');
    const friend = await login('info-doc-friend');
    await wxGroup('110', me, friend);
    const example = {
      accessToken: me.msdk.access_token,
      groupid: '110',
      appid: app.msdk.wxAppid,
      openid: me.msdk.openid,
      openidlist: me.msdk.openid,
    };
    const answer = await server().msdk(app, 'relation/wxget_groupinfo', example, {
      appid: app.msdk.wxAppid,
      query: { openid: me.msdk.openid ?? '' },
    });
    const documented = { membercount: 2, msg: 'success', openidlist: '', platCode: '', ret: 0 };
    assert.deepEqual(keys(answer.body), keys(documented));
    assert.deepEqual(answer.body, { ...documented, openidlist: me.msdk.openid });
  });

  // wxunlink_group

  it('wxunlink_group: the owner or a member ends the binding; the group stays, unbound', async () => {
    const [owner, member] = await Promise.all([login('unlink-owner'), login('unlink-member')]);
    const group = await wxGroup('unlink-guild', owner, member);
    const answer = await call('wxunlink_group', owner, { groupid: 'unlink-guild' });
    assert.deepEqual(answer.body, { ret: 0, msg: 'success' });
    const { guildhall } = server();
    assert.equal(await guildhall.groups.find(key('unlink-guild')), undefined);
    const detail = await guildhall.groups.detail({ appId: app.id, gid: group.gid });
    assert.equal(detail.guild, null);
    assert.equal(detail.members.length, 2);
    server().clock.advance(MINUTE);
    await wxGroup('unlink-guild-2', owner, member);
    const byMember = await call('wxunlink_group', member, { groupid: 'unlink-guild-2' });
    assert.deepEqual(byMember.body, { ret: 0, msg: 'success' });
    assert.equal(await guildhall.groups.find(key('unlink-guild-2')), undefined);
  });

  it('wxunlink_group: a stranger 1007, no group 1005, a second unbind within a minute 1006', async () => {
    const [owner, stranger] = await Promise.all([
      login('unlink-bad-owner'),
      login('unlink-bad-stranger'),
    ]);
    await wxGroup('unlink-bad', owner);
    const { guildhall } = server();
    const byStranger = await call('wxunlink_group', stranger, { groupid: 'unlink-bad' });
    assert.equal(byStranger.body.ret, 1007);
    assert.notEqual(await guildhall.groups.find(key('unlink-bad')), undefined);
    await refused('wxunlink_group', owner, 1001, [
      ['groupid', { groupid: undefined }],
      ['groupid', { groupid: ' ' }],
      ['groupid', { groupid: 'g'.repeat(129) }],
    ]);
    assert.equal((await call('wxunlink_group', owner, { groupid: 'unlink-none' })).body.ret, 1005);
    assert.equal((await call('wxunlink_group', owner, { groupid: 'unlink-bad' })).body.ret, 0);
    assert.equal((await call('wxunlink_group', owner, { groupid: 'unlink-bad' })).body.ret, 1005);
    const again = await wxGroup('unlink-bad', owner);
    const tooSoon = await call('wxunlink_group', owner, { groupid: 'unlink-bad' });
    assert.equal(tooSoon.body.ret, 1006);
    assert.equal((await guildhall.groups.find(key('unlink-bad')))?.id, again.id);
    server().clock.advance(MINUTE);
    assert.equal((await call('wxunlink_group', owner, { groupid: 'unlink-bad' })).body.ret, 0);
  });

  it('wxunlink_group: tokens and appids are checked', async () => {
    await checksTokens('wxunlink_group', { groupid: 'unlink-token' });
  });

  it('wxunlink_group: replays 002’s example', async () => {
    const me = await login('unlink-doc');
    await wxGroup('2147521896', me);
    const example = { accessToken: me.msdk.access_token, groupid: '2147521896' };
    const answer = await server().msdk(app, 'relation/wxunlink_group', example, {
      appid: app.msdk.wxAppid,
      query: { openid: me.msdk.openid ?? '' },
    });
    assert.deepEqual(answer.body, { ret: 0, msg: 'success' });
    assert.equal(await server().guildhall.groups.find(key('2147521896')), undefined);
  });

  // wxget_groupstatus

  it('wxget_groupstatus: op_type 0 whether the guild has a group, 1 whether the caller is in it', async () => {
    const [owner, member, stranger] = await Promise.all([
      login('status-owner'),
      login('status-member'),
      login('status-stranger'),
    ]);
    await wxGroup('status-guild', owner, member);
    const status = async (who: Login, groupid: string, op: unknown) => {
      const answer = await call('wxget_groupstatus', who, { groupid, op_type: op });
      assert.deepEqual(keys(answer.body), ['is_has', 'msg', 'ret']);
      assert.equal(answer.body.ret, 0);
      return answer.body.is_has as number;
    };
    assert.equal(await status(stranger, 'status-guild', 0), 1);
    assert.equal(await status(stranger, 'status-guild', '0'), 1);
    assert.equal(await status(stranger, 'status-nobody', 0), 0);
    assert.equal(await status(member, 'status-guild', 1), 1);
    assert.equal(await status(owner, 'status-guild', '1'), 1);
    assert.equal(await status(stranger, 'status-guild', 1), 0);
    assert.equal(await status(member, 'status-nobody', 1), 0);
    await server().guildhall.groups.disband({ guild: key('status-guild') }, await accountOf(owner));
    assert.equal(await status(owner, 'status-guild', 0), 0);
    assert.equal(await status(owner, 'status-guild', 1), 0);
  });

  it('wxget_groupstatus: bad fields 1001; tokens and appids are checked', async () => {
    const me = await login('status-bad');
    await refused('wxget_groupstatus', me, 1001, [
      ['op_type', { groupid: 'status-bad', op_type: 2 }],
      ['op_type', { groupid: 'status-bad', op_type: '-1' }],
      ['op_type', { groupid: 'status-bad', op_type: 'join' }],
      ['op_type', { groupid: 'status-bad' }],
      ['groupid', { op_type: 0 }],
    ]);
    await checksTokens('wxget_groupstatus', { groupid: 'status-bad', op_type: 0 });
  });

  it('wxget_groupstatus: replays 002’s example', async () => {
    const me = await login('status-doc');
    const example = { accessToken: me.msdk.access_token, groupid: '2147521896', op_type: 0 };
    const answer = await server().msdk(app, 'relation/wxget_groupstatus', example, {
      appid: app.msdk.wxAppid,
      query: { openid: me.msdk.openid ?? '' },
    });
    assert.deepEqual(answer.body, { ret: 0, msg: 'success', is_has: 0 });
  });

  // wxsend_groupmsg

  it('wxsend_groupmsg: reaches every member’s inbox, the sender’s too', async () => {
    const [owner, member, stranger] = await Promise.all([
      login('send-owner'),
      login('send-member'),
      login('send-stranger'),
    ]);
    const group = await wxGroup('send-guild', owner, member);
    const reqBody = exampleReqBody(app.msdk.wxAppid, 'send-guild');
    const answer = await call('wxsend_groupmsg', member, { reqBody });
    assert.deepEqual(answer.body, { ret: 0, msg: 'success', platCode: '' });
    const expected = {
      type: 'group.message',
      gid: group.gid,
      group_name: 'send-guild 群',
      from: member.player_id,
      title: 'test1',
      msg_type: 1,
      sub_type: 2,
      desc: 'test2',
      share_url: reqBody.open.share_url,
      ext_info: 'test3',
      message_ext: 'test4',
      media_tag_name: 'test5',
    };
    assert.deepEqual(await inbox(owner), [expected]);
    assert.deepEqual(await inbox(member), [expected]);
    assert.deepEqual(await inbox(stranger), []);
  });

  it('wxsend_groupmsg: reqBody also as a JSON string; only title is required, and share_url for links', async () => {
    const owner = await login('send-min-owner');
    await wxGroup('send-min', owner);
    const link = {
      msg_type: '2',
      sub_type: '4',
      appid: app.msdk.wxAppid,
      groupid: 'send-min',
      open: { title: '来帮我', share_url: 'http://game.example.com/help?id=7' },
    };
    const answer = await call('wxsend_groupmsg', owner, { reqBody: JSON.stringify(link) });
    assert.deepEqual(answer.body, { ret: 0, msg: 'success', platCode: '' });
    const structured = { ...link, msg_type: 1, sub_type: 1, open: { title: 'hi', share_url: '' } };
    assert.equal((await call('wxsend_groupmsg', owner, { reqBody: structured })).body.ret, 0);
    const site = 'https://game.example.com/?q=';
    const limits = {
      title: utf8Text(512),
      desc: utf8Text(1024),
      share_url: site + utf8Text(1024 - site.length),
      ext_info: utf8Text(2048),
      message_ext: utf8Text(2048),
      media_tag_name: utf8Text(64),
    };
    assert.equal(Buffer.byteLength(limits.share_url), 1024);
    const longest = await call('wxsend_groupmsg', owner, {
      reqBody: { ...link, open: limits },
    });
    assert.equal(longest.body.ret, 0);
    const messages = await inbox(owner);
    assert.deepEqual(
      messages.map((m) => [m.title, m.msg_type, m.sub_type, m.desc, m.share_url, m.ext_info]),
      [
        ['来帮我', 2, 4, '', 'http://game.example.com/help?id=7', ''],
        ['hi', 1, 1, '', '', ''],
        [limits.title, 2, 4, limits.desc, limits.share_url, limits.ext_info],
      ],
    );
  });

  it('wxsend_groupmsg: bad fields 1001, a stranger 1007, no group 1005; nothing is delivered', async () => {
    const [owner, stranger] = await Promise.all([
      login('send-bad-owner'),
      login('send-bad-stranger'),
    ]);
    await wxGroup('send-bad', owner);
    const good = exampleReqBody(app.msdk.wxAppid, 'send-bad');
    const withOpen = (open: Record<string, unknown>) => ({
      reqBody: { ...good, open: { ...good.open, ...open } },
    });
    await refused('wxsend_groupmsg', owner, 1001, [
      ['reqBody', {}],
      ['reqBody', { reqBody: 'not json' }],
      ['reqBody', { reqBody: `${JSON.stringify(good).slice(0, -1)},}` }],
      ['reqBody.msg_type', { reqBody: { ...good, msg_type: 3 } }],
      ['reqBody.msg_type', { reqBody: { ...good, msg_type: undefined } }],
      ['reqBody.sub_type', { reqBody: { ...good, sub_type: 0 } }],
      ['reqBody.sub_type', { reqBody: { ...good, sub_type: 5 } }],
      ['reqBody.appid', { reqBody: { ...good, appid: app.msdk.qqAppid } }],
      ['reqBody.appid', { reqBody: { ...good, appid: other.msdk.wxAppid } }],
      ['reqBody.appid', { reqBody: { ...good, appid: undefined } }],
      ['reqBody.groupid', { reqBody: { ...good, groupid: undefined } }],
      ['reqBody.open', { reqBody: { ...good, open: undefined } }],
      ['reqBody.open.title', withOpen({ title: undefined })],
      ['reqBody.open.title', withOpen({ title: ' ' })],
      ['reqBody.open.title', withOpen({ title: utf8Text(513) })],
      ['reqBody.open.desc', withOpen({ desc: utf8Text(1025) })],
      ['reqBody.open.share_url', withOpen({ share_url: 'ftp://game.weixin.qq.com/' })],
      ['reqBody.open.share_url', withOpen({ share_url: 'game.weixin.qq.com/act' })],
      ['reqBody.open.share_url', withOpen({ share_url: `https://a.cn/${'a'.repeat(1024)}` })],
      ['reqBody.open.share_url', { reqBody: { ...good, msg_type: 2, open: { title: 't' } } }],
      ['reqBody.open.ext_info', withOpen({ ext_info: utf8Text(2049) })],
      ['reqBody.open.message_ext', withOpen({ message_ext: utf8Text(2049) })],
      ['reqBody.open.media_tag_name', withOpen({ media_tag_name: utf8Text(65) })],
    ]);
    const byStranger = await call('wxsend_groupmsg', stranger, { reqBody: good });
    assert.equal(byStranger.body.ret, 1007);
    const nowhere = { reqBody: { ...good, groupid: 'send-nowhere' } };
    assert.equal((await call('wxsend_groupmsg', owner, nowhere)).body.ret, 1005);
    await server().guildhall.groups.disband({ guild: key('send-bad') }, await accountOf(owner));
    assert.equal((await call('wxsend_groupmsg', owner, { reqBody: good })).body.ret, 1005);
    assert.deepEqual(await inbox(owner), []);
    assert.deepEqual(await inbox(stranger), []);
  });

  it('wxsend_groupmsg: tokens and appids are checked', async () => {
    await checksTokens('wxsend_groupmsg', {
      reqBody: exampleReqBody(app.msdk.wxAppid, 'send-token'),
    });
  });

  it('wxsend_groupmsg: replays 002’s example', async () => {
    const me = await login('send-doc');
    await wxGroup('mt2group', me);
    const example = {
      appid: app.msdk.wxAppid,
      openid: me.msdk.openid,
      accessToken: me.msdk.access_token,
      reqBody: exampleReqBody(app.msdk.wxAppid),
    };
    const answer = await server().msdk(app, 'relation/wxsend_groupmsg', example, {
      appid: app.msdk.wxAppid,
      query: { openid: me.msdk.openid ?? '' },
    });
    assert.deepEqual(answer.body, { ret: 0, msg: 'success', platCode: '' });
    assert.equal((await inbox(me))[0]?.title, 'test1');
  });

  // wx_mini_send_msg

  const miniMessage = (to: string, extra: Record<string, unknown> = {}) => ({
    touser: to,
    weapp_id: 'wx4a0a73ec028e47d7',
    path: 'pages/main/main?v=123&t=1234',
    env_version: '0',
    pic_url:
      'wx.qlogo.cn/mmopen/vi_32/Q0j4TwGTfTKGKKZJsD7uySDq53Jtrppy2YPbt7YMxGrPjicZI4hynR9WWLoR9uxepMTUZWBdqNI0g8srfX9EIBg/0',
    title: 'coin send to you',
    media_tag_name: 'MSG_INVITE',
    ...extra,
  });
  /** As 002 calls it: openid and access_token in the query, the message in the body. */
  const sendMini = (from: Login, to: string, extra: Record<string, unknown> = {}) =>
    server().msdk(app, 'relation/wx_mini_send_msg', miniMessage(to, extra), {
      appid: app.msdk.wxAppid,
      query: { openid: from.msdk.openid ?? '', access_token: from.msdk.access_token ?? '' },
    });

  async function friends(tag: string) {
    const me = await login(`${tag}-me`);
    const friend = await login(`${tag}-friend`);
    await server().befriend(me, friend);
    return { me, friend };
  }

  it('wx_mini_send_msg: delivers the mini-program card to a friend who plays on WeChat, or oneself', async () => {
    const { me, friend } = await friends('mini-ok');
    const answer = await sendMini(me, friend.msdk.openid ?? '');
    assert.deepEqual(answer.body, { ret: 0, msg: 'success' });
    const card = {
      kind: 'wx_mini_program',
      from: me.msdk.openid,
      weapp_id: 'wx4a0a73ec028e47d7',
      path: 'pages/main/main?v=123&t=1234',
      env: 'release',
      pic_url: miniMessage('').pic_url,
      title: 'coin send to you',
      media_tag_name: 'MSG_INVITE',
    };
    assert.deepEqual(await inbox(friend), [card]);
    assert.deepEqual(await inbox(me), []);
    const versions = [
      [1, 'develop'],
      ['2', 'trial'],
      [undefined, 'release'],
    ] as const;
    for (const [version, env] of versions) {
      const sent = await sendMini(me, me.msdk.openid ?? '', {
        env_version: version,
        media_tag_name: undefined,
        title: utf8Text(80),
      });
      assert.equal(sent.body.ret, 0, String(version));
      const [mine] = (await inbox(me)).slice(-1);
      assert.deepEqual(mine, {
        ...card,
        env,
        media_tag_name: '',
        title: utf8Text(80),
      });
    }
  });

  it('wx_mini_send_msg: a stranger 1007; unknown, QQ-only and other apps’ players 1005', async () => {
    const { me, friend } = await friends('mini-who');
    const stranger = await login('mini-who-stranger');
    const qqFriend = await login('mini-who-qq', 'qq');
    await server().befriend(me, qqFriend);
    const elsewhere = await login('mini-who-else', 'wx', other);
    await server().befriend(me, elsewhere);
    assert.equal((await sendMini(me, stranger.msdk.openid ?? '')).body.ret, 1007);
    const account = await server().guildhall.directory.accountByPublicId(qqFriend.player_id);
    const qqOnly = await tencentOf(server().guildhall).playerOf(app.id, account.id);
    for (const to of [qqOnly.wxOpenid, elsewhere.msdk.openid, 'oGRTijoPGCgg3PhIKcn5f4T30B5Q']) {
      assert.equal((await sendMini(me, to ?? '')).body.ret, 1005, to);
    }
    for (const who of [friend, stranger, me]) assert.deepEqual(await inbox(who), []);
  });

  it('wx_mini_send_msg: bad fields 1001; tokens and appids are checked', async () => {
    const { me, friend } = await friends('mini-bad');
    const to = friend.msdk.openid ?? '';
    const cases: [string, Record<string, unknown>][] = [
      ['touser', { touser: undefined }],
      ['weapp_id', { weapp_id: undefined }],
      ['weapp_id', { weapp_id: '1106977685' }],
      ['weapp_id', { weapp_id: 'wx4a0a73ec028e47d' }],
      ['path', { path: undefined }],
      ['path', { path: utf8Text(1025) }],
      ['env_version', { env_version: '3' }],
      ['env_version', { env_version: 'constructor' }],
      ['env_version', { env_version: 'release' }],
      ['pic_url', { pic_url: '' }],
      ['title', { title: utf8Text(81) }],
      ['title', { title: undefined }],
      ['media_tag_name', { media_tag_name: utf8Text(65) }],
    ];
    for (const [field, extra] of cases) {
      const answer = await sendMini(me, to, extra);
      assert.equal(answer.body.ret, 1001, JSON.stringify(extra).slice(0, 80));
      assert.match(answer.body.msg, new RegExp(`^1001,${field}`));
    }
    const as = (query: Record<string, string>, appid = app.msdk.wxAppid) =>
      server().msdk(app, 'relation/wx_mini_send_msg', miniMessage(to), { appid, query });
    const openid = me.msdk.openid ?? '';
    assert.equal((await as({ openid })).body.ret, 1001);
    assert.equal((await as({ openid, access_token: 'nope' })).body.ret, 1003);
    const token = { openid, access_token: me.msdk.access_token ?? '' };
    assert.equal((await as(token, app.msdk.qqAppid)).body.ret, 1001);
    assert.deepEqual(await inbox(friend), []);
    server().clock.advance(2 * HOUR);
    assert.equal((await as(token)).body.ret, 1004);
  });

  it('wx_mini_send_msg: replays 002’s example', async () => {
    const { me, friend } = await friends('mini-doc');
    const answer = await sendMini(me, friend.msdk.openid ?? '');
    assert.deepEqual(keys(answer.body), keys({ ret: 0, msg: 'success' }));
    assert.deepEqual(answer.body, { ret: 0, msg: 'success' });
    assert.equal((await inbox(friend))[0]?.title, 'coin send to you');
  });
});
