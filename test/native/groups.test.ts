import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { App } from '../../src/core/apps/types.js';
import { ADMIN_TOKEN, describeEachBackend } from '../helpers/server.js';

interface Player {
  player_id: string;
  session_token: string;
  momo: { userid: string };
}

type Response = { status: number; json: any; text: string };

/** The keys of a group as lists show it, and as its members see it. */
const GROUP_KEYS = [
  'created_at',
  'dissolved_at',
  'gid',
  'guild',
  'max_members',
  'member_count',
  'name',
  'open_id',
  'owner',
];
const MEMBER_GROUP_KEYS = [...GROUP_KEYS, 'join_key', 'members', 'role'].sort();
const NO_CARD = { label: null, nickname: null, zone_id: null, role_id: null, plat_id: null };

describeEachBackend('native groups (admin and client)', (server) => {
  let app: App;
  let other: App;
  before(async () => {
    app = await server().createApp('Group Views Game');
    other = await server().createApp('Other Group Game');
  });

  const assertError = (response: Response, status: number, code: string) => {
    assert.equal(response.status, status, response.text);
    assert.equal(response.json.error.code, code, response.text);
    assert.equal(typeof response.json.error.message, 'string');
  };
  const call = (who: Player | undefined, method: string, path: string, json?: unknown) =>
    server().request(method, path, { token: who?.session_token, json });
  /** Creates a group in the app of the player's session. */
  const create = async (who: Player, body: Record<string, unknown>) => {
    const response = await call(who, 'POST', '/v1/client/groups', body);
    assert.equal(response.status, 201, response.text);
    return response.json;
  };
  const join = (who: Player, joinKey: string) =>
    call(who, 'POST', '/v1/client/groups/join', { join_key: joinKey });
  const gidsOf = async (who: Player) =>
    (await call(who, 'GET', '/v1/client/groups')).json.groups.map((g: { gid: string }) => g.gid);
  const hasGroup = async (union: string) =>
    (await server().momo(app, 'group2/hasGroup', { union_id: union })).body.data.has_group;
  const isMember = async (union: string, who: Player) =>
    (await server().momo(app, 'group2/isMember', { union_id: union, gameid: who.momo.userid })).body
      .data[0].is_member;

  it('shows a group made through Momo group2 to operators and to its members', async () => {
    const owner = await server().registered(app, 'group-owner@example.com');
    const member = await server().guest(app, 'group-member-device');
    const outsider = await server().guest(app, 'group-outsider-device');
    const created = await server().momo(app, 'group2/create', {
      union_id: 'guild-7',
      owner: owner.momo.userid,
      zone: '',
    });
    assert.equal(created.body.ec, 0, JSON.stringify(created.body));
    const gid = String(created.body.data.gid);
    const joined = await server().momo(app, 'group2/join', {
      union_id: 'guild-7',
      userid: member.momo.userid,
    });
    assert.equal(joined.body.ec, 0);

    const list = await server().admin('GET', `/v1/admin/apps/${app.id}/groups`);
    assert.equal(list.status, 200, list.text);
    assert.equal(list.json.groups.length, 1);
    const { id, ...summary } = list.json.groups[0];
    assert.equal(typeof id, 'number');
    assert.match(summary.open_id, /^[0-9A-F]{32}$/);
    assert.deepEqual(summary, {
      gid,
      open_id: summary.open_id,
      name: created.body.data.name,
      owner: owner.player_id,
      member_count: 2,
      max_members: 500,
      guild: { union_id: 'guild-7', zone: '', kind: 'guild', name: '' },
      created_at: server().clock.now(),
      dissolved_at: null,
    });

    const detail = await server().admin('GET', `/v1/admin/apps/${app.id}/groups/${gid}`);
    assert.equal(detail.status, 200, detail.text);
    assert.deepEqual(Object.keys(detail.json).sort(), [...GROUP_KEYS, 'members'].sort());
    assert.deepEqual(detail.json, { ...summary, members: detail.json.members });
    assert.deepEqual(detail.json.members, [
      {
        player_id: owner.player_id,
        role: 'owner',
        joined_at: server().clock.now(),
        card: NO_CARD,
      },
      {
        player_id: member.player_id,
        role: 'member',
        joined_at: server().clock.now(),
        card: NO_CARD,
      },
    ]);

    for (const [who, role] of [
      [owner, 'owner'],
      [member, 'member'],
    ] as const) {
      const mine = await server().request('GET', '/v1/client/groups', { token: who.session_token });
      assert.equal(mine.status, 200, mine.text);
      assert.equal(mine.json.groups.length, 1);
      assert.deepEqual(mine.json.groups[0], { ...summary, role });
      const seen = await call(who, 'GET', `/v1/client/groups/${gid}`);
      assert.equal(seen.status, 200, seen.text);
      assert.equal(seen.json.role, role);
      assert.equal(typeof seen.json.join_key, 'string');
      assert.deepEqual(seen.json.members, detail.json.members);
    }
    const none = await server().request('GET', '/v1/client/groups', {
      token: outsider.session_token,
    });
    assert.deepEqual(none.json, { groups: [] });

    // A change through Momo shows at once.
    await server().momo(app, 'group2/leave', { union_id: 'guild-7', userid: member.momo.userid });
    const after = await server().request('GET', '/v1/client/groups', {
      token: member.session_token,
    });
    assert.deepEqual(after.json, { groups: [] });
  });

  it('pages the list and answers 404, 400 and 401 where it must', async () => {
    const owner = await server().registered(app, 'group-pager@example.com');
    for (const union of ['page-a', 'page-b']) {
      const created = await server().momo(app, 'group2/create', {
        union_id: union,
        owner: owner.momo.userid,
      });
      assert.equal(created.body.ec, 0);
    }
    const first = await server().admin('GET', `/v1/admin/apps/${app.id}/groups?limit=1`);
    assert.equal(first.json.groups.length, 1);
    const next = await server().admin(
      'GET',
      `/v1/admin/apps/${app.id}/groups?limit=100&after=${first.json.groups[0].id}`,
    );
    assert.ok(next.json.groups.length >= 2);
    assert.ok(next.json.groups.every((g: { id: number }) => g.id > first.json.groups[0].id));

    assertError(await server().admin('GET', `/v1/admin/apps/nope/groups`), 404, 'app.not_found');
    assertError(await server().admin('GET', `/v1/admin/apps/nope/groups/1`), 404, 'app.not_found');
    assertError(
      await server().admin('GET', `/v1/admin/apps/${app.id}/groups/1`),
      404,
      'group.not_found',
    );
    const elsewhere = await server().admin(
      'GET',
      `/v1/admin/apps/${other.id}/groups/${first.json.groups[0].gid}`,
    );
    assertError(elsewhere, 404, 'group.other_app');
    for (const query of ['limit=0', 'limit=501', 'after=-1', 'limit=x']) {
      const badPage = await server().admin('GET', `/v1/admin/apps/${app.id}/groups?${query}`);
      assertError(badPage, 400, 'invalid_argument');
    }
    const longGid = await server().admin(
      'GET',
      `/v1/admin/apps/${app.id}/groups/${'1'.repeat(33)}`,
    );
    assertError(longGid, 400, 'invalid_argument');
    for (const token of [undefined, 'wrong-token', owner.session_token, `${ADMIN_TOKEN}x`]) {
      for (const path of [
        `/v1/admin/apps/${app.id}/groups`,
        `/v1/admin/apps/${app.id}/groups/${first.json.groups[0].gid}`,
      ]) {
        assertError(await server().request('GET', path, { token }), 401, 'auth.bad_token');
      }
    }
    for (const token of [undefined, 'wrong-token', ADMIN_TOKEN]) {
      const mine = await server().request('GET', '/v1/client/groups', { token });
      assertError(mine, 401, 'auth.bad_token');
    }
  });

  it('searches groups by name or number, ignoring case, page by page', async () => {
    const searched = await server().createApp('Group Search Game');
    const owner = await server().registered(searched, 'group-searcher@example.com');
    const [riders, lair, tiger] = [
      await create(owner, { name: 'Dragon Riders' }),
      await create(owner, { name: 'dragon lair' }),
      await create(owner, { name: 'Tiger 100%' }),
    ];
    const path = `/v1/admin/apps/${searched.id}/groups`;
    const page = async (query: string) => {
      const response = await server().admin('GET', `${path}?${query}`);
      assert.equal(response.status, 200, response.text);
      return [response.json.groups.map((g: any) => g.gid), response.json.next_after];
    };
    assert.deepEqual(await page('q=DRAGON'), [[riders.gid, lair.gid], null]);
    const first = await server().admin('GET', `${path}?q=dragon&limit=1`);
    assert.deepEqual(
      first.json.groups.map((g: any) => g.gid),
      [riders.gid],
    );
    assert.equal(first.json.next_after, first.json.groups[0].id);
    const second = await server().admin(
      'GET',
      `${path}?q=dragon&limit=1&after=${first.json.next_after}`,
    );
    assert.deepEqual(
      second.json.groups.map((g: any) => g.gid),
      [lair.gid],
    );
    assert.equal(second.json.next_after, second.json.groups[0].id);
    assert.deepEqual(await page(`q=dragon&after=${second.json.next_after}`), [[], null]);
    assert.deepEqual(await page(`q=${tiger.gid}`), [[tiger.gid], null]);
    assert.deepEqual(await page('q=%25'), [[tiger.gid], null]);
    assert.deepEqual(await page('q=_'), [[], null]);
    for (const query of ['q=', `q=${'x'.repeat(65)}`]) {
      assertError(await server().admin('GET', `${path}?${query}`), 400, 'invalid_argument');
    }
  });

  it('creates groups with and without a guild for their owner', async () => {
    const owner = await server().registered(app, 'native-creator@example.com');
    const now = server().clock.now();

    const own = await create(owner, { name: 'Raiders' });
    assert.deepEqual(Object.keys(own).sort(), MEMBER_GROUP_KEYS);
    assert.match(own.gid, /^\d{8}$/);
    assert.match(own.open_id, /^[0-9A-F]{32}$/);
    assert.ok(typeof own.join_key === 'string' && own.join_key.length > 0);
    assert.deepEqual(own, {
      gid: own.gid,
      open_id: own.open_id,
      join_key: own.join_key,
      name: 'Raiders',
      owner: owner.player_id,
      member_count: 1,
      max_members: 500,
      guild: null,
      created_at: now,
      dissolved_at: null,
      role: 'owner',
      members: [{ player_id: owner.player_id, role: 'owner', joined_at: now, card: NO_CARD }],
    });

    const team = await create(owner, {
      name: 'Strike team',
      union_id: 'clan-1',
      zone: 's1',
      type: 'team',
    });
    assert.deepEqual(team.guild, { union_id: 'clan-1', zone: 's1', kind: 'team', name: '' });
    assert.equal(team.name, 'Strike team');
    assert.notEqual(team.open_id, own.open_id);
    assert.notEqual(team.join_key, own.join_key);
    // Another kind names another guild.
    const guild = await create(owner, { name: 'Clan', union_id: 'clan-1', zone: 's1' });
    assert.deepEqual(guild.guild, { union_id: 'clan-1', zone: 's1', kind: 'guild', name: '' });

    const guilds = await server().admin('GET', `/v1/admin/apps/${app.id}/guilds?limit=500`);
    const clanTeam = guilds.json.guilds.find(
      (g: { union_id: string; kind: string }) => g.union_id === 'clan-1' && g.kind === 'team',
    );
    assert.equal(clanTeam.leader, owner.player_id, 'the creator leads the guild');
    assert.equal(clanTeam.roster_size, 1);
    assert.equal(clanTeam.group.gid, team.gid);

    const mine = await gidsOf(owner);
    assert.deepEqual(mine.sort(), [own.gid, team.gid, guild.gid].sort());

    const again = await call(owner, 'POST', '/v1/client/groups', {
      name: 'Twice',
      union_id: 'clan-1',
      zone: 's1',
      type: 'team',
    });
    assertError(again, 409, 'group.exists');
    assert.equal((await gidsOf(owner)).length, 3, 'a refused create makes no group');
  });

  it('refuses to create for a guest, on bad input and without a session', async () => {
    const owner = await server().registered(app, 'bad-creator@example.com');
    const guest = await server().guest(app, 'guest-creator');
    assertError(
      await call(guest, 'POST', '/v1/client/groups', { name: 'Mine' }),
      403,
      'group.guest_owner',
    );
    assertError(
      await call(guest, 'POST', '/v1/client/groups', { name: 'Mine', union_id: 'guest-guild' }),
      403,
      'group.guest_owner',
    );
    for (const body of [
      {},
      { name: '' },
      { name: 'x'.repeat(65) },
      { name: 7 },
      { name: 'ok', union_id: '' },
      { name: 'ok', union_id: 'x'.repeat(129) },
      { name: 'ok', union_id: 'u', zone: 'x'.repeat(65) },
      { name: 'ok', union_id: 'u', type: 'clan' },
      { name: 'ok', zone: 's1' },
      { name: 'ok', type: 'team' },
      { name: 'ok', unionId: 'u' },
    ]) {
      const response = await call(owner, 'POST', '/v1/client/groups', body);
      assertError(response, 400, 'invalid_argument');
    }
    for (const token of [undefined, 'wrong-token', ADMIN_TOKEN]) {
      const response = await server().request('POST', '/v1/client/groups', {
        token,
        json: { name: 'ok' },
      });
      assertError(response, 401, 'auth.bad_token');
    }
    assert.deepEqual(await gidsOf(owner), []);
    assert.deepEqual(await gidsOf(guest), []);
    assert.equal(await hasGroup('guest-guild'), false);
  });

  it('lets players join by join key, see the group and leave it', async () => {
    const owner = await server().registered(app, 'join-owner@example.com');
    const member = await server().guest(app, 'join-member');
    const outsider = await server().guest(app, 'join-outsider');
    const group = await create(owner, { name: 'Open house' });

    const joined = await join(member, group.join_key);
    assert.equal(joined.status, 200, joined.text);
    assert.deepEqual(Object.keys(joined.json).sort(), MEMBER_GROUP_KEYS);
    assert.equal(joined.json.gid, group.gid);
    assert.equal(joined.json.role, 'member');
    assert.equal(joined.json.member_count, 2);
    assert.deepEqual(
      joined.json.members.map((m: { player_id: string; role: string }) => [m.player_id, m.role]),
      [
        [owner.player_id, 'owner'],
        [member.player_id, 'member'],
      ],
    );
    assertError(await join(member, group.join_key), 409, 'group.already_member');
    assertError(await join(outsider, 'no-such-key'), 404, 'group.not_found');
    const stranger = await server().registered(other, 'other-app-owner@example.com');
    const elsewhere = await create(stranger, { name: 'Elsewhere' });
    assertError(await join(outsider, elsewhere.join_key), 404, 'group.other_app');
    for (const body of [{}, { join_key: '' }, { join_key: 5 }, { join_key: 'x'.repeat(65) }]) {
      assertError(
        await call(outsider, 'POST', '/v1/client/groups/join', body),
        400,
        'invalid_argument',
      );
    }
    for (const token of [undefined, 'wrong-token']) {
      const response = await server().request('POST', '/v1/client/groups/join', {
        token,
        json: { join_key: group.join_key },
      });
      assertError(response, 401, 'auth.bad_token');
    }
    assert.deepEqual(await gidsOf(outsider), [], 'failed joins joined nothing');

    const seen = await call(member, 'GET', `/v1/client/groups/${group.gid}`);
    assert.equal(seen.status, 200);
    assert.deepEqual(seen.json, joined.json);

    // A card the game told (through MSDK) shows to members and operators.
    const carded = await server().registered(app, 'join-carded@example.com');
    const cardedId = (await server().guildhall.directory.accountByPublicId(carded.player_id)).id;
    await server().guildhall.groups.join({ appId: app.id, gid: group.gid }, cardedId, {
      card: {
        label: '[Mage 42] Merlin',
        nickname: 'Merlin',
        zoneId: 's2',
        roleId: 'r-9',
        platId: '1',
      },
    });
    const card = {
      label: '[Mage 42] Merlin',
      nickname: 'Merlin',
      zone_id: 's2',
      role_id: 'r-9',
      plat_id: '1',
    };
    const cardOf = (members: { player_id: string; card: unknown }[]) =>
      members.find((m) => m.player_id === carded.player_id)?.card;
    assert.deepEqual(
      cardOf((await call(member, 'GET', `/v1/client/groups/${group.gid}`)).json.members),
      card,
    );
    const adminView = await server().admin('GET', `/v1/admin/apps/${app.id}/groups/${group.gid}`);
    assert.deepEqual(cardOf(adminView.json.members), card);
    assert.equal((await call(carded, 'POST', `/v1/client/groups/${group.gid}/leave`)).status, 204);
    const path = `/v1/client/groups/${group.gid}`;
    assertError(await call(outsider, 'GET', path), 403, 'group.not_member');
    assertError(await call(member, 'GET', '/v1/client/groups/12345678'), 404, 'group.not_found');
    assertError(
      await call(member, 'GET', `/v1/client/groups/${elsewhere.gid}`),
      404,
      'group.other_app',
    );
    assertError(
      await call(member, 'GET', `/v1/client/groups/${'1'.repeat(33)}`),
      400,
      'invalid_argument',
    );
    for (const token of [undefined, 'wrong-token']) {
      assertError(await server().request('GET', path, { token }), 401, 'auth.bad_token');
      const leave = await server().request('POST', `${path}/leave`, { token });
      assertError(leave, 401, 'auth.bad_token');
    }

    assertError(await call(owner, 'POST', `${path}/leave`), 409, 'group.owner_cannot_leave');
    assertError(await call(outsider, 'POST', `${path}/leave`), 403, 'group.not_member');
    assertError(
      await call(member, 'POST', '/v1/client/groups/12345678/leave'),
      404,
      'group.not_found',
    );
    const left = await call(member, 'POST', `${path}/leave`);
    assert.equal(left.status, 204, left.text);
    assert.equal(left.text, '');
    assert.deepEqual(await gidsOf(member), []);
    assertError(await call(member, 'POST', `${path}/leave`), 403, 'group.not_member');
    assert.equal((await call(owner, 'GET', path)).json.member_count, 1);
  });

  it('lets only the owner kick, name admins, hand over and dissolve', async () => {
    const owner = await server().registered(app, 'boss@example.com');
    const deputy = await server().registered(app, 'deputy@example.com');
    const guest = await server().guest(app, 'boss-guest');
    const outsider = await server().registered(app, 'boss-outsider@example.com');
    const group = await create(owner, { name: 'Command' });
    const path = `/v1/client/groups/${group.gid}`;
    for (const who of [deputy, guest]) assert.equal((await join(who, group.join_key)).status, 200);
    const roles = async () =>
      Object.fromEntries(
        (await call(owner, 'GET', path)).json.members.map(
          (m: { player_id: string; role: string }) => [m.player_id, m.role],
        ),
      );
    const before = await roles();

    // Kicking.
    const kickPath = (who: Player | string) =>
      `${path}/members/${typeof who === 'string' ? who : who.player_id}`;
    assertError(await call(deputy, 'DELETE', kickPath(guest)), 403, 'group.not_owner');
    assertError(await call(owner, 'DELETE', kickPath('no-such-player')), 404, 'player.not_found');
    assertError(await call(owner, 'DELETE', kickPath(outsider)), 403, 'group.not_member');
    assertError(await call(owner, 'DELETE', kickPath(owner)), 409, 'group.owner_cannot_leave');
    assertError(
      await call(owner, 'DELETE', `/v1/client/groups/12345678/members/${guest.player_id}`),
      404,
      'group.not_found',
    );
    assertError(
      await call(owner, 'DELETE', `${path}/members/${'x'.repeat(65)}`),
      400,
      'invalid_argument',
    );
    assert.deepEqual(await roles(), before, 'refused kicks removed no one');
    const kicked = await call(owner, 'DELETE', kickPath(guest));
    assert.equal(kicked.status, 204, kicked.text);
    assert.deepEqual(await gidsOf(guest), []);

    // Admins.
    const adminPath = (who: Player | string) =>
      `${path}/admins/${typeof who === 'string' ? who : who.player_id}`;
    assertError(await call(deputy, 'PUT', adminPath(deputy)), 403, 'group.not_owner');
    assertError(await call(owner, 'PUT', adminPath(owner)), 400, 'invalid_argument');
    assertError(await call(owner, 'PUT', adminPath(outsider)), 403, 'group.not_member');
    assertError(await call(owner, 'PUT', adminPath('no-such-player')), 404, 'player.not_found');
    const named = await call(owner, 'PUT', adminPath(deputy));
    assert.equal(named.status, 200, named.text);
    assert.deepEqual(Object.keys(named.json).sort(), MEMBER_GROUP_KEYS);
    assert.equal(named.json.role, 'owner');
    assert.equal((await roles())[deputy.player_id], 'admin');
    assert.equal((await call(deputy, 'GET', path)).json.role, 'admin');
    assert.ok((await call(deputy, 'GET', '/v1/client/groups')).json.groups[0].role === 'admin');
    assertError(await call(deputy, 'DELETE', adminPath(deputy)), 403, 'group.not_owner');
    assertError(await call(owner, 'DELETE', adminPath(outsider)), 403, 'group.not_member');
    const unnamed = await call(owner, 'DELETE', adminPath(deputy));
    assert.equal(unnamed.status, 204, unnamed.text);
    assert.equal((await roles())[deputy.player_id], 'member');

    // Handing over.
    assert.equal((await join(guest, group.join_key)).status, 200);
    const handOver = (who: Player, json: unknown) => call(who, 'PUT', `${path}/owner`, json);
    assertError(await handOver(owner, { player_id: guest.player_id }), 403, 'group.guest_owner');
    assertError(await handOver(owner, { player_id: outsider.player_id }), 403, 'group.not_member');
    assertError(await handOver(owner, { player_id: 'no-such-player' }), 404, 'player.not_found');
    assertError(await handOver(deputy, { player_id: deputy.player_id }), 403, 'group.not_owner');
    for (const body of [{}, { player_id: '' }, { player_id: 1 }, { player: deputy.player_id }]) {
      assertError(await handOver(owner, body), 400, 'invalid_argument');
    }
    assertError(
      await server().request('PUT', `${path}/owner`, { json: { player_id: deputy.player_id } }),
      401,
      'auth.bad_token',
    );
    assert.equal((await roles())[owner.player_id], 'owner', 'refused hand-overs changed nothing');
    const handed = await handOver(owner, { player_id: deputy.player_id });
    assert.equal(handed.status, 200, handed.text);
    assert.deepEqual(Object.keys(handed.json).sort(), MEMBER_GROUP_KEYS);
    assert.equal(handed.json.owner, deputy.player_id);
    assert.equal(handed.json.role, 'member', 'the old owner stays as a member');
    assertError(await call(owner, 'DELETE', kickPath(guest)), 403, 'group.not_owner');

    // Dissolving (an unbound group goes entirely).
    assertError(await call(owner, 'DELETE', path), 403, 'group.not_owner');
    assertError(await call(deputy, 'DELETE', '/v1/client/groups/12345678'), 404, 'group.not_found');
    for (const token of [undefined, 'wrong-token']) {
      for (const [method, route] of [
        ['DELETE', path],
        ['DELETE', kickPath(guest)],
        ['PUT', adminPath(guest)],
        ['DELETE', adminPath(guest)],
      ] as const) {
        assertError(await server().request(method, route, { token }), 401, 'auth.bad_token');
      }
    }
    assert.equal((await call(deputy, 'GET', path)).json.member_count, 3);
    const dissolved = await call(deputy, 'DELETE', path);
    assert.equal(dissolved.status, 204, dissolved.text);
    assertError(await call(deputy, 'GET', path), 404, 'group.not_found');
    assertError(
      await server().admin('GET', `/v1/admin/apps/${app.id}/groups/${group.gid}`),
      404,
      'group.not_found',
    );
    for (const who of [owner, deputy, guest]) assert.deepEqual(await gidsOf(who), []);
  });

  it('shares a guild group made natively with Momo group2', async () => {
    const owner = await server().registered(app, 'native-guild-owner@example.com');
    const member = await server().guest(app, 'native-guild-member');
    const union = 'native-guild';
    assert.equal(await hasGroup(union), false);
    const group = await create(owner, { name: 'Natives', union_id: union });
    assert.deepEqual(group.guild, { union_id: union, zone: '', kind: 'guild', name: '' });
    assert.equal(await hasGroup(union), true);
    assert.equal(await isMember(union, owner), true);
    assert.equal(await isMember(union, member), false);
    assert.equal((await join(member, group.join_key)).status, 200);
    assert.equal(await isMember(union, member), true);

    // Dissolved: Momo sees no group; the binding stays with the dissolved record.
    server().clock.advance(5_000);
    const path = `/v1/client/groups/${group.gid}`;
    assert.equal((await call(owner, 'DELETE', path)).status, 204);
    const dissolvedAt = server().clock.now();
    assert.equal(await hasGroup(union), false);
    assert.equal(await isMember(union, member), false);
    const detail = await server().admin('GET', `/v1/admin/apps/${app.id}/groups/${group.gid}`);
    assert.equal(detail.status, 200, detail.text);
    assert.equal(detail.json.dissolved_at, dissolvedAt);
    assert.deepEqual(detail.json.guild, group.guild);
    assert.equal(detail.json.member_count, 0);
    assert.deepEqual(detail.json.members, []);
    const listed = (await server().admin('GET', `/v1/admin/apps/${app.id}/groups?limit=500`)).json
      .groups;
    assert.equal(
      listed.find((g: { gid: string }) => g.gid === group.gid).dissolved_at,
      dissolvedAt,
    );
    const guilds = (await server().admin('GET', `/v1/admin/apps/${app.id}/guilds?limit=500`)).json
      .guilds;
    const bound = guilds.find((g: { union_id: string }) => g.union_id === union);
    assert.deepEqual(bound.group, {
      gid: group.gid,
      name: 'Natives',
      open_id: group.open_id,
      dissolved_at: dissolvedAt,
    });
    for (const who of [owner, member]) {
      assert.deepEqual(await gidsOf(who), []);
      assertError(await call(who, 'GET', path), 403, 'group.not_member');
    }
    assertError(await join(member, group.join_key), 409, 'group.dissolved');
    assertError(await call(member, 'POST', `${path}/leave`), 409, 'group.dissolved');
    assertError(await call(owner, 'DELETE', path), 409, 'group.dissolved');

    // Momo makes the guild a new group, which replaces the dissolved one.
    const again = await server().momo(app, 'group2/create', {
      union_id: union,
      owner: owner.momo.userid,
    });
    assert.equal(again.body.ec, 0, JSON.stringify(again.body));
    assert.equal(await hasGroup(union), true);
    assert.deepEqual(await gidsOf(owner), [String(again.body.data.gid)]);
    assertError(
      await server().admin('GET', `/v1/admin/apps/${app.id}/groups/${group.gid}`),
      404,
      'group.not_found',
    );
  });
});
