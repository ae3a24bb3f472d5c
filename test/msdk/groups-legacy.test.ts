import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { Group, GuildKey } from '../../src/core/groups/types.js';
import type { MsdkCallOptions, TestApp, TestServer } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';
import { tencentOf } from '../helpers/msdk.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;

type Login = Awaited<ReturnType<TestServer['tencentLogin']>>;
type Answer = Awaited<ReturnType<TestServer['msdk']>>;

/** What a failing call sends, with what it answers: ret and platCode (none if left out). */
type FailureCase = [
  what: string,
  extra: Record<string, unknown>,
  options: MsdkCallOptions,
  ret: number,
  platCode?: string,
];

interface Player {
  login: Login;
  accountId: number;
  openid: string;
}

/** The answers' keys as 001's examples print them (2.3.4.5, 2.3.5.5, 2.3.6.5, 2.3.7.5). */
const INFO_KEYS = [
  'adminOpenids',
  'fingerMemo',
  'groupName',
  'is_lost',
  'maxNum',
  'memberNum',
  'msg',
  'ownerOpenid',
  'platCode',
  'ret',
  'unionid',
  'zoneid',
];

const DOCUMENTED_KEYS = {
  get_groupopenid: ['groupOpenid', 'is_lost', 'msg', 'platCode', 'ret'],
  get_groupinfo: INFO_KEYS,
  unbind_group: ['is_lost', 'msg', 'platCode', 'ret'],
  get_group_detail: [...INFO_KEYS, 'groupOpenid', 'joinGroupKey'].sort(),
};

function keys(value: object): string[] {
  return Object.keys(value).sort();
}

/** A failure: `ret`, "ret,..." and the platCode (none when `platCode` is undefined). */
function assertFailure(answer: Answer, ret: number, platCode: string | undefined, what: string) {
  assert.equal(answer.status, 200, what);
  assert.equal(answer.body.ret, ret, `${what}: ${answer.text}`);
  assert.match(answer.body.msg, new RegExp(`^${ret},`), what);
  assert.equal(answer.body.platCode, platCode, what);
  if (platCode === undefined) assert.ok(!('platCode' in answer.body), what);
}

function assertSuccess(answer: Answer, path: keyof typeof DOCUMENTED_KEYS) {
  assert.equal(answer.status, 200);
  assert.equal(answer.body.ret, 0, answer.text);
  assert.equal(answer.body.msg, 'success');
  assert.equal(answer.body.is_lost, '0');
  assert.equal(answer.body.platCode, '0');
  assert.deepEqual(keys(answer.body), DOCUMENTED_KEYS[path]);
  // Every field but ret is a string, numbers included, as the examples print them.
  for (const [key, value] of Object.entries(answer.body)) {
    if (key !== 'ret') assert.equal(typeof value, 'string', key);
  }
}

