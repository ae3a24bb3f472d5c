import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { MsdkCallOptions, TestApp, TestServer } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';

type Login = Awaited<ReturnType<TestServer['tencentLogin']>>;
type Answer = Awaited<ReturnType<TestServer['msdk']>>;

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** A group number Guildhall never gives (its numbers have 8 digits). */
const UNKNOWN_GC = '1234567';

/** A body that passes each endpoint's parameter check (the names are this test's). */
const VALID_BODIES: Record<string, Record<string, string>> = {
  createbind_groupv2: { guild_id: 'valid', zone_id: '1' },
  get_groupinfov2: { gc: UNKNOWN_GC },
  join_groupv2: { guild_id: 'valid', zone_id: '1', gc: UNKNOWN_GC },
  unlink_groupv2: { guild_id: 'valid', zone_id: '1', platid: '1', roleid: '1' },
  get_group_listv2: {},
  bind_existing_groupv2: { guild_id: 'valid', zone_id: '1', gc: UNKNOWN_GC },
  remind_leader_bindv2: { guild_id: 'valid', zone_id: '1' },
  query_bind_unionv2: { gc: UNKNOWN_GC },
  get_groupcode: { guild_id: 'valid', zone_id: '1' },
  send_groupmsg: {
    pf: 'qqqun',
    group_openid: 'C672A42F0595BC8309D079D68F45B8CF',
    title: 't',
    desc: 'd',
    redirect_url: 'http://www.qq.com/',
  },
};

function keys(value: object): string[] {
  return Object.keys(value).sort();
}

/** A success with exactly the documented keys; returns its `data`. */
function ok(answer: Answer, answerKeys = ['data', 'message', 'ret']) {
  assert.equal(answer.status, 200);
  assert.equal(answer.body.ret, 0, answer.text);
  assert.deepEqual(keys(answer.body), answerKeys);
  assert.equal(answer.body.message, 'success');
  return answer.body.data;
}

function failed(answer: Answer, ret: number): void {
  assert.equal(answer.status, 200);
  assert.equal(answer.body.ret, ret, answer.text);
  assert.deepEqual(keys(answer.body), ['message', 'ret']);
  assert.ok(answer.body.message.startsWith(`${ret},`), answer.body.message);
}

/** `n` bytes of UTF-8: three-byte Chinese characters, then ASCII to make up the rest. */
function utf8Text(n: number): string {
  return '摘'.repeat(Math.floor(n / 3)) + 'a'.repeat(n % 3);
}

