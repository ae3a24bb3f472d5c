import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  TEST_DEVICE,
  TEST_PERSON,
  befriend,
  domainError,
  giveTestIds,
  newApp,
  newPlayers,
  testDialect,
  useCoreGuildhall,
} from '../helpers.js';

describe('playing friends', () => {
  const core = useCoreGuildhall({ dialects: [testDialect] });

  it('lists the friends active in the app under an id of the namespace, with that id', async () => {
    const { guildhall } = core;
    const appId = await newApp(guildhall);
    const [me, both, deviceOnly, idle, stranger] = await newPlayers(guildhall, appId, 'pf', 5);
    for (const friend of [both!, deviceOnly!, idle!]) await befriend(guildhall, me!, friend);
    const ids = await giveTestIds(guildhall, appId, both!, { person: true, device: true });
    await giveTestIds(guildhall, appId, deviceOnly!, { device: true });
    await giveTestIds(guildhall, appId, idle!, {});
    await giveTestIds(guildhall, appId, stranger!, { person: true });
    const friends = guildhall.playingFriends;
    assert.deepEqual(await friends.playingIds(appId, me!, TEST_PERSON), [both]);
    assert.deepEqual(await friends.playingIds(appId, me!, TEST_DEVICE), [both, deviceOnly]);
    const [card] = await friends.cards(appId, me!, TEST_PERSON);
    assert.equal(card?.accountId, both);
    assert.equal(card?.openid, ids.person);
    const otherApp = await newApp(guildhall);
    assert.deepEqual(await friends.playingIds(otherApp, me!, TEST_PERSON), []);
  });

  it('keeps close marks on friends only, and lists the close ones who play', async () => {
    const { guildhall } = core;
    const appId = await newApp(guildhall);
    const [me, close, other, stranger] = await newPlayers(guildhall, appId, 'close', 4);
    await befriend(guildhall, me!, close!);
    await befriend(guildhall, me!, other!);
    for (const id of [close!, other!]) await giveTestIds(guildhall, appId, id, { person: true });
    const friends = guildhall.playingFriends;
    await friends.markClose(me!, close!);
    await assert.rejects(friends.markClose(me!, me!), domainError('friend.self'));
    await assert.rejects(friends.markClose(me!, stranger!), domainError('not_found'));
    core.clock.advance(5_000); // past the friend list cache
    const marked = await friends.closeCards(appId, me!, TEST_PERSON);
    assert.deepEqual(
      marked.map((c) => c.accountId),
      [close],
    );
    await friends.unmarkClose(me!, close!);
    await assert.rejects(friends.unmarkClose(me!, close!), domainError('not_found'));
  });

  it('shows the viewer and their friends only', async () => {
    const { guildhall } = core;
    const appId = await newApp(guildhall);
    const [me, friend, stranger] = await newPlayers(guildhall, appId, 'vis', 3);
    await befriend(guildhall, me!, friend!);
    const visible = await guildhall.playingFriends.visibleTo(me!, [me!, friend!, stranger!]);
    assert.deepEqual([...visible].sort(), [me!, friend!].sort());
  });

  it('mints a cross-app id once per account, the same in every app', async () => {
    const { guildhall } = core;
    const appId = await newApp(guildhall);
    const [me] = await newPlayers(guildhall, appId, 'cross', 1);
    let minted = 0;
    const mint = () => `x${++minted}`;
    const first = await guildhall.playingFriends.crossAppId(me!, mint);
    assert.equal(first, 'x1');
    assert.equal(await guildhall.playingFriends.crossAppId(me!, mint), 'x1');
    assert.equal(minted, 1);
  });
});
