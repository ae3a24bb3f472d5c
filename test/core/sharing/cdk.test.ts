import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { imageTypeOf } from '../../../src/core/sharing/image-type.js';
import { appOf, domainError, newApp, newPlayer, useCoreGuildhall } from '../helpers.js';

describe('image types by their bytes', () => {
  it('knows PNG, JPEG, GIF and WebP, and nothing else', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);
    assert.equal(imageTypeOf(png), 'image/png');
    assert.equal(imageTypeOf(Buffer.from([0xff, 0xd8, 0xff, 0xdb])), 'image/jpeg');
    assert.equal(imageTypeOf(Buffer.from('GIF87a...')), 'image/gif');
    assert.equal(imageTypeOf(Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8L', 'latin1')), 'image/webp');
    for (const other of ['RIFF\x10\x00\x00\x00WAVEfmt ', 'GIF8', '<svg/>', '']) {
      assert.equal(imageTypeOf(Buffer.from(other, 'latin1')), undefined, other);
    }
    assert.equal(imageTypeOf(png.subarray(0, 4)), undefined);
  });
});

describe('CDK codes', () => {
  const core = useCoreGuildhall();

  it('loads codes once per app, claims the oldest, one per account, type and app day', async () => {
    const { cdk } = core.guildhall;
    const appId = await newApp(core.guildhall, 'CDK', { timezone: 'UTC' });
    const app = await appOf(core.guildhall, appId);
    assert.deepEqual(await cdk.load(appId, 'whatsapp', ['A', 'B', 'A']), {
      loaded: 2,
      duplicates: 1,
    });
    assert.deepEqual(await cdk.load(appId, 'messenger', ['B', 'C']), { loaded: 1, duplicates: 1 });
    const player = await newPlayer(core.guildhall, appId, 'cdk-core-1');
    assert.equal(await cdk.claim(app, player, 'whatsapp'), 'A');
    await assert.rejects(cdk.claim(app, player, 'whatsapp'), domainError('cdk.claimed_today'));
    const next = await newPlayer(core.guildhall, appId, 'cdk-core-2');
    assert.equal(await cdk.claim(app, next, 'whatsapp'), 'B');
    const third = await newPlayer(core.guildhall, appId, 'cdk-core-3');
    await assert.rejects(cdk.claim(app, third, 'whatsapp'), domainError('cdk.out_of_stock'));
    // The failed claim left no mark: with stock back, the player gets a code today.
    await cdk.load(appId, 'whatsapp', ['D']);
    assert.equal(await cdk.claim(app, third, 'whatsapp'), 'D');
    core.clock.advance(24 * 3_600_000);
    await cdk.load(appId, 'whatsapp', ['E']);
    assert.equal(await cdk.claim(app, player, 'whatsapp'), 'E');
    assert.deepEqual(await cdk.stock(appId), [
      { type: 'messenger', total: 1, available: 1, claimed: 0 },
      { type: 'whatsapp', total: 4, available: 0, claimed: 4 },
    ]);
  });

  it('refuses bad types and codes, loading none of them', async () => {
    const { cdk } = core.guildhall;
    const appId = await newApp(core.guildhall);
    await assert.rejects(cdk.load(appId, 'a b', ['X']), domainError('invalid_argument'));
    await assert.rejects(
      cdk.load(appId, 'x', ['OK', 'tab\there']),
      domainError('invalid_argument'),
    );
    await assert.rejects(cdk.load(appId, 'x', ['x'.repeat(129)]), domainError('invalid_argument'));
    assert.deepEqual(await cdk.stock(appId), []);
  });
});