describeEachBackend('msdk QQ guild groups of 001', (server) => {
  let app: TestApp;
  let other: TestApp;
  before(async () => {
    app = await server().createApp('Legacy Groups Game');
    other = await server().createApp('Other Legacy Groups Game');
  });

  async function playerOf(login: Login, of: TestApp): Promise<Player> {
    const openid = login.msdk.openid ?? '';
    const { accountId } = await tencentOf(server().guildhall).byOpenid(of.id, 'qq', openid);
    return { login, accountId, openid };
  }

  /** A guest playing through QQ (a member or a stranger). */
  async function player(tag: string, of = app): Promise<Player> {
    return playerOf(await server().tencentLogin(of, tag, 'qq'), of);
  }

  const guildKey = (unionId: string, zone: string, of = app): GuildKey => ({
    appId: of.id,
    unionId,
    zone,
    kind: 'guild',
  });

  const byGid = (group: Group) => ({ appId: app.id, gid: group.gid });

  /** A guild `<tag>-guild` in `zone` with a group its owner created. */
  async function guildGroup(tag: string, zone = '35', of = app) {
    const owner = await player(`${tag}-owner-${of.id}`, of);
    const key = guildKey(`${tag}-guild`, zone, of);
    const { group } = await server().guildhall.groups.create(key, owner.accountId, {
      name: `${tag}绑群`,
    });
    return { owner, key, group, byOpenId: { appId: of.id, publicId: group.publicId } };
  }

  async function joined(tag: string, group: Group) {
    const member = await player(tag);
    await server().guildhall.groups.join(byGid(group), member.accountId);
    return member;
  }

  const body = (who: Player, extra: Record<string, unknown> = {}) => ({
    appid: app.msdk.qqAppid,
    openid: who.openid,
    accessToken: who.login.msdk.openkey,
    ...extra,
  });

  const call = (
    name: keyof typeof DOCUMENTED_KEYS,
    who: Player,
    extra: Record<string, unknown> = {},
    options: MsdkCallOptions = {},
  ) => server().msdk(app, `relation/${name}`, body(who, extra), options);

  /** The group is still bound to the guild `key` names. */
  async function assertBound(key: GuildKey, group: Group) {
    const bound = await server().guildhall.groups.find(key);
    assert.equal(bound?.id, group.id);
  }

  it('get_groupopenid: a member gets the group by guild (opt 0 or none) or by number (opt 1)', async () => {
    const { owner, key, group } = await guildGroup('openid');
    const member = await joined('openid-member', group);
    const byGuild = { unionid: key.unionId, zoneid: key.zone };
    for (const who of [owner, member]) {
      for (const extra of [
        { opt: '0', ...byGuild },
        byGuild,
        { opt: 0, ...byGuild },
        { opt: '', ...byGuild, groupCode: '' },
        { opt: '1', groupCode: group.gid, unionid: '' },
        { opt: 1, groupCode: Number(group.gid) },
      ]) {
        const answer = await call('get_groupopenid', who, extra);
        assertSuccess(answer, 'get_groupopenid');
        assert.equal(answer.body.groupOpenid, group.publicId, JSON.stringify(extra));
      }
    }

    // No zoneid (or an empty one) names the guild's zone "".
    const worldwide = await guildGroup('openid-world', '');
    for (const extra of [{}, { zoneid: '' }]) {
      const answer = await call('get_groupopenid', worldwide.owner, {
        unionid: worldwide.key.unionId,
        ...extra,
      });
      assertSuccess(answer, 'get_groupopenid');
      assert.equal(answer.body.groupOpenid, worldwide.group.publicId);
    }
  });

  it('get_groupopenid: 2001 parameters, 2002 no binding or dissolved, 2003 not a member, 2004 not bound or another app', async () => {
    const { owner, key, group } = await guildGroup('openid-fail');
    const byGuild = { unionid: key.unionId, zoneid: key.zone };
    const cases: FailureCase[] = [
      ['no unionid', { opt: '0', zoneid: '35' }, {}, 1001, '2001'],
      ['no groupCode', { opt: '1', ...byGuild }, {}, 1001, '2001'],
      ['opt 2', { opt: '2', ...byGuild }, {}, 1001, '2001'],
      ['bad groupCode', { opt: '1', groupCode: 'abc' }, {}, 1001, '2001'],
      ['no token', { ...byGuild, accessToken: '' }, {}, 1001, '2001'],
      ['WeChat appid', byGuild, { appid: app.msdk.wxAppid }, 1001, '2001'],
      ['unknown guild', { unionid: 'nobody', zoneid: '35' }, {}, 1005, '2002'],
      ['other zone', { ...byGuild, zoneid: '36' }, {}, 1005, '2002'],
      ['unknown number', { opt: '1', groupCode: '99' }, {}, 1005, '2002'],
      ['wrong token', { ...byGuild, accessToken: 'FCCDE5C8CDAD70A9A0E229C367E03178' }, {}, 1003],
    ];
    for (const [what, extra, options, ret, platCode] of cases) {
      assertFailure(await call('get_groupopenid', owner, extra, options), ret, platCode, what);
    }

    const stranger = await player('openid-fail-stranger');
    for (const extra of [byGuild, { opt: '1', groupCode: group.gid }]) {
      assertFailure(await call('get_groupopenid', stranger, extra), 1007, '2003', 'stranger');
    }

    // A group bound to no guild, and a group of another app.
    const own = await server().guildhall.groups.createUnbound(app.id, owner.accountId, 'Own');
    const unbound = await call('get_groupopenid', owner, { opt: '1', groupCode: own.gid });
    assertFailure(unbound, 1005, '2004', 'unbound');
    const foreign = await guildGroup('openid-foreign', '35', other);
    const otherApp = await call('get_groupopenid', owner, {
      opt: '1',
      groupCode: foreign.group.gid,
    });
    assertFailure(otherApp, 1007, '2004', 'another app');

    await server().guildhall.groups.disband(byGid(group), owner.accountId);
    for (const extra of [byGuild, { opt: '1', groupCode: group.gid }]) {
      assertFailure(await call('get_groupopenid', owner, extra), 1005, '2002', 'dissolved');
    }
  });

  it('get_groupinfo: anyone of the app reads a bound group, numbers as strings, admins comma-joined', async () => {
    const { owner, key, group } = await guildGroup('info');
    const adminA = await joined('info-admin-a', group);
    server().clock.advance(1000);
    const adminB = await joined('info-admin-b', group);
    await joined('info-member', group);
    const stranger = await player('info-stranger');
    const expected = {
      ret: 0,
      msg: 'success',
      is_lost: '0',
      platCode: '0',
      groupName: 'info绑群',
      fingerMemo: group.sign,
      memberNum: '4',
      maxNum: String(group.maxMembers),
      ownerOpenid: owner.openid,
      unionid: key.unionId,
      zoneid: '35',
      adminOpenids: '',
    };
    const plain = await call('get_groupinfo', stranger, { groupOpenid: group.publicId });
    assertSuccess(plain, 'get_groupinfo');
    assert.deepEqual(plain.body, expected);
    assert.equal(plain.body.fingerMemo, '欢迎加入info绑群');
    assert.equal(plain.body.maxNum, '500');

    const ref = byGid(group);
    for (const admin of [adminB, adminA]) {
      await server().guildhall.groups.setAdmin(ref, owner.accountId, admin.accountId, true);
    }
    const withAdmins = await call('get_groupinfo', owner, { groupOpenid: group.publicId });
    assert.deepEqual(withAdmins.body, {
      ...expected,
      adminOpenids: `${adminA.openid},${adminB.openid}`,
    });
  });

  it('get_groupinfo: 2001 parameters, 2002 unknown or unbound, 2006 another app, 2007 dissolved', async () => {
    const { owner, group } = await guildGroup('info-fail');
    const foreign = await guildGroup('info-foreign', '35', other);
    const own = await server().guildhall.groups.createUnbound(app.id, owner.accountId, 'Own');
    const cases: FailureCase[] = [
      ['no groupOpenid', {}, {}, 1001, '2001'],
      ['empty groupOpenid', { groupOpenid: '' }, {}, 1001, '2001'],
      ['WeChat appid', { groupOpenid: group.publicId }, { appid: app.msdk.wxAppid }, 1001, '2001'],
      ['unknown', { groupOpenid: '84A812ECA15269F85AE1C2' }, {}, 1005, '2002'],
      ['unbound', { groupOpenid: own.publicId }, {}, 1005, '2002'],
      ['another app', { groupOpenid: foreign.group.publicId }, {}, 1007, '2006'],
      ['wrong token', { groupOpenid: group.publicId, accessToken: 'F'.repeat(32) }, {}, 1003],
    ];
    for (const [what, extra, options, ret, platCode] of cases) {
      assertFailure(await call('get_groupinfo', owner, extra, options), ret, platCode, what);
    }
    await server().guildhall.groups.disband(byGid(group), owner.accountId);
    const dissolved = await call('get_groupinfo', owner, { groupOpenid: group.publicId });
    assertFailure(dissolved, 1005, '2007', 'dissolved');
  });

  it('unbind_group: the leader or a member ends the binding; the group stays, unbound', async () => {
    const { owner, key, group, byOpenId } = await guildGroup('unbind');
    const answer = await call('unbind_group', owner, {
      groupOpenid: group.publicId,
      unionid: key.unionId,
    });
    assertSuccess(answer, 'unbind_group');
    assert.equal(await server().guildhall.groups.find(key), undefined);
    const kept = await server().guildhall.groups.detail(byOpenId);
    assert.equal(kept.guild, null);
    assert.equal(kept.group.ownerId, owner.accountId);
    assertFailure(
      await call('get_groupinfo', owner, { groupOpenid: group.publicId }),
      1005,
      '2002',
      'unbound since',
    );
    assertFailure(
      await call('get_groupopenid', owner, { unionid: key.unionId, zoneid: key.zone }),
      1005,
      '2002',
      'the guild has no group',
    );

    // A member (known in the guild through its group) may unbind too.
    const second = await guildGroup('unbind-member');
    const member = await joined('unbind-member-member', second.group);
    const byMember = await call('unbind_group', member, {
      groupOpenid: second.group.publicId,
      unionid: second.key.unionId,
    });
    assertSuccess(byMember, 'unbind_group');
    assert.equal(await server().guildhall.groups.find(second.key), undefined);

    // A dissolved group's binding ends with its record.
    const third = await guildGroup('unbind-dissolved');
    await server().guildhall.groups.disband(third.byOpenId, third.owner.accountId);
    const dissolved = await call('unbind_group', third.owner, {
      groupOpenid: third.group.publicId,
      unionid: third.key.unionId,
    });
    assertSuccess(dissolved, 'unbind_group');
    await assert.rejects(server().guildhall.groups.detail(third.byOpenId), {
      code: 'group.not_found',
    });
  });

  it('unbind_group: 2004 when the guild unbound less than a minute ago', async () => {
    const { owner, key, group, byOpenId } = await guildGroup('unbind-limit');
    const params = { groupOpenid: group.publicId, unionid: key.unionId };
    assertSuccess(await call('unbind_group', owner, params), 'unbind_group');
    await server().guildhall.guildBindings.bind(key, byOpenId, owner.accountId);
    server().clock.advance(MINUTE - 1);
    assertFailure(await call('unbind_group', owner, params), 1006, '2004', 'too soon');
    await assertBound(key, group);
    server().clock.advance(1);
    assertSuccess(await call('unbind_group', owner, params), 'unbind_group');
    assert.equal(await server().guildhall.groups.find(key), undefined);
  });

  it('unbind_group: 2001 no binding, 2002 another app or guild, 2003 login, 2006 parameters; nothing changes', async () => {
    const { owner, key, group } = await guildGroup('unbind-fail');
    const foreign = await guildGroup('unbind-foreign', '35', other);
    const own = await server().guildhall.groups.createUnbound(app.id, owner.accountId, 'Own');
    const alice = await joined('unbind-fail-alice', group);
    const params = { groupOpenid: group.publicId, unionid: key.unionId };
    const cases: FailureCase[] = [
      ['no unionid', { groupOpenid: group.publicId }, {}, 1001, '2006'],
      ['no groupOpenid', { unionid: key.unionId }, {}, 1001, '2006'],
      ['no token', { ...params, accessToken: '' }, {}, 1001, '2006'],
      ['WeChat appid', params, { appid: app.msdk.wxAppid }, 1001, '2006'],
      ['unknown', { ...params, groupOpenid: '84A812ECA15269F85AE1C2' }, {}, 1005, '2001'],
      ['unbound', { ...params, groupOpenid: own.publicId }, {}, 1005, '2001'],
      ['another app', { ...params, groupOpenid: foreign.group.publicId }, {}, 1007, '2002'],
      ['another guild', { ...params, unionid: 'xxxx' }, {}, 1007, '2002'],
      ['wrong token', { ...params, accessToken: 'F'.repeat(32) }, {}, 1003, '2003'],
      ['another’s openid', { ...params, openid: alice.openid }, {}, 1003, '2003'],
      ['pay token', { ...params, accessToken: owner.login.msdk.pay_token }, {}, 1003, '2003'],
    ];
    for (const [what, extra, options, ret, platCode] of cases) {
      assertFailure(await call('unbind_group', owner, extra, options), ret, platCode, what);
      await assertBound(key, group);
    }
    // A player the guild never saw (no leader, roster or group member): 1007, no platCode.
    const stranger = await player('unbind-fail-stranger');
    assertFailure(await call('unbind_group', stranger, params), 1007, undefined, 'stranger');
    await assertBound(key, group);
    await assertBound(foreign.key, foreign.group);
  });

  it('get_group_detail: a member reads the group by number (opt 1) or guild (opt 0)', async () => {
    const { owner, key, group } = await guildGroup('detail');
    const admin = await joined('detail-admin', group);
    await server().guildhall.groups.setAdmin(byGid(group), owner.accountId, admin.accountId, true);
    const expected = {
      ret: 0,
      msg: 'success',
      is_lost: '0',
      platCode: '0',
      groupName: 'detail绑群',
      fingerMemo: group.sign,
      memberNum: '2',
      maxNum: '500',
      ownerOpenid: owner.openid,
      unionid: key.unionId,
      zoneid: '35',
      adminOpenids: admin.openid,
      groupOpenid: group.publicId,
      joinGroupKey: group.joinKey,
    };
    for (const who of [owner, admin]) {
      for (const extra of [
        { opt: '1', groupCode: group.gid },
        { opt: '0', unionid: key.unionId, zoneid: key.zone },
        { unionid: key.unionId, zoneid: 35 },
      ]) {
        const answer = await call('get_group_detail', who, extra);
        assertSuccess(answer, 'get_group_detail');
        assert.deepEqual(answer.body, expected, JSON.stringify(extra));
      }
    }
  });

  it('get_group_detail: 2001 parameters, 2002 no binding, 2003 not a member, 2006 another app, 2007 dissolved', async () => {
    const { owner, key, group } = await guildGroup('detail-fail');
    const own = await server().guildhall.groups.createUnbound(app.id, owner.accountId, 'Own');
    const foreign = await guildGroup('detail-foreign', '35', other);
    const byGuild = { unionid: key.unionId, zoneid: key.zone };
    const cases: FailureCase[] = [
      ['no unionid', { opt: '0' }, {}, 1001, '2001'],
      ['no groupCode', { opt: '1' }, {}, 1001, '2001'],
      ['opt x', { opt: 'x', ...byGuild }, {}, 1001, '2001'],
      ['WeChat appid', byGuild, { appid: app.msdk.wxAppid }, 1001, '2001'],
      ['unknown guild', { unionid: 'nobody' }, {}, 1005, '2002'],
      ['unbound', { opt: '1', groupCode: own.gid }, {}, 1005, '2002'],
      ['another app', { opt: '1', groupCode: foreign.group.gid }, {}, 1007, '2006'],
      ['wrong token', { ...byGuild, accessToken: 'F'.repeat(32) }, {}, 1003],
    ];
    for (const [what, extra, options, ret, platCode] of cases) {
      assertFailure(await call('get_group_detail', owner, extra, options), ret, platCode, what);
    }
    const stranger = await player('detail-fail-stranger');
    assertFailure(await call('get_group_detail', stranger, byGuild), 1007, '2003', 'stranger');
    await server().guildhall.groups.disband(byGid(group), owner.accountId);
    for (const extra of [byGuild, { opt: '1', groupCode: group.gid }]) {
      assertFailure(await call('get_group_detail', owner, extra), 1005, '2007', 'dissolved');
    }
  });

  it('replays the request examples of 2.3.4.5, 2.3.5.5, 2.3.6.5 and 2.3.7.5', async () => {
    const { owner, key, group } = await guildGroup('example');
    const example = (extra: Record<string, string>) => ({
      appid: app.msdk.qqAppid,
      openid: owner.openid,
      accessToken: owner.login.msdk.openkey ?? '',
      ...extra,
    });
    // As printed: encode=1, openid and opua in the query, a form Content-Type over a JSON body.
    const options = (trailingSlash: boolean): MsdkCallOptions => ({
      encode: '1',
      trailingSlash,
      query: { openid: owner.openid, opua: 'AndroidSDK_17_maguro_4.2.2' },
      contentType: 'application/x-www-form-urlencoded',
    });
    const replay = (name: keyof typeof DOCUMENTED_KEYS, extra: Record<string, string>) =>
      server().msdk(app, `relation/${name}`, example(extra), options(name !== 'get_group_detail'));

    const openid = await replay('get_groupopenid', {
      opt: '0',
      unionid: key.unionId,
      zoneid: key.zone,
      groupCode: group.gid,
    });
    assertSuccess(openid, 'get_groupopenid');
    assert.equal(openid.body.groupOpenid, group.publicId);

    const info = await replay('get_groupinfo', { groupOpenid: group.publicId });
    assertSuccess(info, 'get_groupinfo');
    assert.equal(info.body.ownerOpenid, owner.openid);

    const detail = await replay('get_group_detail', {
      opt: '1',
      unionid: key.unionId,
      zoneid: key.zone,
      groupCode: group.gid,
    });
    assertSuccess(detail, 'get_group_detail');
    // 2.3.7.5's answer: one member, no admins, the owner's openid, the guild's ids.
    assert.equal(detail.body.memberNum, '1');
    assert.equal(detail.body.adminOpenids, '');
    assert.equal(detail.body.unionid, key.unionId);
    assert.equal(detail.body.zoneid, '35');

    const unbind = await replay('unbind_group', {
      groupOpenid: group.publicId,
      unionid: key.unionId,
    });
    assertSuccess(unbind, 'unbind_group');
  });

  // Last: it moves the clock past every token issued so far.
  it('answers 1004 once the openkey has lived its 2 hours (unbind_group: platCode 2003)', async () => {
    const { owner, key, group } = await guildGroup('expiry');
    server().clock.advance(2 * HOUR);
    const byGuild = { unionid: key.unionId, zoneid: key.zone };
    const params = { groupOpenid: group.publicId, unionid: key.unionId };
    assertFailure(await call('get_groupopenid', owner, byGuild), 1004, undefined, 'groupopenid');
    assertFailure(await call('get_groupinfo', owner, params), 1004, undefined, 'groupinfo');
    assertFailure(await call('get_group_detail', owner, byGuild), 1004, undefined, 'detail');
    assertFailure(await call('unbind_group', owner, params), 1004, '2003', 'unbind');
    await assertBound(key, group);
  });
});
