import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { domainError, newApp, newPlayer, newPlayers, useCoreGuildhall } from '../helpers.js';

describe('friends', () => {
  const core = useCoreGuildhall();

  async function pair() {
    const appId = await newApp(core.guildhall);
    const [a, b] = await newPlayers(core.guildhall, appId, `friend-${appId}`, 2);
    return { appId, a: a!, b: b! };
  }

  it('makes two players friends when each asked the other', async () => {
    const { friends } = core.guildhall;
    const { a, b } = await pair();
    assert.equal(await friends.request(a, b), false);
    assert.equal(await friends.request(a, b), false, 'asking again changes nothing');
    assert.deepEqual(await friends.list(a), { friends: [], outgoing: [b], incoming: [] });
    assert.deepEqual(await friends.list(b), { friends: [], outgoing: [], incoming: [a] });
    assert.equal(await friends.request(b, a), true);
    assert.deepEqual(await friends.list(a), { friends: [b], outgoing: [], incoming: [] });
    assert.deepEqual(await friends.list(b), { friends: [a], outgoing: [], incoming: [] });
    assert.deepEqual(await friends.friendIds(b), [a]);
  });

  it('ends a friendship, or withdraws or declines a request, from either side', async () => {
    const { friends } = core.guildhall;
    const { a, b } = await pair();
    await friends.request(a, b);
    await friends.remove(b, a);
    assert.deepEqual(await friends.list(a), { friends: [], outgoing: [], incoming: [] });
    await friends.request(a, b);
    await friends.request(b, a);
    await friends.remove(a, b);
    assert.deepEqual(await friends.friendIds(a), []);
    assert.deepEqual(await friends.friendIds(b), []);
    await assert.rejects(friends.remove(a, b), domainError('not_found'));
  });

  it('refuses befriending oneself or nobody', async () => {
    const { friends } = core.guildhall;
    const { a } = await pair();
    await assert.rejects(friends.request(a, a), domainError('friend.self'));
    await assert.rejects(friends.request(a, 987_654_321), domainError('player.not_found'));
  });

  it('lists, per app, only the friends who play it', async () => {
    const { guildhall } = core;
    const { appId, a, b } = await pair();
    const other = await newApp(guildhall);
    const c = await newPlayer(guildhall, other, `elsewhere-${other}`);
    await newPlayer(guildhall, other, `friend-${appId}-0`); // a plays the other app too
    for (const friend of [b, c]) {
      await guildhall.friends.request(a, friend);
      await guildhall.friends.request(friend, a);
    }
    assert.deepEqual([...(await guildhall.friends.friendIds(a))].sort(), [b, c].sort());
    assert.deepEqual(await guildhall.friends.friendsInApp(appId, a), [b]);
    assert.deepEqual(await guildhall.friends.friendsInApp(other, a), [c]);
  });
});
