import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { App } from '../../src/core/apps/types.js';
import { describeEachBackend } from '../helpers/server.js';

describeEachBackend('native groups (admin and client)', (server) => {
  let app: App;
  let other: App;
  before(async () => {
    app = await server().platform.apps.create('Group Views Game');
    other = await server().platform.apps.create('Other Group Game');
  });

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
    const [summary] = list.json.groups;
    assert.deepEqual(
      { ...summary, id: undefined, created_at: undefined, name: undefined },
      {
        id: undefined,
        gid,
        name: undefined,
        owner: owner.player_id,
        member_count: 2,
        max_members: 500,
        guild: { union_id: 'guild-7', zone: '', name: '' },
        created_at: undefined,
      },
    );
    assert.equal(typeof summary.name, 'string');

    const detail = await server().admin('GET', `/v1/admin/apps/${app.id}/groups/${gid}`);
    assert.equal(detail.status, 200, detail.text);
    assert.deepEqual(
      detail.json.members.map((m: { player_id: string; role: string }) => [m.player_id, m.role]),
      [
        [owner.player_id, 'owner'],
        [member.player_id, 'member'],
      ],
    );

    for (const [who, role] of [
      [owner, 'owner'],
      [member, 'member'],
    ] as const) {
      const mine = await server().request('GET', '/v1/client/groups', { token: who.session_token });
      assert.equal(mine.status, 200, mine.text);
      assert.equal(mine.json.groups.length, 1);
      assert.equal(mine.json.groups[0].gid, gid);
      assert.equal(mine.json.groups[0].role, role);
      assert.equal(mine.json.groups[0].member_count, 2);
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

    assert.equal((await server().admin('GET', `/v1/admin/apps/nope/groups`)).status, 404);
    assert.equal((await server().admin('GET', `/v1/admin/apps/${app.id}/groups/1`)).status, 404);
    const elsewhere = await server().admin(
      'GET',
      `/v1/admin/apps/${other.id}/groups/${first.json.groups[0].gid}`,
    );
    assert.equal(elsewhere.status, 404, 'a group of another app is not found');
    const badPage = await server().admin('GET', `/v1/admin/apps/${app.id}/groups?limit=0`);
    assert.equal(badPage.status, 400);
    assert.equal((await server().request('GET', '/v1/client/groups')).status, 401);
    assert.equal((await server().request('GET', `/v1/admin/apps/${app.id}/groups`)).status, 401);
  });
});
