import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ShareDelivery } from '../../../src/core/sharing/types.js';
import { SHARE_LIMITS } from '../../../src/core/sharing/types.js';
import {
  TEST_DEVICE,
  TEST_PERSON,
  appOf,
  befriend,
  domainError,
  giveTestIds,
  newApp,
  newPlayers,
  testDialect,
  useCoreGuildhall,
} from '../helpers.js';

describe('shares', () => {
  const core = useCoreGuildhall({ dialects: [testDialect] });

  async function setUp() {
    const { guildhall } = core;
    const appId = await newApp(guildhall);
    const app = await appOf(guildhall, appId);
    const [sender, friend, stranger, idle] = await newPlayers(guildhall, appId, `sh-${appId}`, 4);
    await befriend(guildhall, sender!, friend!);
    const ids = {
      friend: await giveTestIds(guildhall, appId, friend!, { person: true, device: true }),
      stranger: await giveTestIds(guildhall, appId, stranger!, { person: true, device: true }),
      idle: await giveTestIds(guildhall, appId, idle!, {}),
    };
    const inboxOf = async (accountId: number) =>
      (await guildhall.messaging.inbox.list(appId, accountId, 0, 10)).map(
        (m) => JSON.parse(m.content) as Record<string, string>,
      );
    return { app, sender: sender!, friend: friend!, stranger: stranger!, ids, inboxOf };
  }

  const delivery = (over: Partial<ShareDelivery>): ShareDelivery => ({
    namespace: TEST_PERSON,
    receiverId: '',
    friendsOnly: false,
    dailyLimited: false,
    content: { kind: 'hello' },
    title: 'Hello',
    ...over,
  });

  it('delivers to a player active under the id, friends only when asked', async () => {
    const { sharing } = core.guildhall;
    const { app, sender, friend, stranger, ids, inboxOf } = await setUp();
    await sharing.share(app, sender, delivery({ receiverId: ids.stranger.person }));
    assert.deepEqual(await inboxOf(stranger), [{ kind: 'hello' }]);
    await assert.rejects(
      sharing.share(app, sender, delivery({ receiverId: ids.idle.person })),
      domainError('player.not_found'),
      'not active under the id',
    );
    await assert.rejects(
      sharing.share(
        app,
        sender,
        delivery({ namespace: TEST_DEVICE, receiverId: ids.friend.person }),
      ),
      domainError('player.not_found'),
      'an id of another namespace',
    );
    await assert.rejects(
      sharing.share(app, sender, delivery({ receiverId: ids.stranger.person, friendsOnly: true })),
      domainError('player.not_found'),
    );
    await sharing.share(
      app,
      sender,
      delivery({ receiverId: ids.friend.device, namespace: TEST_DEVICE, friendsOnly: true }),
    );
    assert.equal((await inboxOf(friend)).length, 1);
  });

  it('counts daily-limited shares per receiver and per sender', async () => {
    const { sharing } = core.guildhall;
    const { app, sender, friend, ids, inboxOf } = await setUp();
    const limited = delivery({ receiverId: ids.friend.person, dailyLimited: true });
    for (let i = 0; i < SHARE_LIMITS.receivedDailyFromOne; i++) {
      await sharing.share(app, sender, limited);
    }
    await assert.rejects(sharing.share(app, sender, limited), domainError('limit.exceeded'));
    await sharing.share(app, sender, { ...limited, dailyLimited: false });
    assert.equal((await inboxOf(friend)).length, SHARE_LIMITS.receivedDailyFromOne + 1);
    core.clock.advance(86_400_000);
    await sharing.share(app, sender, limited);
  });

  it('checks the image a share shows', async () => {
    const { sharing } = core.guildhall;
    const { app, sender, ids } = await setUp();
    await assert.rejects(
      sharing.share(app, sender, delivery({ receiverId: ids.friend.person, mediaId: 'nope' })),
      domainError('not_found'),
    );
  });
});
