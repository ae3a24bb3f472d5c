import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NewPush } from '../../../src/core/messaging/push.js';
import { MAX_MESSAGE_BYTES } from '../../../src/core/messaging/push.js';
import type { DeviceRegistration } from '../../../src/core/messaging/types.js';
import { MESSAGING_LIMITS } from '../../../src/core/messaging/types.js';
import { domainError, newApp, newPlayers, useCoreGuildhall } from '../helpers.js';

const PHONE: DeviceRegistration = { platform: 'ios', token: 'tok-1', tags: [], alias: null };

describe('devices and push jobs', () => {
  const core = useCoreGuildhall();

  async function setUp() {
    const appId = await newApp(core.guildhall);
    const [a, b] = await newPlayers(core.guildhall, appId, `dev-${appId}`, 2);
    return { appId, a: a!, b: b! };
  }

  it('registers a device with its tags once each, and hands a token over to its new player', async () => {
    const { devices } = core.guildhall.messaging;
    const { appId, a, b } = await setUp();
    const first = await devices.register(appId, a, {
      ...PHONE,
      tags: ['vip', 'vip', 'beijing'],
      alias: 'alice',
    });
    assert.deepEqual([...first.tags].sort(), ['beijing', 'vip']);
    core.clock.advance(1_000);
    const again = await devices.register(appId, b, { ...PHONE, tags: ['new'] });
    assert.equal(again.id, first.id, 'the same device');
    assert.deepEqual([again.accountId, again.tags, again.alias], [b, ['new'], null]);
    assert.deepEqual(await devices.ofPlayer(appId, a), []);
    assert.deepEqual(
      (await devices.ofPlayer(appId, b)).map((d) => d.token),
      ['tok-1'],
    );
  });

  it('finds tokens by tag and by alias, per platform', async () => {
    const { devices } = core.guildhall.messaging;
    const { appId, a, b } = await setUp();
    await devices.register(appId, a, { ...PHONE, token: 'i1', tags: ['vip'], alias: 'al' });
    await devices.register(appId, b, { ...PHONE, token: 'i2', tags: ['vip', 'sh'], alias: 'al' });
    await devices.register(appId, b, {
      platform: 'android',
      token: 'a1',
      tags: ['vip'],
      alias: 'al',
    });
    const vip = await devices.byTag(appId, 'ios', 'vip', 0, 10);
    assert.equal(vip.total, 2);
    assert.deepEqual([...vip.tokens].sort(), ['i1', 'i2']);
    assert.deepEqual((await devices.byTag(appId, 'ios', 'vip', 1, 10)).tokens.length, 1);
    assert.deepEqual((await devices.byTag(appId, 'android', 'vip', 0, 10)).tokens, ['a1']);
    assert.deepEqual((await devices.byAlias(appId, 'ios', 'al')).sort(), ['i1', 'i2']);
    assert.deepEqual(await devices.byAlias(appId, 'ios', 'nobody'), []);
  });

  it('refuses registrations no push could address', async () => {
    const { devices } = core.guildhall.messaging;
    const { appId, a } = await setUp();
    for (const bad of [
      { platform: 'windows' },
      { token: '' },
      { token: 'has space' },
      { token: 'a,b' },
      { token: 't'.repeat(MESSAGING_LIMITS.tokenLength + 1) },
      { tags: Array.from({ length: MESSAGING_LIMITS.tags + 1 }, (_, i) => `t${i}`) },
      { tags: ['a,b'] },
      { tags: [' padded'] },
      { tags: ['x'.repeat(MESSAGING_LIMITS.tagLength + 1)] },
      { alias: '' },
    ]) {
      await assert.rejects(
        devices.register(appId, a, { ...PHONE, ...bad } as DeviceRegistration),
        domainError('invalid_argument'),
        JSON.stringify(bad).slice(0, 60),
      );
    }
  });

  it('queues a push job with its target de-duplicated, and refuses malformed ones', async () => {
    const { push } = core.guildhall.messaging;
    const { appId } = await setUp();
    const base: NewPush = {
      appId,
      platform: 'ios',
      message: { aps: { alert: 'hi' } },
      target: { kind: 'tag', values: ['vip', 'vip'] },
    };
    const job = await push.send(base);
    assert.deepEqual(job.target, { kind: 'tag', values: ['vip'] });
    assert.equal((await push.job(job.id)).status, 'pending');
    assert.deepEqual(
      (await push.jobs(appId, null, 10)).map((j) => j.id),
      [job.id],
    );
    assert.deepEqual(await push.attempts(job.id), []);
    await push.send({ ...base, target: { kind: 'all', values: [] } });
    for (const bad of [
      { platform: 'android' },
      { message: { aps: { alert: 'x'.repeat(MAX_MESSAGE_BYTES) } } },
      { target: { kind: 'everyone', values: [] } },
      { target: { kind: 'all', values: ['x'] } },
      { target: { kind: 'alias', values: [] } },
      {
        target: {
          kind: 'user',
          values: Array.from({ length: MESSAGING_LIMITS.targetValues + 1 }, (_, i) => `t${i}`),
        },
      },
    ]) {
      await assert.rejects(
        push.send({ ...base, ...bad } as NewPush),
        domainError('invalid_argument'),
        JSON.stringify(bad).slice(0, 60),
      );
    }
    await assert.rejects(push.job(987_654), domainError('not_found'));
  });

  it('refuses an APNs certificate that does not open', async () => {
    const { push } = core.guildhall.messaging;
    const { appId } = await setUp();
    await assert.rejects(
      push.setApnsCertificate(appId, Buffer.from('not a pkcs12 file'), 'secret'),
      domainError('push.bad_certificate'),
    );
  });
});
