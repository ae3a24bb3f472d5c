import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { MomoCallOptions, TestApp } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';

const MESSAGES: Record<number, string> = {
  30009: 'App secret 错误',
  30800: '创建群组失败。',
  30801: '加入群组失败。',
  30802: 'T 人失败。',
  30803: '群主换人失败。',
  30804: '解散失败。',
  30805: '退出失败。',
};

const ENDPOINTS: Record<string, Record<string, string>> = {
  create: { union_id: 'u', owner: 'X' },
  join: { union_id: 'u', userid: 'X' },
  kickOut: { union_id: 'u', operator: 'X', target: 'Y' },
  disband: { union_id: 'u', operator: 'X' },
  leave: { union_id: 'u', userid: 'X' },
  changeOwner: { union_id: 'u', operator: 'X', new_owner: 'Y' },
  hasGroup: { union_id: 'u' },
  isMember: { union_id: 'u', gameid: 'X' },
};

describeEachBackend('momo group2', (server) => {
  let app: TestApp;
  let other: TestApp;
  before(async () => {
    app = await server().createApp('群测试游戏');
    other = await server().createApp('Other Game');
  });

  /** Calls group2/<path> and returns `data` of a success envelope. */
  async function ok(path: string, params: Record<string, string>, options?: MomoCallOptions) {
    const { status, body } = await server().momo(app, `group2/${path}`, params, options);
    assert.equal(status, 200);
    assert.deepEqual(Object.keys(body), ['ec', 'em', 'timesec', 'data']);
    assert.equal(body.ec, 0, JSON.stringify(body));
    assert.equal(body.em, 'success');
    assert.equal(body.timesec, Math.floor(server().clock.now() / 1000));
    return body.data;
  }

  async function failsWith(path: string, params: Record<string, string>, ec: number) {
    const { body } = await server().momo(app, `group2/${path}`, params);
    assert.equal(body.ec, ec, `${path} ${JSON.stringify(params)} → ${JSON.stringify(body)}`);
    if (MESSAGES[ec]) assert.equal(body.em, MESSAGES[ec]);
    assert.deepEqual(body.data, []);
  }

  const hasGroup = async (union: string) =>
    ((await ok('hasGroup', { union_id: union })) as { has_group: boolean }).has_group;
  const isMember = async (union: string, userid: string) =>
    ((await ok('isMember', { union_id: union, gameid: userid })) as [{ is_member: boolean }])[0]
      .is_member;

  /** A group of `union` with a registered owner and `guests` guest members. */
  async function groupOf(union: string, guests = 0) {
    const owner = (await server().registered(app, `${union}-owner@example.com`)).momo.userid;
    const data = await ok('create', { union_id: union, owner });
    const members: string[] = [];
    for (let i = 0; i < guests; i++) {
      const member = (await server().guest(app, `${union}-guest-${i}`)).momo.userid;
      await ok('join', { union_id: union, userid: member });
      members.push(member);
    }
    return { owner, members, gid: (data as { gid: string }).gid };
  }

  it('creates a group in the shape of the document, by query, form and multipart', async () => {
    const vias = ['query', 'form', 'multipart'] as const;
    for (const via of vias) {
      const player = await server().registered(app, `creator-${via}@example.com`);
      await server().profile(player.session_token, {
        name: '秣马儿',
        photos: ['71ECD41-723B-B44F-0336-84908D9C2E3E', 'SECOND'],
        lat: 39.997772216797,
        lng: 116.4817276001,
      });
      const union = `union-${via}`;
      const data = await ok('create', { union_id: union, owner: player.momo.userid }, { via });
      assert.deepEqual(Object.keys(data).sort(), [
        'create_time',
        'game_union',
        'games',
        'geoloc',
        'gid',
        'members',
        'name',
        'owner',
        'photos',
        'sid',
        'sign',
        'sname',
      ]);
      assert.match(data.gid, /^[1-9]\d{7}$/);
      assert.equal(data.name, '群测试游戏公会群');
      assert.equal(data.sign, '欢迎加入群测试游戏公会群');
      assert.deepEqual(data.photos, []);
      assert.deepEqual(data.geoloc, { lat: 39.997772216797, lng: 116.4817276001 });
      assert.equal(data.create_time, Math.floor(server().clock.now() / 1000));
      assert.equal(data.owner, player.momo.userid);
      assert.deepEqual(data.games, []);
      assert.deepEqual(data.game_union, { appid: app.momo.appid, unionid: union });
      assert.deepEqual(data.members, [
        {
          userid: player.momo.userid,
          name: '秣马儿',
          avatar: '71ECD41-723B-B44F-0336-84908D9C2E3E',
        },
      ]);
      assert.equal(data.sid, '');
      assert.equal(data.sname, '');
      assert.equal(await hasGroup(union), true);
      assert.equal(await isMember(union, player.momo.userid), true);
    }
  });

  it('names the group after a guild named by rank/update_unions; no location gives 0/0', async () => {
    const owner = (await server().registered(app, 'named-owner@example.com')).momo.userid;
    const scored = await server().momo(app, 'rank/update_unions', {
      data: JSON.stringify([{ unionid: 'named', name: '晓', score_type: '1', score: '5' }]),
    });
    assert.equal(scored.body.ec, 0);
    const data = await ok('create', { union_id: 'named', owner });
    assert.equal(data.name, '晓');
    assert.equal(data.sign, '欢迎加入晓');
    assert.deepEqual(data.geoloc, { lat: 0, lng: 0 });
    assert.deepEqual(data.members, [{ userid: owner, name: '', avatar: '' }]);
  });

  it('gives every group its own number', async () => {
    const a = await groupOf('numbered-a');
    const b = await groupOf('numbered-b');
    assert.notEqual(a.gid, b.gid);
  });

  it('refuses to create with 30800 for a guest, unknown or foreign owner, or a second group', async () => {
    const guest = (await server().guest(app, 'create-guest')).momo.userid;
    const foreign = (await server().registered(other, 'create-foreign@example.com')).momo.userid;
    for (const owner of [guest, 'FFFFFFFFFFFFFFFF', foreign]) {
      await failsWith('create', { union_id: 'refused', owner }, 30800);
    }
    assert.equal(await hasGroup('refused'), false);
    const guild = await server().guildhall.store.guilds.byKey({
      appId: app.id,
      unionId: 'refused',
      zone: '',
      kind: 'guild',
    });
    assert.equal(guild, undefined, 'a failed create leaves no guild behind');

    const { owner, members } = await groupOf('taken', 1);
    const rival = (await server().registered(app, 'taken-rival@example.com')).momo.userid;
    await failsWith('create', { union_id: 'taken', owner: rival }, 30800);
    await failsWith('create', { union_id: 'taken', owner }, 30800);
    assert.equal(await isMember('taken', owner), true);
    assert.equal(await isMember('taken', members[0] ?? ''), true);
    assert.equal(await isMember('taken', rival), false);
  });

  it('lets guests and registered players join; refuses with 30801 otherwise', async () => {
    const { owner, members, gid } = await groupOf('joined', 1);
    const [guest = ''] = members;
    assert.equal(await isMember('joined', guest), true);
    const registered = (await server().registered(app, 'joined-2@example.com')).momo.userid;
    assert.deepEqual(await ok('join', { union_id: 'joined', userid: registered }), []);
    assert.equal(await isMember('joined', registered), true);

    await failsWith('join', { union_id: 'joined', userid: guest }, 30801);
    await failsWith('join', { union_id: 'joined', userid: owner }, 30801);
    await failsWith('join', { union_id: 'joined', userid: 'FFFFFFFFFFFFFFFF' }, 30801);
    await failsWith('join', { union_id: 'no-such-union', userid: guest }, 30801);
    const foreign = (await server().guest(other, 'joined-foreign')).momo.userid;
    await failsWith('join', { union_id: 'joined', userid: foreign }, 30801);

    await server()
      .guildhall.store.db.updateTable('groups')
      .set({ max_members: 3 })
      .where('number', '=', Number(gid))
      .execute();
    const late = (await server().guest(app, 'joined-late')).momo.userid;
    await failsWith('join', { union_id: 'joined', userid: late }, 30801);
    assert.equal(await isMember('joined', late), false);
    await ok('leave', { union_id: 'joined', userid: guest });
    await ok('join', { union_id: 'joined', userid: late });
    assert.equal(await isMember('joined', late), true);
  });

  it('lets only the owner kick out a member; refuses with 30802 and changes nothing', async () => {
    const { owner, members } = await groupOf('kick', 3);
    const [a = '', b = '', c = ''] = members;
    assert.deepEqual(await ok('kickOut', { union_id: 'kick', operator: owner, target: a }), []);
    assert.equal(await isMember('kick', a), false);

    const refused = [
      { operator: b, target: c },
      { operator: owner, target: a },
      { operator: owner, target: owner },
      { operator: owner, target: 'FFFFFFFFFFFFFFFF' },
      { operator: 'FFFFFFFFFFFFFFFF', target: b },
    ];
    for (const params of refused)
      await failsWith('kickOut', { union_id: 'kick', ...params }, 30802);
    await failsWith('kickOut', { union_id: 'no-such-union', operator: owner, target: b }, 30802);
    for (const member of [owner, b, c]) assert.equal(await isMember('kick', member), true);
  });

  it('lets a member leave; the owner cannot, nor can a non-member (30805)', async () => {
    const { owner, members } = await groupOf('leave', 1);
    const [member = ''] = members;
    assert.deepEqual(await ok('leave', { union_id: 'leave', userid: member }), []);
    assert.equal(await isMember('leave', member), false);
    await failsWith('leave', { union_id: 'leave', userid: member }, 30805);
    await failsWith('leave', { union_id: 'leave', userid: owner }, 30805);
    await failsWith('leave', { union_id: 'leave', userid: 'FFFFFFFFFFFFFFFF' }, 30805);
    await failsWith('leave', { union_id: 'no-such-union', userid: owner }, 30805);
    assert.equal(await isMember('leave', owner), true);
  });

  it('hands the group to a registered member; the old owner stays a member', async () => {
    const { owner, members } = await groupOf('handover', 1);
    const [guest = ''] = members;
    const heir = (await server().registered(app, 'handover-heir@example.com')).momo.userid;
    const outsider = (await server().registered(app, 'handover-out@example.com')).momo.userid;
    await ok('join', { union_id: 'handover', userid: heir });

    const refused = [
      { operator: heir, new_owner: heir },
      { operator: owner, new_owner: guest },
      { operator: owner, new_owner: outsider },
      { operator: owner, new_owner: 'FFFFFFFFFFFFFFFF' },
    ];
    for (const params of refused) {
      await failsWith('changeOwner', { union_id: 'handover', ...params }, 30803);
    }
    await failsWith(
      'changeOwner',
      { union_id: 'no-such-union', operator: owner, new_owner: heir },
      30803,
    );
    await failsWith('kickOut', { union_id: 'handover', operator: heir, target: guest }, 30802);

    const handed = await ok('changeOwner', {
      union_id: 'handover',
      operator: owner,
      new_owner: heir,
    });
    assert.deepEqual(handed, []);
    assert.equal(await isMember('handover', owner), true);
    await failsWith(
      'changeOwner',
      { union_id: 'handover', operator: owner, new_owner: owner },
      30803,
    );
    await failsWith('kickOut', { union_id: 'handover', operator: owner, target: guest }, 30802);
    await failsWith('disband', { union_id: 'handover', operator: owner }, 30804);
    await ok('leave', { union_id: 'handover', userid: owner });
    await failsWith('leave', { union_id: 'handover', userid: heir }, 30805);
    await ok('kickOut', { union_id: 'handover', operator: heir, target: guest });
    assert.equal(await isMember('handover', guest), false);
  });

  it('lets only the owner disband; the members go, the guild stays and may have a new group', async () => {
    const { owner, members, gid } = await groupOf('disband', 1);
    const [member = ''] = members;
    await failsWith('disband', { union_id: 'disband', operator: member }, 30804);
    await failsWith('disband', { union_id: 'disband', operator: 'FFFFFFFFFFFFFFFF' }, 30804);
    await failsWith('disband', { union_id: 'no-such-union', operator: owner }, 30804);
    assert.equal(await hasGroup('disband'), true);
    assert.equal(await isMember('disband', member), true);

    assert.deepEqual(await ok('disband', { union_id: 'disband', operator: owner }), []);
    assert.equal(await hasGroup('disband'), false);
    assert.equal(await isMember('disband', owner), false);
    assert.equal(await isMember('disband', member), false);
    await failsWith('disband', { union_id: 'disband', operator: owner }, 30804);
    await failsWith('join', { union_id: 'disband', userid: member }, 30801);
    assert.ok(
      await server().guildhall.store.guilds.byKey({
        appId: app.id,
        unionId: 'disband',
        zone: '',
        kind: 'guild',
      }),
    );

    const again = await ok('create', { union_id: 'disband', owner });
    assert.notEqual(again.gid, gid);
    assert.deepEqual(
      again.members.map((m: { userid: string }) => m.userid),
      [owner],
    );
    assert.equal(await isMember('disband', member), false);
  });

  it('answers hasGroup as an object and isMember by gameid or userid', async () => {
    const { owner } = await groupOf('asked');
    assert.deepEqual(await ok('hasGroup', { union_id: 'asked' }), { has_group: true });
    assert.deepEqual(await ok('hasGroup', { union_id: 'unasked' }), { has_group: false });
    const outsider = (await server().guest(app, 'asked-outsider')).momo.userid;
    assert.deepEqual(await ok('isMember', { union_id: 'asked', gameid: owner }), [
      { is_member: true },
    ]);
    assert.deepEqual(await ok('isMember', { union_id: 'asked', userid: owner }, { via: 'query' }), [
      { is_member: true },
    ]);
    for (const [union, userid] of [
      ['asked', outsider],
      ['asked', 'FFFFFFFFFFFFFFFF'],
      ['unasked', owner],
    ] as const) {
      assert.deepEqual(await ok('isMember', { union_id: union, gameid: userid }), [
        { is_member: false },
      ]);
    }
  });

  it('lets one of racing creates win, and racing joins never overfill a group', async () => {
    const owners = [];
    for (let i = 0; i < 4; i++) {
      owners.push((await server().registered(app, `race-${i}@example.com`)).momo.userid);
    }
    const creates = await Promise.all(
      owners.map((owner) => server().momo(app, 'group2/create', { union_id: 'race', owner })),
    );
    assert.deepEqual(creates.map((c) => c.body.ec).sort(), [0, 30800, 30800, 30800]);

    const { gid } = await groupOf('crowd');
    await server()
      .guildhall.store.db.updateTable('groups')
      .set({ max_members: 3 })
      .where('number', '=', Number(gid))
      .execute();
    const guests = [];
    for (let i = 0; i < 5; i++) guests.push((await server().guest(app, `crowd-${i}`)).momo.userid);
    const joins = await Promise.all(
      guests.map((userid) => server().momo(app, 'group2/join', { union_id: 'crowd', userid })),
    );
    assert.deepEqual(joins.map((j) => j.body.ec).sort(), [0, 0, 30801, 30801, 30801]);
  });

  it('answers 30009 for a wrong app_secret and 30101 for a missing parameter, on every endpoint', async () => {
    for (const [path, params] of Object.entries(ENDPOINTS)) {
      const wrong = await server().momoRaw(`group2/${path}`, {
        appid: app.momo.appid,
        app_secret: 'nope',
        ...params,
      });
      assert.equal(wrong.body.ec, 30009, path);
      assert.equal(wrong.body.em, MESSAGES[30009]);
      for (const name of Object.keys(params)) {
        const rest = Object.fromEntries(Object.entries(params).filter(([key]) => key !== name));
        const { body } = await server().momo(app, `group2/${path}`, rest);
        assert.equal(body.ec, 30101, `${path} without ${name}`);
        assert.deepEqual(body.data, []);
      }
    }
    assert.equal(await hasGroup('u'), false);
  });
});
