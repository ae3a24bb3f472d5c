import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_MESSAGE_BYTES } from '../../../src/core/messaging/push.js';
import { domainError, newApp, newPlayers, useCoreGuildhall } from '../helpers.js';

describe("operators' push notices", () => {
  const core = useCoreGuildhall();

  async function setUp() {
    const appId = await newApp(core.guildhall);
    const [a, b] = await newPlayers(core.guildhall, appId, `notice-${appId}`, 2);
    const { devices } = core.guildhall.messaging;
    const device = (platform: 'ios' | 'android', token: string) => ({
      platform,
      token,
      tags: [],
      alias: null,
    });
    await devices.register(appId, a!, device('ios', `${appId}-a-ios`));
    await devices.register(appId, a!, device('android', `${appId}-a-android`));
    await devices.register(appId, b!, device('android', `${appId}-b-android`));
    return { appId, a: a!, b: b! };
  }

  it('queues one job per platform with its own message format, to all or to some players', async () => {
    const { push } = core.guildhall.messaging;
    const { appId, b } = await setUp();
    const notice = { appId, title: 'Sale', body: 'Half price today' };
    const [ios, android] = await push.sendNotice({
      ...notice,
      accountIds: null,
      platforms: ['ios', 'android', 'ios'],
    });
    assert.deepEqual(
      [ios?.platform, ios?.message, ios?.target],
      [
        'ios',
        { aps: { alert: { title: 'Sale', body: 'Half price today' } } },
        { kind: 'all', values: [] },
      ],
    );
    assert.deepEqual(android?.message, { android: { title: 'Sale', text: 'Half price today' } });
    assert.deepEqual([await push.pending(ios!), await push.pending(android!)], [1, 2]);
    const [toB] = await push.sendNotice({ ...notice, accountIds: [b], platforms: ['android'] });
    assert.deepEqual(toB?.target, { kind: 'account', values: [String(b)] });
    assert.equal(await push.pending(toB!), 1);
    assert.equal((await push.jobs(appId, null, 10)).length, 3);
  });

  it('writes no job when one platform refuses the notice', async () => {
    const { push } = core.guildhall.messaging;
    const { appId } = await setUp();
    // The Android message fits in MAX_MESSAGE_BYTES; the iOS one, 6 bytes longer, does not.
    const body = 'x'.repeat(MAX_MESSAGE_BYTES - '{"android":{"title":"T","text":""}}'.length);
    await assert.rejects(
      push.sendNotice({ appId, title: 'T', body, accountIds: null, platforms: ['android', 'ios'] }),
      domainError('invalid_argument'),
    );
    assert.deepEqual(await push.jobs(appId, null, 10), []);
    const [android] = await push.sendNotice({
      appId,
      title: 'T',
      body,
      accountIds: null,
      platforms: ['android'],
    });
    assert.equal(android?.platform, 'android');
  });
});
