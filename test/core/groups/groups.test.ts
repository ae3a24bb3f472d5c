import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GroupRef, GuildKey } from '../../../src/core/groups/types.js';
import { DEFAULT_MAX_GROUP_MEMBERS } from '../../../src/core/groups/types.js';
import {
  domainError,
  newApp,
  newPlayer,
  newPlayers,
  newRegisteredPlayer,
  useCoreGuildhall,
} from '../helpers.js';

describe('groups', () => {
  const core = useCoreGuildhall();

  /** An app with a registered owner, a guild group of theirs and two guest players. */
  async function guildGroup() {
    const { guildhall } = core;
    const appId = await newApp(guildhall);
    const owner = await newRegisteredPlayer(guildhall, appId, `owner-${appId}@example.com`);
    const [alice, bob] = await newPlayers(guildhall, appId, `member-${appId}`, 2);
    const key: GuildKey = { appId, unionId: 'union-1', zone: '', kind: 'guild' };
    const created = await guildhall.groups.create(key, owner, { guildName: 'Wolves' });
    const ref: GroupRef = { appId, gid: created.group.gid };
    return {
      group: created.group,
      guild: created.guild,
      appId,
      owner,
      alice: alice!,
      bob: bob!,
      key,
      ref,
    };
  }

  it('creates a guild group with its owner as the only member and the guild leader', async () => {
    const { guildhall } = core;
    const { owner, key, ref, group, guild } = await guildGroup();
    assert.equal(group.name, 'Wolves', 'named after the guild');
    assert.match(group.gid, /^\d{8}$/);
    assert.match(group.publicId, /^[0-9A-F]{32}$/);
    assert.equal(guild.presidentId, owner);
    assert.equal(await guildhall.groups.roleOf(ref, owner), 'owner');
    assert.equal((await guildhall.groups.view(ref)).memberCount, 1);
    assert.equal(group.maxMembers, DEFAULT_MAX_GROUP_MEMBERS);
    assert.equal((await guildhall.groups.find(key))?.id, group.id);
    await assert.rejects(guildhall.groups.create(key, owner), domainError('group.exists'));
  });

  it('never lets a guest, or a stranger to the app, own a group', async () => {
    const { guildhall } = core;
    const appId = await newApp(guildhall);
    const guest = await newPlayer(guildhall, appId, `guest-${appId}`);
    const key: GuildKey = { appId, unionId: 'u', zone: '', kind: 'guild' };
    await assert.rejects(guildhall.groups.create(key, guest), domainError('group.guest_owner'));
    await assert.rejects(
      guildhall.groups.createUnbound(appId, guest, 'mine'),
      domainError('group.guest_owner'),
    );
    const other = await newApp(guildhall);
    const stranger = await newRegisteredPlayer(guildhall, other, `stranger-${appId}@example.com`);
    await assert.rejects(guildhall.groups.create(key, stranger), domainError('player.not_found'));
  });

  it('lets players join by number, open id, join key or guild, once each', async () => {
    const { guildhall } = core;
    const { appId, alice, bob, key, ref, group, guild } = await guildGroup();
    await guildhall.groups.join({ appId, joinKey: group.joinKey }, alice);
    await guildhall.groups.join({ guild: key }, bob, { card: { nickname: 'Bobby' } });
    await assert.rejects(
      guildhall.groups.join({ appId, publicId: group.publicId }, alice),
      domainError('group.already_member'),
    );
    await assert.rejects(guildhall.groups.join(ref, bob), domainError('group.already_member'));
    const detail = await guildhall.groups.detail(ref, { viewerId: alice });
    assert.equal(detail.memberCount, 3);
    assert.equal(detail.members.find((m) => m.accountId === bob)?.card.nickname, 'Bobby');
    const roster = await guildhall.guildBindings.detail(appId, guild.id);
    assert.equal(roster.rosterSize, 3, 'members of a guild group join the guild roster');
  });

  it('names groups of other apps, unknown groups and mismatched numbers as such', async () => {
    const { guildhall } = core;
    const { appId, alice, key, group } = await guildGroup();
    const other = await newApp(guildhall);
    const outsider = await newPlayer(guildhall, other, `outsider-${other}`);
    await assert.rejects(
      guildhall.groups.join({ appId: other, gid: group.gid }, outsider),
      domainError('group.other_app'),
    );
    await assert.rejects(
      guildhall.groups.join({ appId, gid: '1' }, alice),
      domainError('group.not_found'),
    );
    await assert.rejects(
      guildhall.groups.join({ guild: { ...key, unionId: 'nope' } }, alice),
      domainError('group.not_found'),
    );
    await assert.rejects(
      guildhall.groups.join({ guild: key }, alice, { gid: '12345678' }),
      domainError('group.not_bound'),
    );
    await assert.rejects(
      guildhall.groups.join({ appId, gid: group.gid }, outsider),
      domainError('player.not_found'),
    );
  });

  it('leaves admin rights, removals and hand-overs to the owner', async () => {
    const { guildhall } = core;
    const { appId, owner, alice, bob, ref } = await guildGroup();
    await guildhall.groups.join(ref, alice);
    await guildhall.groups.join(ref, bob);
    await guildhall.groups.setAdmin(ref, owner, alice, true);
    assert.equal(await guildhall.groups.roleOf(ref, alice), 'admin');
    assert.deepEqual((await guildhall.groups.view(ref)).adminIds, [alice]);
    await assert.rejects(guildhall.groups.kick(ref, alice, bob), domainError('group.not_owner'));
    await assert.rejects(
      guildhall.groups.setAdmin(ref, alice, bob, true),
      domainError('group.not_owner'),
    );
    await assert.rejects(guildhall.groups.disband(ref, alice), domainError('group.not_owner'));
    await assert.rejects(
      guildhall.groups.setAdmin(ref, owner, owner, true),
      domainError('invalid_argument'),
    );
    await guildhall.groups.kick(ref, owner, bob);
    assert.equal(await guildhall.groups.roleOf(ref, bob), null);
    await assert.rejects(guildhall.groups.kick(ref, owner, bob), domainError('group.not_member'));
    await assert.rejects(
      guildhall.groups.setAdmin(ref, owner, bob, true),
      domainError('group.not_member'),
    );
    await assert.rejects(
      guildhall.groups.kick(ref, owner, owner),
      domainError('group.owner_cannot_leave'),
    );
    await assert.rejects(
      guildhall.groups.leave(ref, owner),
      domainError('group.owner_cannot_leave'),
    );
    await guildhall.groups.setAdmin(ref, owner, alice, false);
    assert.equal(await guildhall.groups.roleOf(ref, alice), 'member');

    await assert.rejects(
      guildhall.groups.changeOwner(ref, owner, bob),
      domainError('group.not_member'),
    );
    await assert.rejects(
      guildhall.groups.changeOwner(ref, owner, alice),
      domainError('group.guest_owner'),
    );
    const heir = await newRegisteredPlayer(guildhall, appId, `heir-${appId}@example.com`);
    await guildhall.groups.join(ref, heir);
    await guildhall.groups.changeOwner(ref, owner, heir);
    assert.equal(await guildhall.groups.roleOf(ref, heir), 'owner');
    assert.equal(await guildhall.groups.roleOf(ref, owner), 'member', 'the old owner stays');
    await guildhall.groups.leave(ref, owner);
    await assert.rejects(guildhall.groups.leave(ref, owner), domainError('group.not_member'));
    assert.deepEqual(
      (await guildhall.groups.ownedBy(appId, heir)).map((g) => g.gid),
      [ref.gid],
    );
  });

  it(`holds at most ${DEFAULT_MAX_GROUP_MEMBERS} members`, async () => {
    const { guildhall } = core;
    const { appId, ref } = await guildGroup();
    const players = await newPlayers(guildhall, appId, `crowd-${appId}`, DEFAULT_MAX_GROUP_MEMBERS);
    for (const player of players.slice(1)) await guildhall.groups.join(ref, player);
    assert.equal((await guildhall.groups.view(ref)).memberCount, DEFAULT_MAX_GROUP_MEMBERS);
    await assert.rejects(guildhall.groups.join(ref, players[0]!), domainError('group.full'));
  });

  it('dissolves a guild group but keeps the guild bound to it until the guild joins again', async () => {
    const { guildhall } = core;
    const { appId, owner, alice, key, ref, group } = await guildGroup();
    await guildhall.groups.join(ref, alice);
    await guildhall.groups.disband(ref, owner);
    assert.equal(await guildhall.groups.find(key), undefined, 'no live group');
    const kept = await guildhall.guildBindings.groupOf(key);
    assert.equal(kept.id, group.id);
    assert.notEqual(kept.dissolvedAt, null);
    assert.equal((await guildhall.guildBindings.guildOf(ref)).unionId, key.unionId);
    await assert.rejects(guildhall.groups.leave(ref, alice), domainError('group.dissolved'));
    await assert.rejects(guildhall.groups.roleOf(ref, owner), domainError('group.dissolved'));
    await assert.rejects(
      guildhall.groups.view(ref, { live: true }),
      domainError('group.dissolved'),
    );
    await assert.rejects(
      guildhall.groups.join({ guild: key }, alice),
      domainError('group.dissolved'),
    );
    await assert.rejects(guildhall.guildBindings.groupOf(key), domainError('group.not_found'));

    const again = await guildhall.groups.create(key, owner);
    assert.notEqual(again.group.id, group.id);
    assert.equal((await guildhall.groups.listApp(appId, 0, 10)).length, 1);
  });

  it('deletes an unbound group when dissolved', async () => {
    const { guildhall } = core;
    const appId = await newApp(guildhall);
    const owner = await newRegisteredPlayer(guildhall, appId, `solo-${appId}@example.com`);
    const group = await guildhall.groups.createUnbound(appId, owner, 'Friends');
    const ref = { appId, gid: group.gid };
    await assert.rejects(
      guildhall.groups.view(ref, { bound: true }),
      domainError('group.not_bound'),
    );
    await guildhall.groups.disband(ref, owner);
    await assert.rejects(guildhall.groups.view(ref), domainError('group.not_found'));
  });

  it('shows a group only to its members and lists the groups of a player with their role', async () => {
    const { guildhall } = core;
    const { appId, owner, alice, bob, ref } = await guildGroup();
    await guildhall.groups.join(ref, alice);
    await assert.rejects(
      guildhall.groups.detail(ref, { viewerId: bob }),
      domainError('group.not_member'),
    );
    await assert.rejects(
      guildhall.groups.view(ref, { viewerId: bob }),
      domainError('group.not_member'),
    );
    const { members, memberCount } = await guildhall.groups.membersAmong(ref, [alice, bob]);
    assert.deepEqual([[...members], memberCount], [[alice], 2]);
    const mine = await guildhall.groups.groupsOf(appId, alice);
    assert.deepEqual(
      mine.map((g) => [g.group.gid, g.role, g.memberCount, g.guild?.unionId]),
      [[ref.gid, 'member', 2, 'union-1']],
    );
    assert.deepEqual(
      (await guildhall.groups.groupsOf(appId, owner)).map((g) => g.role),
      ['owner'],
    );
  });

  it('messages every member inbox, the sender included; only members may send', async () => {
    const { guildhall } = core;
    const { appId, owner, alice, bob, ref, group } = await guildGroup();
    await guildhall.groups.join(ref, alice);
    const sent = await guildhall.groups.sendToMembers(ref, alice, {
      title: 'Raid tonight',
      fields: { at: '20:00' },
    });
    assert.equal(sent, 2);
    for (const member of [owner, alice]) {
      const [message] = await guildhall.messaging.inbox.list(appId, member, 0, 10);
      const content = JSON.parse(message?.content ?? '{}');
      assert.equal(content.type, 'group.message');
      assert.equal(content.gid, group.gid);
      assert.equal(content.title, 'Raid tonight');
      assert.equal(content.at, '20:00');
    }
    assert.deepEqual(await guildhall.messaging.inbox.list(appId, bob, 0, 10), []);
    await assert.rejects(
      guildhall.groups.sendToMembers(ref, bob, { title: 'hi', fields: {} }),
      domainError('group.not_member'),
    );
  });
});
