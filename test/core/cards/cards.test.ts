import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newApp, newPlayer, newPlayers, useCoreGuildhall } from '../helpers.js';

describe('player cards', () => {
  const core = useCoreGuildhall();

  it('keeps one card per player and server, the latest one, per app', async () => {
    const { guildhall, clock } = core;
    const appId = await newApp(guildhall);
    const [a, b] = await newPlayers(guildhall, appId, `card-${appId}`, 2);
    await guildhall.cards.save(appId, [
      { accountId: a!, serverId: 's1', card: { level: 1 } },
      { accountId: a!, serverId: 's2', card: { level: 5 } },
      { accountId: a!, serverId: 's1', card: { level: 2 } },
      { accountId: b!, serverId: 's1', card: { level: 9 } },
    ]);
    const cardsOf = async (appId: string, accountId: number) =>
      (await guildhall.cards.list(appId, accountId))
        .map((c) => [c.serverId, c.card])
        .sort((x, y) => String(x[0]).localeCompare(String(y[0])));
    assert.deepEqual(await cardsOf(appId, a!), [
      ['s1', { level: 2 }],
      ['s2', { level: 5 }],
    ]);
    clock.advance(1_000);
    await guildhall.cards.save(appId, [
      { accountId: a!, serverId: 's2', card: { level: 6, title: '勇者' } },
    ]);
    assert.deepEqual(await cardsOf(appId, a!), [
      ['s1', { level: 2 }],
      ['s2', { level: 6, title: '勇者' }],
    ]);
    const s2 = (await guildhall.cards.list(appId, a!)).find((c) => c.serverId === 's2');
    assert.equal(s2?.updatedAt, clock.now());
    assert.deepEqual(await cardsOf(appId, b!), [['s1', { level: 9 }]]);

    const other = await newApp(guildhall);
    await newPlayer(guildhall, other, `card-${appId}-0`);
    assert.deepEqual(await guildhall.cards.list(other, a!), [], 'cards belong to one app');
  });

  it('saves an empty batch as nothing', async () => {
    const appId = await newApp(core.guildhall);
    const player = await newPlayer(core.guildhall, appId, `empty-${appId}`);
    await core.guildhall.cards.save(appId, []);
    assert.deepEqual(await core.guildhall.cards.list(appId, player), []);
  });
});
