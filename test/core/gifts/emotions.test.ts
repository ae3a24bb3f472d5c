import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appOf, domainError, newApp, newPlayer, useCoreGuildhall } from '../helpers.js';

describe('gifts', () => {
  const core = useCoreGuildhall();

  it('gives the configured emotion, and nothing when the app has none', async () => {
    const { guildhall, clock } = core;
    const bare = await newApp(guildhall);
    const player = await newPlayer(guildhall, bare, `gift-${bare}`);
    await assert.rejects(
      guildhall.gifts.presentEmotion(await appOf(guildhall, bare), player),
      domainError('gift.not_configured'),
    );
    assert.deepEqual(await guildhall.gifts.ofAccount(player), []);

    const emotion = { id: 'em-1', name: 'Thumbs up' };
    const withEmotion = await newApp(guildhall, 'Emotions', { emotion });
    await newPlayer(guildhall, withEmotion, `gift-${bare}`); // the same account plays both
    const gift = await guildhall.gifts.presentEmotion(await appOf(guildhall, withEmotion), player);
    assert.deepEqual(gift, {
      appId: withEmotion,
      kind: 'emotion',
      item: emotion,
      createdAt: clock.now(),
    });
    clock.advance(1_000);
    await guildhall.gifts.presentEmotion(await appOf(guildhall, withEmotion), player);
    const received = await guildhall.gifts.ofAccount(player);
    assert.equal(received.length, 2, 'each gift is kept');
    assert.ok(received[0]!.createdAt < received[1]!.createdAt, 'oldest first');
  });
});
