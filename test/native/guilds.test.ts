import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { App } from '../../src/core/apps/types.js';
import { ADMIN_TOKEN, describeEachBackend } from '../helpers/server.js';

type Response = { status: number; json: any; text: string };

const GUILD_KEYS = ['group', 'id', 'kind', 'leader', 'name', 'roster_size', 'union_id', 'zone'];

describeEachBackend('native admin guilds', (server) => {
  let app: App;
  let other: App;
  let owner: { player_id: string; session_token: string; momo: { userid: string } };
  let member: { player_id: string; session_token: string };
  let group: { gid: string; name: string; open_id: string; join_key: string };
  let createdAt: number;
  /** Guild ids: bound natively, made by Momo, unbound, and one of the other app. */
  const ids = { native: 0, momo: 0, unbound: 0, elsewhere: 0 };

  const assertError = (response: Response, status: number, code: string) => {
    assert.equal(response.status, status, response.text);
    assert.equal(response.json.error.code, code, response.text);
    assert.equal(typeof response.json.error.message, 'string');
  };
  const base = () => `/v1/admin/apps/${app.id}/guilds`;
  const list = async (query = 'limit=500') => {
    const response = await server().admin('GET', `${base()}?${query}`);
    assert.equal(response.status, 200, response.text);
    return response.json.guilds as any[];
  };
  const detail = async (id: number) => {
    const response = await server().admin('GET', `${base()}/${id}`);
    assert.equal(response.status, 200, response.text);
    return response.json;
  };
  const idOf = async (union: string) => (await list()).find((g) => g.union_id === union)!.id;

  before(async () => {
    app = await server().createApp('Guild Admin Game');
    other = await server().createApp('Other Guild Game');
    owner = await server().registered(app, 'guild-admin-owner@example.com');
    member = await server().guest(app, 'guild-admin-member');
    createdAt = server().clock.now();
    const created = await server().request('POST', '/v1/client/groups', {
      token: owner.session_token,
      json: { name: 'Eastern Clan', union_id: 'clan-east', zone: 'east' },
    });
    assert.equal(created.status, 201, created.text);
    group = created.json;
    const joined = await server().request('POST', '/v1/client/groups/join', {
      token: member.session_token,
      json: { join_key: group.join_key },
    });
    assert.equal(joined.status, 200, joined.text);
    server().clock.advance(1_000);
    const momo = await server().momo(app, 'group2/create', {
      union_id: 'momo-union',
      owner: owner.momo.userid,
    });
    assert.equal(momo.body.ec, 0, JSON.stringify(momo.body));
    // A guild whose group was unbound keeps its roster and leader but has no group.
    const loose = await server().request('POST', '/v1/client/groups', {
      token: owner.session_token,
      json: { name: 'Loose', union_id: 'loose', type: 'event' },
    });
    const ownerId = (await server().guildhall.directory.accountByPublicId(owner.player_id)).id;
    await server().guildhall.guildBindings.unbind({ appId: app.id, gid: loose.json.gid }, ownerId);
    const stranger = await server().registered(other, 'guild-admin-stranger@example.com');
    await server().request('POST', '/v1/client/groups', {
      token: stranger.session_token,
      json: { name: 'Far', union_id: 'far' },
    });
    ids.native = await idOf('clan-east');
    ids.momo = await idOf('momo-union');
    ids.unbound = await idOf('loose');
    ids.elsewhere = (
      await server().admin('GET', `/v1/admin/apps/${other.id}/guilds`)
    ).json.guilds[0].id;
  });

  it("lists the app's guilds with leader, roster size and bound group", async () => {
    const guilds = await list();
    assert.equal(guilds.length, 3);
    for (const guild of guilds) assert.deepEqual(Object.keys(guild).sort(), GUILD_KEYS);
    assert.deepEqual(guilds[0], {
      id: ids.native,
      union_id: 'clan-east',
      zone: 'east',
      kind: 'guild',
      name: '',
      leader: owner.player_id,
      roster_size: 2,
      group: { gid: group.gid, name: 'Eastern Clan', open_id: group.open_id, dissolved_at: null },
    });
    const { group: momoGroup, ...momo } = guilds[1];
    assert.deepEqual(momo, {
      id: ids.momo,
      union_id: 'momo-union',
      zone: '',
      kind: 'guild',
      name: '',
      leader: owner.player_id,
      roster_size: 1,
    });
    assert.deepEqual(Object.keys(momoGroup).sort(), ['dissolved_at', 'gid', 'name', 'open_id']);
    assert.match(momoGroup.open_id, /^[0-9A-F]{32}$/);
    assert.match(momoGroup.gid, /^\d{8}$/);
    assert.equal(momoGroup.dissolved_at, null);
    assert.deepEqual(guilds[2], {
      id: ids.unbound,
      union_id: 'loose',
      zone: '',
      kind: 'event',
      name: '',
      leader: owner.player_id,
      roster_size: 1,
      group: null,
    });

    const first = await list('limit=1');
    assert.deepEqual(first, [guilds[0]]);
    assert.deepEqual(await list(`after=${ids.native}&limit=1`), [guilds[1]]);
    assert.deepEqual(await list(`after=${ids.unbound}`), []);
    for (const query of ['limit=0', 'limit=501', 'after=-1', 'after=x']) {
      assertError(await server().admin('GET', `${base()}?${query}`), 400, 'invalid_argument');
    }
    assertError(await server().admin('GET', '/v1/admin/apps/nope/guilds'), 404, 'app.not_found');
  });

  it('searches guilds by name or union id, ignoring case, page by page', async () => {
    const page = async (query: string) => {
      const response = await server().admin('GET', `${base()}?${query}`);
      assert.equal(response.status, 200, response.text);
      return [response.json.guilds.map((g: any) => g.id), response.json.next_after];
    };
    assert.deepEqual(await page('q=clan'), [[ids.native], null]);
    assert.deepEqual(await page('q=EAST'), [[ids.native], null]);
    assert.deepEqual(await page('q=o'), [[ids.momo, ids.unbound], null]);
    assert.deepEqual(await page('q=o&limit=1'), [[ids.momo], ids.momo]);
    assert.deepEqual(await page(`q=o&limit=1&after=${ids.momo}`), [[ids.unbound], ids.unbound]);
    assert.deepEqual(await page(`q=o&limit=1&after=${ids.unbound}`), [[], null]);
    assert.deepEqual(await page('limit=3'), [[ids.native, ids.momo, ids.unbound], ids.unbound]);
    for (const wildcard of ['%25', '_', '!'])
      assert.deepEqual(await page(`q=${wildcard}`), [[], null]);
    assert.deepEqual(await page('q=far'), [[], null], "another app's guild is not found");
    for (const query of ['q=', `q=${'x'.repeat(65)}`]) {
      assertError(await server().admin('GET', `${base()}?${query}`), 400, 'invalid_argument');
    }
  });

  it('shows a guild with its roster', async () => {
    const shown = await detail(ids.native);
    assert.deepEqual(Object.keys(shown).sort(), [...GUILD_KEYS, 'roster'].sort());
    const [summary] = await list('limit=1');
    assert.deepEqual(shown, {
      ...summary,
      roster: [
        { player_id: owner.player_id, joined_at: createdAt },
        { player_id: member.player_id, joined_at: createdAt },
      ],
    });
    assert.deepEqual((await detail(ids.unbound)).group, null);

    for (const id of [999_999, ids.elsewhere]) {
      assertError(await server().admin('GET', `${base()}/${id}`), 404, 'guild.not_found');
    }
    for (const id of ['abc', '0', '1.5', '-3']) {
      assertError(await server().admin('GET', `${base()}/${id}`), 400, 'invalid_argument');
    }
    assertError(
      await server().admin('GET', `/v1/admin/apps/nope/guilds/${ids.native}`),
      404,
      'app.not_found',
    );
  });

  it('adds players to a roster and takes them off', async () => {
    const recruit = await server().guest(app, 'guild-admin-recruit');
    const outsider = await server().registered(other, 'guild-admin-outsider@example.com');
    const rosterPath = (id: number | string, player: string) => `${base()}/${id}/roster/${player}`;
    const before = await detail(ids.momo);

    assertError(
      await server().admin('PUT', rosterPath(ids.momo, 'no-such-player')),
      404,
      'player.not_found',
    );
    assertError(
      await server().admin('PUT', rosterPath(ids.momo, outsider.player_id)),
      404,
      'player.not_found',
    );
    for (const id of [999_999, ids.elsewhere]) {
      assertError(
        await server().admin('PUT', rosterPath(id, recruit.player_id)),
        404,
        'guild.not_found',
      );
    }
    assertError(
      await server().admin(
        'PUT',
        `/v1/admin/apps/nope/guilds/${ids.momo}/roster/${recruit.player_id}`,
      ),
      404,
      'app.not_found',
    );
    for (const path of [rosterPath('x', recruit.player_id), rosterPath(ids.momo, 'p'.repeat(65))]) {
      assertError(await server().admin('PUT', path), 400, 'invalid_argument');
      assertError(await server().admin('DELETE', path), 400, 'invalid_argument');
    }
    assertError(
      await server().admin('DELETE', rosterPath(ids.momo, recruit.player_id)),
      403,
      'guild.not_member',
    );
    assert.deepEqual(await detail(ids.momo), before, 'refused changes changed nothing');

    server().clock.advance(2_000);
    const added = await server().admin('PUT', rosterPath(ids.momo, recruit.player_id));
    assert.equal(added.status, 200, added.text);
    assert.deepEqual(added.json, {
      ...before,
      roster_size: 2,
      roster: [...before.roster, { player_id: recruit.player_id, joined_at: server().clock.now() }],
    });
    server().clock.advance(2_000);
    const again = await server().admin('PUT', rosterPath(ids.momo, recruit.player_id));
    assert.deepEqual(again.json, added.json, 'adding twice keeps the first joining time');

    const removed = await server().admin('DELETE', rosterPath(ids.momo, recruit.player_id));
    assert.equal(removed.status, 204, removed.text);
    assert.equal(removed.text, '');
    assert.deepEqual(await detail(ids.momo), before);
    assertError(
      await server().admin('DELETE', rosterPath(ids.momo, recruit.player_id)),
      403,
      'guild.not_member',
    );
  });

  it("names a guild's leader, who joins its roster", async () => {
    const leader = await server().registered(app, 'guild-admin-leader@example.com');
    const outsider = await server().registered(other, 'guild-admin-far@example.com');
    const path = `${base()}/${ids.unbound}/leader`;
    const before = await detail(ids.unbound);

    for (const body of [
      undefined,
      {},
      { player_id: '' },
      { player_id: 5 },
      { player_id: leader.player_id, extra: true },
    ]) {
      assertError(await server().admin('PUT', path, body), 400, 'invalid_argument');
    }
    assertError(
      await server().admin('PUT', `${base()}/zero/leader`, { player_id: leader.player_id }),
      400,
      'invalid_argument',
    );
    for (const player of ['no-such-player', outsider.player_id]) {
      assertError(
        await server().admin('PUT', path, { player_id: player }),
        404,
        'player.not_found',
      );
    }
    for (const id of [999_999, ids.elsewhere]) {
      assertError(
        await server().admin('PUT', `${base()}/${id}/leader`, { player_id: leader.player_id }),
        404,
        'guild.not_found',
      );
    }
    assertError(
      await server().admin('PUT', `/v1/admin/apps/nope/guilds/${ids.unbound}/leader`, {
        player_id: leader.player_id,
      }),
      404,
      'app.not_found',
    );
    assert.deepEqual(await detail(ids.unbound), before, 'refused changes changed nothing');

    const named = await server().admin('PUT', path, { player_id: leader.player_id });
    assert.equal(named.status, 200, named.text);
    assert.deepEqual(named.json, {
      ...before,
      leader: leader.player_id,
      roster_size: 2,
      roster: [...before.roster, { player_id: leader.player_id, joined_at: server().clock.now() }],
    });
    assert.deepEqual(await detail(ids.unbound), named.json);
  });

  it('answers 401 on every guild route without the admin token', async () => {
    const routes: [string, string][] = [
      ['GET', base()],
      ['GET', `${base()}/${ids.native}`],
      ['PUT', `${base()}/${ids.native}/roster/${member.player_id}`],
      ['DELETE', `${base()}/${ids.native}/roster/${member.player_id}`],
      ['PUT', `${base()}/${ids.native}/leader`],
      ['POST', `${base()}/${ids.native}/dissolve`],
    ];
    for (const [method, path] of routes) {
      for (const token of [undefined, 'wrong-token', owner.session_token, `${ADMIN_TOKEN}x`]) {
        const json = method === 'GET' ? undefined : { player_id: member.player_id };
        assertError(await server().request(method, path, { token, json }), 401, 'auth.bad_token');
      }
    }
    const unchanged = await detail(ids.native);
    assert.equal(unchanged.leader, owner.player_id);
    assert.equal(unchanged.roster_size, 2);
  });

  it("dissolves a guild's group on confirmation: members go, the binding ends", async () => {
    const path = (id: number | string) => `${base()}/${id}/dissolve`;
    const before = await detail(ids.native);
    for (const body of [
      undefined,
      {},
      { confirm: '' },
      { confirm: 5 },
      { confirm: 'clan-west' },
      { confirm: 'clan-east', extra: true },
    ]) {
      assertError(await server().admin('POST', path(ids.native), body), 400, 'invalid_argument');
    }
    const confirm = { confirm: 'clan-east' };
    assertError(await server().admin('POST', path('x'), confirm), 400, 'invalid_argument');
    for (const id of [999_999, ids.elsewhere]) {
      assertError(await server().admin('POST', path(id), confirm), 404, 'guild.not_found');
    }
    assertError(
      await server().admin('POST', `/v1/admin/apps/nope/guilds/${ids.native}/dissolve`, confirm),
      404,
      'app.not_found',
    );
    assertError(
      await server().admin('POST', path(ids.unbound), { confirm: 'loose' }),
      409,
      'group.not_bound',
    );
    assert.deepEqual(await detail(ids.native), before, 'refused calls changed nothing');

    const dissolved = await server().admin('POST', path(ids.native), confirm);
    assert.equal(dissolved.status, 200, dissolved.text);
    assert.deepEqual(dissolved.json, { ...before, group: null });
    assertError(
      await server().admin('GET', `/v1/admin/apps/${app.id}/groups/${group.gid}`),
      404,
      'group.not_found',
    );
    const mine = await server().request('GET', '/v1/client/groups', {
      token: member.session_token,
    });
    assert.deepEqual(
      mine.json.groups.map((g: any) => g.gid),
      [],
    );
    assertError(await server().admin('POST', path(ids.native), confirm), 409, 'group.not_bound');
    const again = await server().request('POST', '/v1/client/groups', {
      token: owner.session_token,
      json: { name: 'Eastern Clan II', union_id: 'clan-east', zone: 'east' },
    });
    assert.equal(again.status, 201, again.text);
    assert.equal((await detail(ids.native)).group.name, 'Eastern Clan II');

    // A group its owner already dissolved is kept as the binding; dissolving ends that too.
    const disbanded = await server().momo(app, 'group2/disband', {
      union_id: 'momo-union',
      operator: owner.momo.userid,
    });
    assert.equal(disbanded.body.ec, 0, JSON.stringify(disbanded.body));
    assert.notEqual((await detail(ids.momo)).group.dissolved_at, null);
    const ended = await server().admin('POST', path(ids.momo), { confirm: 'momo-union' });
    assert.equal(ended.status, 200, ended.text);
    assert.equal(ended.json.group, null);
  });
});
