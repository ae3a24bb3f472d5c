import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SUBSCRIPTION_LIMITS } from '../../../src/core/subscriptions/types.js';
import { appOf, domainError, newApp, newPlayers, useCoreGuildhall } from '../helpers.js';

describe('message subscriptions', () => {
  const core = useCoreGuildhall();

  async function setUp() {
    const appId = await newApp(core.guildhall);
    const [a, b, c] = await newPlayers(core.guildhall, appId, `sub-${appId}`, 3);
    return { appId, a: a!, b: b!, c: c! };
  }

  it('puts a template in the inbox of its subscribers only', async () => {
    const { subscriptions, messaging } = core.guildhall;
    const { appId, a, b, c } = await setUp();
    const daily = await subscriptions.create(appId, '  Daily reward  ', 'Your reward is ready');
    const weekly = await subscriptions.create(appId, 'Weekly', 'The week is over');
    assert.equal(daily.title, 'Daily reward');
    await subscriptions.set(appId, a, [daily.id, weekly.id, daily.id], true);
    await subscriptions.set(appId, b, [daily.id], true);
    assert.deepEqual(
      (await subscriptions.statusOf(appId, b)).map((s) => [s.template.title, s.subscribed]),
      [
        ['Daily reward', true],
        ['Weekly', false],
      ],
    );
    assert.deepEqual(
      (await subscriptions.templates(appId)).map((t) => t.subscribers),
      [2, 1],
    );
    assert.equal(await subscriptions.push(await appOf(core.guildhall, appId), daily.id), 2);
    for (const [player, count] of [
      [a, 1],
      [b, 1],
      [c, 0],
    ] as const) {
      const inbox = await messaging.inbox.list(appId, player, 0, 10);
      assert.equal(inbox.length, count);
      if (count) assert.equal(inbox[0]?.content, 'Your reward is ready');
    }
    await subscriptions.set(appId, a, [daily.id], false);
    assert.equal(await subscriptions.push(await appOf(core.guildhall, appId), daily.id), 1);
    assert.equal(await subscriptions.clear(appId, daily.id), 1);
    assert.equal(await subscriptions.push(await appOf(core.guildhall, appId), daily.id), 0);
  });

  it('refuses bad titles and contents, and more templates than an app may have', async () => {
    const { subscriptions } = core.guildhall;
    const { appId } = await setUp();
    for (const [title, content] of [
      ['   ', 'content'],
      ['t'.repeat(SUBSCRIPTION_LIMITS.titleLength + 1), 'content'],
      ['title', ''],
      ['title', 'c'.repeat(301)],
    ]) {
      await assert.rejects(
        subscriptions.create(appId, title!, content!),
        domainError('invalid_argument'),
      );
    }
    await subscriptions.create(appId, '标'.repeat(SUBSCRIPTION_LIMITS.titleLength), 'content');
    for (let i = 1; i < SUBSCRIPTION_LIMITS.templates; i++) {
      await subscriptions.create(appId, `t${i}`, 'content');
    }
    await assert.rejects(
      subscriptions.create(appId, 'one more', 'content'),
      domainError('invalid_argument'),
    );
  });

  it('subscribes only to the app own templates, 1 to 100 at a time', async () => {
    const { subscriptions } = core.guildhall;
    const { appId, a } = await setUp();
    const other = await setUp();
    const theirs = await subscriptions.create(other.appId, 'Theirs', 'x');
    const mine = await subscriptions.create(appId, 'Mine', 'x');
    await assert.rejects(subscriptions.set(appId, a, [], true), domainError('invalid_argument'));
    const many = Array.from({ length: SUBSCRIPTION_LIMITS.idsPerCall + 1 }, (_, i) => i + 1);
    await assert.rejects(subscriptions.set(appId, a, many, true), domainError('invalid_argument'));
    await assert.rejects(
      subscriptions.set(appId, a, [mine.id, theirs.id], true),
      domainError('not_found'),
    );
    assert.equal((await subscriptions.statusOf(appId, a))[0]?.subscribed, false, 'all or nothing');
    await assert.rejects(
      subscriptions.push(await appOf(core.guildhall, appId), theirs.id),
      domainError('not_found'),
    );
    await assert.rejects(subscriptions.clear(appId, theirs.id), domainError('not_found'));
    await assert.rejects(subscriptions.remove(appId, theirs.id), domainError('not_found'));
  });

  it('deletes a template with its subscriptions', async () => {
    const { subscriptions } = core.guildhall;
    const { appId, a } = await setUp();
    const template = await subscriptions.create(appId, 'Gone', 'x');
    await subscriptions.set(appId, a, [template.id], true);
    await subscriptions.remove(appId, template.id);
    assert.deepEqual(await subscriptions.statusOf(appId, a), []);
    await assert.rejects(subscriptions.remove(appId, template.id), domainError('not_found'));
    await assert.rejects(
      subscriptions.set(appId, a, [template.id], true),
      domainError('not_found'),
    );
  });
});
