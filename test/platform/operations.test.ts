import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openPlatform } from '../../src/platform.js';
import { buildServer } from '../../src/server.js';
import { TestClock } from '../helpers/server.js';

describe('operations', () => {
  it('purges tokens past their expiry and keeps the others', async () => {
    const clock = new TestClock();
    const platform = await openPlatform({ sqliteFile: ':memory:', clock });
    const app = await platform.apps.create('Purge');
    const login = await platform.players.loginGuest(app.id, 'purge-device');
    assert.equal(await platform.players.purgeExpiredTokens(), 0);
    clock.advance(24 * 3_600_000 + 1);
    assert.equal(await platform.players.purgeExpiredTokens(), 1, 'the 24 h vtoken');
    await platform.players.authenticateSession(login.sessionToken);
    clock.advance(30 * 24 * 3_600_000);
    assert.equal(await platform.players.purgeExpiredTokens(), 1, 'the 30-day session');
    await assert.rejects(
      platform.players.authenticateSession(login.sessionToken),
      /unknown session/,
    );
    await platform.close();
  });

  it('answers 503 on /healthz when the database does not', async () => {
    const platform = await openPlatform({ sqliteFile: ':memory:' });
    const server = await buildServer(platform, { adminTokenHash: 'unused' });
    assert.equal((await server.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
    await platform.database.close();
    const down = await server.inject({ method: 'GET', url: '/healthz' });
    assert.equal(down.statusCode, 503);
    assert.deepEqual(down.json(), { status: 'unavailable' });
    await server.close();
  });
});