describeEachBackend('msdk QQ guild groups (v2)', (server) => {
  let app: TestApp;
  let other: TestApp;
  before(async () => {
    app = await server().createApp('Guild Groups Game');
    other = await server().createApp('Other Guild Groups Game');
  });

  /** A QQ player of the app (the same tag logs in again to the same account). */
  const player = (tag: string, inApp = app) => server().tencentLogin(inApp, tag, 'qq');

  async function accountOf(who: Login): Promise<number> {
    return (await server().guildhall.directory.accountByPublicId(who.player_id)).id;
  }

  /** Calls relation/<name> as the player, with their openid in the query as 002's examples. */
  function call(
    name: string,
    who: Login,
    body: Record<string, unknown> = {},
    options: MsdkCallOptions & { inApp?: TestApp } = {},
  ) {
    const { inApp = app, ...rest } = options;
    return server().msdk(
      inApp,
      `relation/${name}`,
      { appid: inApp.msdk.qqAppid, accessToken: who.msdk.openkey, ...body },
      { ...rest, query: { openid: who.msdk.openid ?? '', ...rest.query } },
    );
  }

  let guilds = 0;
  const newGuild = () => ({ guild_id: `guild-${++guilds}`, zone_id: '3' });

  /** A fresh guild bound to a group its leader created. */
  async function boundGuild(tag: string, extra: Record<string, unknown> = {}, inApp = app) {
    const owner = await player(tag, inApp);
    const guild = newGuild();
    const created = await call(
      'createbind_groupv2',
      owner,
      { ...guild, guild_name: `${tag} guild`, ...extra },
      { inApp },
    );
    const { gc } = ok(created) as { gc: string };
    return { owner, guild, gc };
  }

  async function cardIn(gc: string, who: Login) {
    const { members } = await server().guildhall.groups.detail({ appId: app.id, gid: gc });
    const id = await accountOf(who);
    return members.find((m) => m.accountId === id)?.card;
  }

  async function inbox(who: Login): Promise<Record<string, unknown>[]> {
    const response = await server().request('GET', '/v1/client/inbox', {
      token: who.session_token,
    });
    assert.equal(response.status, 200);
    return (response.json.messages as { content: string }[]).map(
      (m) => JSON.parse(m.content) as Record<string, unknown>,
    );
  }

  const relation = async (who: Login, gc: string) =>
    (ok(await call('get_groupinfov2', who, { gc })) as { relation: number }).relation;

  const groupList = async (who: Login) =>
    (ok(await call('get_group_listv2', who)) as { group_list: unknown[] }).group_list;

  it('every endpoint answers `message`: 1003 to a bad token, 1002 to a bad sig, 1001 to a WeChat or guest appid, without accessToken or without a required parameter', async () => {
    const who = await player('common');
    for (const [name, valid] of Object.entries(VALID_BODIES)) {
      failed(await call(name, who, { ...valid, accessToken: 'F'.repeat(32) }), 1003);
      failed(await call(name, who, valid, { sig: '0'.repeat(32) }), 1002);
      failed(await call(name, who, valid, { appid: app.msdk.wxAppid }), 1001);
      failed(await call(name, who, valid, { appid: `G_${app.msdk.qqAppid}` }), 1001);
      failed(await call(name, who, { ...valid, accessToken: undefined }), 1001);
      for (const key of Object.keys(valid)) {
        failed(await call(name, who, { ...valid, [key]: undefined }), 1001);
        failed(await call(name, who, { ...valid, [key]: '' }), 1001);
      }
    }
    // None of it made a group or a guild.
    assert.deepEqual(await groupList(who), []);
    failed(await call('get_groupcode', who, VALID_BODIES.get_groupcode), 1005);
  });

  it('createbind_groupv2: the leader creates a group bound to the guild, named after it (002 example)', async () => {
    const owner = await player('create');
    const guild = newGuild();
    const answer = await call('createbind_groupv2', owner, {
      ...guild,
      guild_name: '그룹 기능 테스트',
      platid: '1234',
      roleid: '1234',
      partition: '1234',
    });
    const data = ok(answer);
    assert.deepEqual(keys(data), ['gc', 'group_name']);
    assert.match(data.gc, /^\d{8}$/);
    assert.equal(data.group_name, '그룹 기능 테스트');

    assert.equal(ok(await call('get_groupcode', owner, guild)).gc, data.gc);
    assert.deepEqual(ok(await call('query_bind_unionv2', owner, { gc: data.gc })), {
      union_id: guild.guild_id,
      union_name: '그룹 기능 테스트',
    });
    assert.equal(await relation(owner, data.gc), 1);
    assert.deepEqual(await cardIn(data.gc, owner), {
      label: null,
      nickname: null,
      zoneId: null,
      roleId: '1234',
      platId: '1234',
    });
  });

  it('createbind_groupv2: no guild name, an empty group name; the card; a team and an event of the same id are guilds of their own', async () => {
    const owner = await player('create-kinds');
    const guild = newGuild();
    const plain = ok(
      await call('createbind_groupv2', owner, {
        ...guild,
        guild_name: '',
        user_label: '[战士] 小明',
        nick_name: '小明',
        user_zone_id: '9',
        areaid: '1',
        ip: '10.0.0.1',
        port: '8080',
      }),
    );
    assert.equal(plain.group_name, '');
    assert.deepEqual(await cardIn(plain.gc, owner), {
      label: '[战士] 小明',
      nickname: '小明',
      zoneId: '9',
      roleId: null,
      platId: null,
    });
    const team = ok(
      await call('createbind_groupv2', owner, { ...guild, type: '1', guild_name: 'T' }),
    );
    const event = ok(await call('createbind_groupv2', owner, { ...guild, type: 2 }));
    assert.equal(new Set([plain.gc, team.gc, event.gc]).size, 3);
    for (const [type, gc] of [
      ['0', plain.gc],
      ['', plain.gc],
      ['1', team.gc],
      ['2', event.gc],
    ]) {
      assert.equal(ok(await call('get_groupcode', owner, { ...guild, type })).gc, gc);
    }
    assert.equal(ok(await call('get_groupcode', owner, guild)).gc, plain.gc);
  });

  it('createbind_groupv2: a guild that has a group 1007, bad fields 1001; nothing made', async () => {
    const { owner, guild, gc } = await boundGuild('create-twice');
    const rival = await player('create-twice-rival');
    failed(await call('createbind_groupv2', owner, { ...guild, guild_name: 'again' }), 1007);
    failed(await call('createbind_groupv2', rival, guild), 1007);
    assert.equal(ok(await call('get_groupcode', owner, guild)).gc, gc);
    assert.equal((await groupList(owner)).length, 1);
    assert.deepEqual(await groupList(rival), []);

    for (const bad of [
      { type: '3' },
      { user_label: 'no brackets' },
      { user_label: '[战士]小明' },
      { nick_name: 'x'.repeat(65) },
      { guild_name: 'x'.repeat(65) },
      { guild_id: 'x'.repeat(129) },
      { ip: 'not-an-ip' },
      { port: '70000' },
      { areaid: 'one' },
    ]) {
      failed(await call('createbind_groupv2', rival, { ...newGuild(), ...bad }), 1001);
    }
    assert.deepEqual(await groupList(rival), []);
  });

  it('get_groupinfov2: owner 1, admin 2, member 3, anyone else 4 (002 example)', async () => {
    const { owner, guild, gc } = await boundGuild('info');
    const admin = await player('info-admin');
    const member = await player('info-member');
    const outsider = await player('info-outsider');
    for (const who of [admin, member]) ok(await call('join_groupv2', who, { ...guild, gc }));
    await server().guildhall.groups.setAdmin(
      { appId: app.id, gid: gc },
      await accountOf(owner),
      await accountOf(admin),
      true,
    );
    for (const [who, expected] of [
      [owner, 1],
      [admin, 2],
      [member, 3],
      [outsider, 4],
    ] as const) {
      const data = ok(await call('get_groupinfov2', who, { appid: app.msdk.qqAppid, gc }));
      assert.deepEqual(data, { relation: expected });
    }
  });

  it('get_groupinfov2: an unknown or dissolved group 1005, another app’s 1007; a bad gc 1001', async () => {
    const { owner, gc } = await boundGuild('info-missing');
    failed(await call('get_groupinfov2', owner, { gc: UNKNOWN_GC }), 1005);
    const foreign = await boundGuild('info-foreign', {}, other);
    failed(await call('get_groupinfov2', owner, { gc: foreign.gc }), 1007);
    failed(await call('get_groupinfov2', owner, { gc: 'abc' }), 1001);
    await server().guildhall.groups.disband({ appId: app.id, gid: gc }, await accountOf(owner));
    failed(await call('get_groupinfov2', owner, { gc }), 1005);
  });

  it('join_groupv2: a guild member joins the bound group with their card (002 example)', async () => {
    const { guild, gc } = await boundGuild('join');
    const member = await player('join-member');
    const data = ok(
      await call('join_groupv2', member, {
        ...guild,
        gc,
        partition: '1',
        platid: '1',
        roleid: '1',
      }),
    );
    assert.deepEqual(data, { empty: '' });
    assert.equal(await relation(member, gc), 3);
    assert.deepEqual(await cardIn(gc, member), {
      label: null,
      nickname: null,
      zoneId: null,
      roleId: '1',
      platId: '1',
    });

    const second = await player('join-second');
    ok(
      await call('join_groupv2', second, {
        ...guild,
        gc: Number(gc),
        type: '0',
        user_label: '[法师] 阿二',
        nick_name: '阿二',
        user_zone_id: '12',
        areaid: 2,
        ip: '::1',
        port: 9000,
      }),
    );
    assert.deepEqual(await cardIn(gc, second), {
      label: '[法师] 阿二',
      nickname: '阿二',
      zoneId: '12',
      roleId: null,
      platId: null,
    });
  });

  it('join_groupv2: twice 1007; another group’s gc, an unknown guild or the team of the id 1005; a bad card 1001; none joins', async () => {
    const { guild, gc } = await boundGuild('join-bad');
    const elsewhere = await boundGuild('join-bad-elsewhere');
    const member = await player('join-bad-member');
    ok(await call('join_groupv2', member, { ...guild, gc }));
    failed(await call('join_groupv2', member, { ...guild, gc }), 1007);

    const newcomer = await player('join-bad-newcomer');
    failed(await call('join_groupv2', newcomer, { ...guild, gc: elsewhere.gc }), 1005);
    failed(await call('join_groupv2', newcomer, { ...newGuild(), gc }), 1005);
    failed(await call('join_groupv2', newcomer, { ...guild, type: '1', gc }), 1005);
    failed(await call('join_groupv2', newcomer, { ...guild, gc, user_label: '阿三' }), 1001);
    assert.equal(await relation(newcomer, gc), 4);
    assert.equal(await relation(newcomer, elsewhere.gc), 4);
  });

  it('join_groupv2: a dissolved group unbinds its guild and answers 1005; then the guild has no group and can create one', async () => {
    const { owner, guild, gc } = await boundGuild('join-dissolved');
    const member = await player('join-dissolved-member');
    await server().guildhall.groups.disband({ appId: app.id, gid: gc }, await accountOf(owner));
    // The binding outlives the group until someone tries to join.
    assert.equal(ok(await call('get_groupcode', owner, guild)).gc, gc);
    failed(await call('join_groupv2', member, { ...guild, gc }), 1005);
    failed(await call('get_groupcode', owner, guild), 1005);
    failed(await call('query_bind_unionv2', owner, { gc }), 1005);

    const fresh = ok(await call('createbind_groupv2', owner, guild));
    assert.notEqual(fresh.gc, gc);
    ok(await call('join_groupv2', member, { ...guild, gc: fresh.gc }));
    assert.equal(await relation(member, fresh.gc), 3);
  });

  it('unlink_groupv2: the founder unlinks, the group stays theirs unbound; once a minute (002 example)', async () => {
    const { owner, guild, gc } = await boundGuild('unlink');
    const data = ok(
      await call('unlink_groupv2', owner, {
        ...guild,
        platid: '1',
        roleid: '1',
        guild_name: '중국어 테스트1',
      }),
    );
    assert.deepEqual(data, { empty: '' });
    failed(await call('get_groupcode', owner, guild), 1005);
    failed(await call('query_bind_unionv2', owner, { gc }), 1005);
    assert.deepEqual(await groupList(owner), [{ gc, group_name: 'unlink guild' }]);

    // Bound again, the guild carries the name the unlink gave it; a second unlink waits a minute.
    ok(await call('bind_existing_groupv2', owner, { ...guild, gc }));
    assert.equal(ok(await call('query_bind_unionv2', owner, { gc })).union_name, '중국어 테스트1');
    const unlink = { ...guild, platid: '2', roleid: 'r-1', type: '0', user_zone_id: '3' };
    failed(await call('unlink_groupv2', owner, unlink), 1006);
    assert.equal(ok(await call('get_groupcode', owner, guild)).gc, gc);
    server().clock.advance(MINUTE);
    ok(await call('unlink_groupv2', owner, unlink));
    failed(await call('get_groupcode', owner, guild), 1005);
  });

  it('unlink_groupv2: platid and roleid must not be empty; a stranger 1007; a guild without a group 1005; the binding stays', async () => {
    const { owner, guild, gc } = await boundGuild('unlink-bad');
    const stranger = await player('unlink-bad-stranger');
    const rival = await player('unlink-bad-rival');
    const unlink = (who: Login, extra: Record<string, unknown> = {}) =>
      call('unlink_groupv2', who, { ...guild, platid: '1', roleid: '1', ...extra });
    for (const missing of [{ platid: undefined }, { roleid: '' }, { platid: ' ' }]) {
      failed(await unlink(owner, missing), 1001);
    }
    failed(await unlink(stranger), 1007);
    failed(await unlink(rival), 1007);
    failed(await unlink(owner, { type: '2' }), 1005);
    failed(await unlink(owner, newGuild()), 1005);
    assert.equal(ok(await call('get_groupcode', stranger, guild)).gc, gc);
  });

  it('unlink_groupv2: after the leadership moved, the new leader (a member who joined) unlinks and becomes the leader', async () => {
    const { owner, guild, gc } = await boundGuild('unlink-new-leader');
    const successor = await player('unlink-new-leader-successor');
    ok(await call('join_groupv2', successor, { ...guild, gc }));
    ok(await call('unlink_groupv2', successor, { ...guild, platid: '1', roleid: '2' }));
    failed(await call('get_groupcode', owner, guild), 1005);
    // A reminder without leaderOpenid now reaches the successor.
    ok(await call('remind_leader_bindv2', owner, guild));
    assert.equal((await inbox(successor)).length, 1);
    assert.deepEqual(await inbox(owner), []);
  });

  it('unlink_groupv2: a dissolved group still bound is unlinked, and the guild can create again', async () => {
    const { owner, guild, gc } = await boundGuild('unlink-dissolved');
    await server().guildhall.groups.disband({ appId: app.id, gid: gc }, await accountOf(owner));
    ok(await call('unlink_groupv2', owner, { ...guild, platid: '1', roleid: '1' }));
    failed(await call('get_groupcode', owner, guild), 1005);
    assert.deepEqual(await groupList(owner), []);
    const fresh = ok(await call('createbind_groupv2', owner, guild));
    assert.equal(ok(await call('get_groupcode', owner, guild)).gc, fresh.gc);
  });

  it('get_group_listv2: the live groups the caller owns, bound or not, not those they only joined (002 example)', async () => {
    const owner = await player('list');
    const data = ok(await call('get_group_listv2', owner, { appid: app.msdk.qqAppid }));
    assert.deepEqual(data, { group_list: [] });

    const bound = ok(await call('createbind_groupv2', owner, { ...newGuild(), guild_name: 'A' }));
    const unbound = await server().guildhall.groups.createUnbound(
      app.id,
      await accountOf(owner),
      'B',
    );
    const dissolved = ok(await call('createbind_groupv2', owner, newGuild()));
    await server().guildhall.groups.disband(
      { appId: app.id, gid: dissolved.gc },
      await accountOf(owner),
    );
    const theirs = await boundGuild('list-theirs');
    ok(await call('join_groupv2', owner, { ...theirs.guild, gc: theirs.gc }));

    const list = await groupList(owner);
    assert.deepEqual(list, [
      { gc: bound.gc, group_name: 'A' },
      { gc: unbound.gid, group_name: 'B' },
    ]);
  });

  it('bind_existing_groupv2: the leader binds a group they own, renamed if group_name is given (002 example)', async () => {
    const owner = await player('bind');
    const ownerId = await accountOf(owner);
    const group = await server().guildhall.groups.createUnbound(app.id, ownerId, 'My group');
    const guild = newGuild();
    assert.deepEqual(await groupList(owner), [{ gc: group.gid, group_name: 'My group' }]);
    const data = ok(
      await call('bind_existing_groupv2', owner, {
        ...guild,
        gc: group.gid,
        partition: '1',
        platid: '1',
        roleid: '1',
      }),
    );
    assert.deepEqual(data, { empty: '' });
    assert.deepEqual(ok(await call('get_groupcode', owner, guild)), {
      gc: group.gid,
      group_name: 'My group',
      group_key: group.joinKey,
      group_openid: group.publicId,
    });
    assert.deepEqual(ok(await call('query_bind_unionv2', owner, { gc: group.gid })), {
      union_id: guild.guild_id,
      union_name: '',
    });
    assert.equal((await cardIn(group.gid, owner))?.roleId, '1');

    const team = await server().guildhall.groups.createUnbound(app.id, ownerId, 'Team group');
    ok(
      await call('bind_existing_groupv2', owner, {
        ...guild,
        type: '1',
        gc: team.gid,
        group_name: 'Renamed',
        user_label: '[队长] 大王',
        user_zone_id: '5',
        areaid: '1',
      }),
    );
    assert.deepEqual(ok(await call('get_groupcode', owner, { ...guild, type: '1' })), {
      gc: team.gid,
      group_name: 'Renamed',
      group_key: team.joinKey,
      group_openid: team.publicId,
    });
    assert.equal((await cardIn(team.gid, owner))?.label, '[队长] 大王');
  });

  it('bind_existing_groupv2: not the owner, bound elsewhere, another app’s group, a guild with a live group 1007; unknown gc 1005; nothing bound', async () => {
    const { owner, guild, gc } = await boundGuild('bind-bad');
    const ownerId = await accountOf(owner);
    const spare = await server().guildhall.groups.createUnbound(app.id, ownerId, 'Spare');
    const rival = await player('bind-bad-rival');
    const free = newGuild();

    failed(await call('bind_existing_groupv2', rival, { ...free, gc: spare.gid }), 1007);
    failed(await call('bind_existing_groupv2', owner, { ...free, gc }), 1007);
    failed(await call('bind_existing_groupv2', owner, { ...guild, gc: spare.gid }), 1007);
    failed(await call('bind_existing_groupv2', owner, { ...free, gc: UNKNOWN_GC }), 1005);
    const foreign = await boundGuild('bind-bad-foreign', {}, other);
    failed(await call('bind_existing_groupv2', owner, { ...free, gc: foreign.gc }), 1007);
    failed(
      await call('bind_existing_groupv2', owner, {
        ...free,
        gc: spare.gid,
        group_name: 'x'.repeat(65),
      }),
      1001,
    );

    failed(await call('query_bind_unionv2', owner, { gc: spare.gid }), 1005);
    failed(await call('get_groupcode', owner, free), 1005);
    assert.equal(ok(await call('get_groupcode', owner, guild)).gc, gc);
    assert.deepEqual(
      (await groupList(owner)).map((g) => (g as { group_name: string }).group_name),
      ['bind-bad guild', 'Spare'],
    );
  });

  it('bind_existing_groupv2: replaces a binding whose group was dissolved', async () => {
    const { owner, guild, gc } = await boundGuild('bind-dissolved');
    const ownerId = await accountOf(owner);
    await server().guildhall.groups.disband({ appId: app.id, gid: gc }, ownerId);
    const spare = await server().guildhall.groups.createUnbound(app.id, ownerId, 'Spare');
    ok(await call('bind_existing_groupv2', owner, { ...guild, gc: spare.gid, group_name: '' }));
    const code = ok(await call('get_groupcode', owner, guild));
    assert.deepEqual([code.gc, code.group_name], [spare.gid, 'Spare']);
  });

  it('remind_leader_bindv2: reminds the leader Guildhall knows, once a day per member (002 example)', async () => {
    const { owner, guild } = await boundGuild('remind');
    ok(await call('unlink_groupv2', owner, { ...guild, platid: '1', roleid: '1' }));
    let member = await player('remind-member');
    // 002's example: no leaderOpenid, and a gc the endpoint does not read.
    const data = ok(
      await call('remind_leader_bindv2', member, {
        ...guild,
        gc: '511720053',
        partition: '1',
        platid: '1',
        roleid: '1',
      }),
    );
    assert.deepEqual(data, { empty: '' });
    const reminder = {
      type: 'guild.bind_reminder',
      union_id: guild.guild_id,
      zone: guild.zone_id,
      kind: 'guild',
      guild_name: 'remind guild',
      from: member.player_id,
      from_name: member.msdk.openid,
    };
    assert.deepEqual(await inbox(owner), [reminder]);

    const named = { ...guild, leaderOpenid: owner.msdk.openid, rolename: '小明' };
    failed(await call('remind_leader_bindv2', member, named), 1006);
    assert.equal((await inbox(owner)).length, 1);

    server().clock.advance(DAY);
    member = await player('remind-member');
    ok(
      await call('remind_leader_bindv2', member, {
        ...named,
        type: '0',
        leaderRoleid: 'l-1',
        leaderZoneid: '3',
        user_zone_id: '4',
        areaid: '1',
        ip: '127.0.0.1',
        port: '80',
      }),
    );
    assert.deepEqual(await inbox(owner), [reminder, { ...reminder, from_name: '小明' }]);
    assert.deepEqual(await inbox(member), []);
  });

  it('concurrent calls: one group per guild, one join per member, one reminder a day', async () => {
    const rets = (answers: Answer[]) => answers.map((a) => a.body.ret as number).sort();
    const guild = newGuild();
    const founders = await Promise.all(['a', 'b', 'c', 'd'].map((t) => player(`race-${t}`)));
    const created = await Promise.all(
      founders.map((who) => call('createbind_groupv2', who, { ...guild, guild_name: 'race' })),
    );
    assert.deepEqual(rets(created), [0, 1007, 1007, 1007]);
    const { gc } = created.find((a) => a.body.ret === 0)!.body.data as { gc: string };

    const joiner = await player('race-joiner');
    const joins = await Promise.all(
      [1, 2, 3, 4].map(() => call('join_groupv2', joiner, { ...guild, gc })),
    );
    assert.deepEqual(rets(joins), [0, 1007, 1007, 1007]);
    const { members } = await server().guildhall.groups.detail({ appId: app.id, gid: gc });
    assert.equal(members.length, 2);

    const leader = founders[created.findIndex((a) => a.body.ret === 0)]!;
    const reminders = await Promise.all(
      [1, 2, 3, 4, 5].map(() => call('remind_leader_bindv2', joiner, guild)),
    );
    assert.deepEqual(rets(reminders), [0, 1006, 1006, 1006, 1006]);
    assert.equal((await inbox(leader)).length, 1);
  });

  it('remind_leader_bindv2: an unknown leader or guild 1005, a leader not in the guild 1007, reminding oneself 1001; the day is not used up', async () => {
    const { owner, guild } = await boundGuild('remind-bad');
    const member = await player('remind-bad-member');
    const outsider = await player('remind-bad-outsider');
    const foreigner = await server().tencentLogin(other, 'remind-bad-foreigner', 'qq');

    const remind = (who: Login, extra: Record<string, unknown> = {}) =>
      call('remind_leader_bindv2', who, { ...guild, ...extra });
    failed(await remind(member, { leaderOpenid: 'F'.repeat(32) }), 1005);
    failed(await remind(member, { leaderOpenid: foreigner.msdk.openid }), 1005);
    failed(await remind(member, { leaderOpenid: outsider.msdk.openid }), 1007);
    failed(await remind(owner), 1001);
    failed(await remind(owner, { leaderOpenid: owner.msdk.openid }), 1001);
    failed(await remind(member, { type: '1' }), 1005);
    failed(await call('remind_leader_bindv2', member, newGuild()), 1005);
    failed(await remind(member, { ip: '300.1.1.1' }), 1001);
    assert.deepEqual(await inbox(outsider), []);
    assert.deepEqual(await inbox(owner), []);

    ok(await remind(member));
    assert.equal((await inbox(owner)).length, 1);
  });

  it('query_bind_unionv2: the guild a group is bound to, of the kind asked (002 example)', async () => {
    const { owner, guild, gc } = await boundGuild('union');
    const stranger = await player('union-stranger');
    const data = ok(
      await call('query_bind_unionv2', stranger, {
        guild_id: '123',
        zone_id: '123',
        gc,
        type: '0',
      }),
    );
    assert.deepEqual(data, { union_id: guild.guild_id, union_name: 'union guild' });
    assert.deepEqual(ok(await call('query_bind_unionv2', owner, { gc, type: '' })), data);
    failed(await call('query_bind_unionv2', owner, { gc, type: '1' }), 1005);
    failed(await call('query_bind_unionv2', owner, { gc, type: '2' }), 1005);

    const team = ok(
      await call('createbind_groupv2', owner, { ...guild, type: 1, guild_name: 'Tm' }),
    );
    const teamUnion = { union_id: guild.guild_id, union_name: 'Tm' };
    assert.deepEqual(
      ok(await call('query_bind_unionv2', owner, { gc: team.gc, type: 1 })),
      teamUnion,
    );
    assert.deepEqual(ok(await call('query_bind_unionv2', owner, { gc: team.gc })), teamUnion);
    failed(await call('query_bind_unionv2', owner, { gc: team.gc, type: '0' }), 1005);
  });

  it('query_bind_unionv2: an unbound or unknown group 1005, another app’s 1007; a bad type or gc 1001', async () => {
    const owner = await player('union-bad');
    const spare = await server().guildhall.groups.createUnbound(
      app.id,
      await accountOf(owner),
      'Spare',
    );
    failed(await call('query_bind_unionv2', owner, { gc: spare.gid }), 1005);
    failed(await call('query_bind_unionv2', owner, { gc: UNKNOWN_GC }), 1005);
    const foreign = await boundGuild('union-bad-foreign', {}, other);
    failed(await call('query_bind_unionv2', owner, { gc: foreign.gc }), 1007);
    failed(await call('query_bind_unionv2', owner, { gc: spare.gid, type: '5' }), 1001);
    failed(await call('query_bind_unionv2', owner, { gc: '12ab' }), 1001);
  });

  it('get_groupcode: the guild’s group with its join key and open id, to anyone, also once dissolved (002 example)', async () => {
    const { owner, guild, gc } = await boundGuild('code');
    const stranger = await player('code-stranger');
    const data = ok(await call('get_groupcode', stranger, { ...guild, type: '0' }));
    assert.deepEqual(keys(data), ['gc', 'group_key', 'group_name', 'group_openid']);
    const { group } = await server().guildhall.groups.detail({ appId: app.id, gid: gc });
    assert.deepEqual(data, {
      gc,
      group_name: 'code guild',
      group_key: group.joinKey,
      group_openid: group.publicId,
    });
    assert.match(data.group_openid, /^[0-9A-F]{32}$/);

    failed(await call('get_groupcode', owner, { ...guild, type: '1' }), 1005);
    failed(await call('get_groupcode', owner, { ...guild, zone_id: '4' }), 1005);
    failed(await call('get_groupcode', owner, { ...guild, type: 'team' }), 1001);

    await server().guildhall.groups.disband({ appId: app.id, gid: gc }, await accountOf(owner));
    assert.deepEqual(ok(await call('get_groupcode', owner, guild)), data);
  });

  it('send_groupmsg: reaches every member’s inbox, the sender’s too (002 example)', async () => {
    const { owner, guild, gc } = await boundGuild('msg');
    const member = await player('msg-member');
    const outsider = await player('msg-outsider');
    ok(await call('join_groupv2', member, { ...guild, gc }));
    const { group_openid } = ok(await call('get_groupcode', member, guild));

    const answer = await call(
      'send_groupmsg',
      member,
      {
        pf: 'qqqun',
        group_openid,
        title: '11',
        desc: '11',
        redirect_url: 'http://www.qq.com/',
        image_url: 'http://p.qlogo.cn/gh/31asdasd0/312248990/100',
        param: '11',
      },
      { encode: '1' },
    );
    ok(answer, ['is_lost', 'message', 'ret']);
    assert.equal(answer.body.is_lost, '0');
    const message = {
      type: 'group.message',
      gid: gc,
      group_name: 'msg guild',
      from: member.player_id,
      title: '11',
      desc: '11',
      image_url: 'http://p.qlogo.cn/gh/31asdasd0/312248990/100',
      redirect_url: 'http://www.qq.com/',
      param: '11',
    };
    assert.deepEqual(await inbox(owner), [message]);
    assert.deepEqual(await inbox(member), [message]);
    assert.deepEqual(await inbox(outsider), []);
  });

  it('send_groupmsg: title up to 45 bytes, desc up to 60; image_url and param may be left out; http(s) URLs only', async () => {
    const { owner, guild } = await boundGuild('msg-limits');
    const { group_openid } = ok(await call('get_groupcode', owner, guild));
    const base = {
      pf: 'desktop_m_qq',
      group_openid,
      title: utf8Text(45),
      desc: utf8Text(60),
      redirect_url: 'https://game.example.com/landing?x=1',
    };
    ok(await call('send_groupmsg', owner, base), ['is_lost', 'message', 'ret']);
    const [received] = await inbox(owner);
    assert.equal(received?.title, utf8Text(45));
    assert.equal(received?.image_url, '');
    assert.equal(received?.param, '');

    for (const bad of [
      { title: utf8Text(46) },
      { desc: utf8Text(61) },
      { title: '' },
      { redirect_url: 'ftp://game.example.com/' },
      { redirect_url: 'not a url' },
      { image_url: 'javascript:alert(1)' },
      { param: 'x'.repeat(1025) },
    ]) {
      failed(await call('send_groupmsg', owner, { ...base, ...bad }), 1001);
    }
    assert.equal((await inbox(owner)).length, 1);
  });

  it('send_groupmsg: a non-member or another app’s group 1007; an unknown or dissolved group 1005; nobody gets it', async () => {
    const { owner, guild, gc } = await boundGuild('msg-bad');
    const stranger = await player('msg-bad-stranger');
    const { group_openid } = ok(await call('get_groupcode', owner, guild));
    const foreign = await boundGuild('msg-bad-foreign', {}, other);
    const foreignCode = ok(
      await call('get_groupcode', foreign.owner, foreign.guild, { inApp: other }),
    );
    const send = (who: Login, openid: string) =>
      call('send_groupmsg', who, {
        pf: 'qqqun',
        group_openid: openid,
        title: 't',
        desc: 'd',
        redirect_url: 'http://www.qq.com/',
      });

    failed(await send(stranger, group_openid), 1007);
    failed(await send(owner, foreignCode.group_openid), 1007);
    failed(await send(owner, 'C672A42F0595BC8309D079D68F45B8CF'), 1005);
    await server().guildhall.groups.disband({ appId: app.id, gid: gc }, await accountOf(owner));
    failed(await send(owner, group_openid), 1005);
    for (const who of [owner, stranger, foreign.owner]) assert.deepEqual(await inbox(who), []);
  });
});
