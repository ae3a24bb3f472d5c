import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { MESSAGING_LIMITS } from '../../../src/core/messaging/types.js';
import { appOf, domainError, newApp, newPlayer, newPlayers, useCoreGuildhall } from '../helpers.js';

/** A service-account key file FCM would take (never used to reach Google here). */
function serviceAccountJson(): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return JSON.stringify({
    type: 'service_account',
    project_id: 'guildhall-test',
    client_email: 'push@guildhall-test.iam.gserviceaccount.com',
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }),
  });
}

describe('inbox', () => {
  const core = useCoreGuildhall();

  async function setUp() {
    const appId = await newApp(core.guildhall);
    return { appId, app: await appOf(core.guildhall, appId) };
  }

  it('delivers a message to the inbox of its player only, oldest first, paged by id', async () => {
    const { inbox } = core.guildhall.messaging;
    const { appId, app } = await setUp();
    const [a, b] = await newPlayers(core.guildhall, appId, `inbox-${appId}`, 2);
    const first = await inbox.toPlayer(app, a!, 'hello');
    const second = await inbox.toPlayer(app, a!, '你好 🎮');
    assert.deepEqual([first.kind, first.accountId, first.content], ['direct', a, 'hello']);
    const listed = await inbox.list(appId, a!, 0, 10);
    assert.deepEqual(
      listed.map((m) => m.content),
      ['hello', '你好 🎮'],
    );
    assert.deepEqual(
      (await inbox.list(appId, a!, first.id, 10)).map((m) => m.id),
      [second.id],
    );
    assert.deepEqual(await inbox.list(appId, b!, 0, 10), []);
    assert.deepEqual(await inbox.list(appId, a!, 0, 1), [first]);
  });

  it('sends one message to each of several players, at most a thousand at once', async () => {
    const { inbox } = core.guildhall.messaging;
    const { appId, app } = await setUp();
    const players = await newPlayers(core.guildhall, appId, `many-${appId}`, 3);
    assert.equal(await inbox.toPlayers(app, players, 'event starts'), 3);
    for (const player of players) {
      assert.deepEqual(
        (await inbox.list(appId, player, 0, 10)).map((m) => m.content),
        ['event starts'],
      );
    }
    assert.equal(await inbox.toPlayers(app, [], 'nobody'), 0);
    const tooMany = Array.from({ length: MESSAGING_LIMITS.targetValues + 1 }, (_, i) => i + 1);
    await assert.rejects(inbox.toPlayers(app, tooMany, 'x'), domainError('invalid_argument'));
  });

  it('shows a message to everyone only to players who joined the app before it', async () => {
    const { inbox } = core.guildhall.messaging;
    const { appId, app } = await setUp();
    const early = await newPlayer(core.guildhall, appId, `early-${appId}`);
    core.clock.advance(1_000);
    const broadcast = await inbox.toEveryone(app, 'welcome all');
    assert.deepEqual([broadcast.kind, broadcast.accountId], ['broadcast', null]);
    core.clock.advance(1_000);
    const late = await newPlayer(core.guildhall, appId, `late-${appId}`);
    assert.deepEqual(
      (await inbox.list(appId, early, 0, 10)).map((m) => m.content),
      ['welcome all'],
    );
    assert.deepEqual(await inbox.list(appId, late, 0, 10), []);
  });

  it('refuses empty and overlong content, counting characters rather than bytes', async () => {
    const { inbox } = core.guildhall.messaging;
    const { appId, app } = await setUp();
    const player = await newPlayer(core.guildhall, appId, `long-${appId}`);
    await inbox.toPlayer(app, player, '🎮'.repeat(MESSAGING_LIMITS.contentLength));
    for (const content of ['', '   ', 'x'.repeat(MESSAGING_LIMITS.contentLength + 1)]) {
      await assert.rejects(inbox.toPlayer(app, player, content), domainError('invalid_argument'));
    }
    await inbox.toPlayer(app, player, 'y'.repeat(400), { maxLength: 400 });
    assert.equal((await inbox.list(appId, player, 0, 10)).length, 2);
  });

  it('queues an Android push with each delivery once the app has an FCM service account', async () => {
    const { push, inbox } = core.guildhall.messaging;
    const { appId, app } = await setUp();
    const player = await newPlayer(core.guildhall, appId, `fcm-${appId}`);
    await inbox.toPlayer(app, player, 'no push yet');
    assert.deepEqual(await push.jobs(appId, null, 10), []);
    await assert.rejects(
      push.setFcmServiceAccount(appId, '{"type":"service_account"}'),
      domainError('push.bad_service_account'),
    );
    await push.setFcmServiceAccount(appId, serviceAccountJson());
    assert.equal(await push.hasFcm(appId), true);
    await inbox.toPlayer(app, player, 'full text', { pushText: 'short' });
    const [job] = await push.jobs(appId, null, 10);
    assert.equal(job?.platform, 'android');
    assert.deepEqual(job?.target, { kind: 'account', values: [String(player)] });
    assert.deepEqual(job?.message.android, { title: app.name, text: 'short' });
    assert.equal(job?.status, 'pending');
    assert.equal(await push.removeFcmServiceAccount(appId), true);
    assert.equal(await push.removeFcmServiceAccount(appId), false);
  });
});
