import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GuildKey } from '../../../src/core/groups/types.js';
import { UNBIND_INTERVAL_MS } from '../../../src/core/groups/types.js';
import {
  domainError,
  newApp,
  newPlayers,
  newRegisteredPlayer,
  useCoreGuildhall,
} from '../helpers.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('guild bindings', () => {
  const core = useCoreGuildhall();

  /** An app, a registered leader with an unbound group, and two guest players. */
  async function setUp() {
    const { guildhall } = core;
    const appId = await newApp(guildhall);
    const leader = await newRegisteredPlayer(guildhall, appId, `leader-${appId}@example.com`);
    const [alice, bob] = await newPlayers(guildhall, appId, `p-${appId}`, 2);
    const group = await guildhall.groups.createUnbound(appId, leader, 'Chat');
    const key = (unionId: string): GuildKey => ({ appId, unionId, zone: 's1', kind: 'guild' });
    return { appId, leader, alice: alice!, bob: bob!, group, ref: { appId, gid: group.gid }, key };
  }

  it('binds the owner own unbound group to a guild, once, and names the owner its leader', async () => {
    const { guildhall } = core;
    const { appId, leader, alice, group, ref, key } = await setUp();
    await guildhall.groups.join(ref, alice);
    await assert.rejects(
      guildhall.guildBindings.bind(key('g1'), ref, alice),
      domainError('group.not_owner'),
    );
    const bound = await guildhall.guildBindings.bind(key('g1'), ref, leader, {
      groupName: 'Wolves chat',
      guildName: 'Wolves',
    });
    assert.equal(bound.name, 'Wolves chat');
    const guild = await guildhall.guildBindings.guildOf(ref);
    assert.deepEqual([guild.unionId, guild.name, guild.presidentId], ['g1', 'Wolves', leader]);
    assert.equal((await guildhall.groups.find(key('g1')))?.id, group.id);
    assert.equal(await guildhall.groups.isMember(key('g1'), alice), true);
    await guildhall.guildBindings.bind(key('g1'), ref, leader);
    await assert.rejects(
      guildhall.guildBindings.bind(key('g2'), ref, leader),
      domainError('group.bound'),
    );

    const other = await guildhall.groups.createUnbound(appId, leader, 'Other');
    await assert.rejects(
      guildhall.guildBindings.bind(key('g1'), { appId, gid: other.gid }, leader),
      domainError('group.exists'),
    );
    await assert.rejects(
      guildhall.guildBindings.guildOf(ref, 'team'),
      domainError('group.not_bound'),
    );
    await assert.rejects(
      guildhall.guildBindings.guildOf({ appId, gid: other.gid }),
      domainError('group.not_bound'),
    );
  });

  it('lets a new group take the place of a dissolved one', async () => {
    const { guildhall } = core;
    const { appId, leader, ref, key } = await setUp();
    await guildhall.guildBindings.bind(key('g1'), ref, leader);
    await guildhall.groups.disband(ref, leader);
    const next = await guildhall.groups.createUnbound(appId, leader, 'Next');
    await guildhall.guildBindings.bind(key('g1'), { appId, gid: next.gid }, leader);
    assert.equal((await guildhall.guildBindings.groupOf(key('g1'))).id, next.id);
    await assert.rejects(guildhall.groups.view(ref), domainError('group.not_found'));
  });

  it('lets a member of the guild unbind its group, once a minute per guild', async () => {
    const { guildhall, clock } = core;
    const { appId, leader, alice, bob, ref, key } = await setUp();
    await guildhall.guildBindings.bind(key('g1'), ref, leader);
    await guildhall.groups.join(ref, alice);
    await assert.rejects(guildhall.guildBindings.unbind(ref, bob), domainError('guild.not_member'));
    await assert.rejects(
      guildhall.guildBindings.unbind(ref, alice, { unionId: 'g2' }),
      domainError('group.other_guild'),
    );
    await guildhall.guildBindings.unbind(ref, alice, { unionId: 'g1' });
    await assert.rejects(guildhall.guildBindings.guildOf(ref), domainError('group.not_bound'));
    await assert.rejects(
      guildhall.guildBindings.unbind(ref, alice),
      domainError('group.not_bound'),
    );
    const guild = (await guildhall.guildBindings.listApp(appId, 0, 10))[0]?.guild;
    assert.equal(guild?.presidentId, alice, 'who unbinds becomes the leader');

    await guildhall.guildBindings.bind(key('g1'), ref, leader);
    clock.advance(UNBIND_INTERVAL_MS - 1);
    await assert.rejects(
      guildhall.guildBindings.unbind(ref, leader),
      domainError('limit.exceeded'),
    );
    assert.equal((await guildhall.guildBindings.guildOf(ref)).unionId, 'g1', 'still bound');
    clock.advance(1);
    await guildhall.guildBindings.unbind(ref, leader);
  });

  it('forgets a dissolved group when its guild unbinds it', async () => {
    const { guildhall } = core;
    const { leader, ref, key } = await setUp();
    await guildhall.guildBindings.bind(key('g1'), ref, leader);
    await guildhall.groups.disband(ref, leader);
    await guildhall.guildBindings.unbind(ref, leader);
    await assert.rejects(
      guildhall.guildBindings.groupOf(key('g1')),
      domainError('group.not_found'),
    );
  });

  it('delivers a reminder to bind a group to the leader, once a day per member', async () => {
    const { guildhall, clock } = core;
    const { appId, leader, alice, key } = await setUp();
    await guildhall.leaderboards.submitGuilds(appId, [
      { unionId: 'g1', name: 'Wolves', presidentId: leader, board: 'power', score: 1 },
    ]);
    const guild = { ...key('g1'), zone: '' };
    await guildhall.guildBindings.remindLeader(guild, alice, null, 'Alice');
    const [message] = await guildhall.messaging.inbox.list(appId, leader, 0, 10);
    const content = JSON.parse(message?.content ?? '{}');
    assert.deepEqual(
      [content.type, content.union_id, content.from_name],
      ['guild.bind_reminder', 'g1', 'Alice'],
    );
    const roster = await guildhall.guildBindings.listApp(appId, 0, 10);
    assert.equal(roster[0]?.rosterSize, 1, 'the sender joined the roster');

    // The app's day is Shanghai's (UTC+8, no daylight saving).
    const untilMidnight = DAY - ((clock.now() + 8 * HOUR) % DAY);
    clock.advance(untilMidnight - 1);
    await assert.rejects(
      guildhall.guildBindings.remindLeader(guild, alice, null, 'Alice'),
      domainError('limit.exceeded'),
    );
    clock.advance(1);
    await guildhall.guildBindings.remindLeader(guild, alice, null, 'Alice');
    assert.equal((await guildhall.messaging.inbox.list(appId, leader, 0, 10)).length, 2);
    await assert.rejects(
      guildhall.guildBindings.remindLeader(guild, leader, null, 'Leader'),
      domainError('invalid_argument'),
    );
  });

  it('refuses reminders to unknown guilds, to no leader and to leaders outside the guild', async () => {
    const { guildhall } = core;
    const { appId, alice, bob, key } = await setUp();
    await assert.rejects(
      guildhall.guildBindings.remindLeader(key('none'), alice, null, 'A'),
      domainError('guild.not_found'),
    );
    await guildhall.leaderboards.submitGuilds(appId, [
      { unionId: 'g1', name: 'Leaderless', presidentId: null, board: 'power', score: 1 },
    ]);
    const guild = { ...key('g1'), zone: '' };
    await assert.rejects(
      guildhall.guildBindings.remindLeader(guild, alice, null, 'A'),
      domainError('guild.no_leader'),
    );
    await assert.rejects(
      guildhall.guildBindings.remindLeader(guild, alice, bob, 'A'),
      domainError('guild.not_member'),
    );
  });

  it('lets an operator correct the roster and name the leader', async () => {
    const { guildhall } = core;
    const { appId, leader, alice, ref, key } = await setUp();
    await guildhall.guildBindings.bind(key('g1'), ref, leader);
    const guildId = (await guildhall.guildBindings.guildOf(ref)).id;
    await guildhall.guildBindings.setRosterMember(appId, guildId, alice, true);
    await guildhall.guildBindings.setLeader(appId, guildId, alice);
    const detail = await guildhall.guildBindings.detail(appId, guildId);
    assert.equal(detail.guild.presidentId, alice);
    assert.deepEqual(detail.roster.map((m) => m.accountId).sort(), [leader, alice].sort());
    await guildhall.guildBindings.setRosterMember(appId, guildId, alice, false);
    await assert.rejects(
      guildhall.guildBindings.setRosterMember(appId, guildId, alice, false),
      domainError('guild.not_member'),
    );
    await assert.rejects(
      guildhall.guildBindings.detail(appId, 999_999),
      domainError('guild.not_found'),
    );
    await assert.rejects(
      guildhall.guildBindings.setLeader(appId, 999_999, alice),
      domainError('guild.not_found'),
    );
  });
});
