import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openGuildhall } from '../../src/guildhall.js';
import { buildServer } from '../../src/server.js';
import { TestClock } from '../helpers/server.js';

describe('operations', () => {
  it('purges tokens past their expiry and keeps the others', async () => {
    const clock = new TestClock();
    const guildhall = await openGuildhall({ sqliteFile: ':memory:', clock });
    const app = await guildhall.apps.create('Purge');
    const login = await guildhall.players.loginGuest(app.id, 'purge-device');
    assert.equal(await guildhall.players.purgeExpiredTokens(), 0);
    clock.advance(24 * 3_600_000 + 1);
    assert.equal(await guildhall.players.purgeExpiredTokens(), 1, 'the 24 h vtoken');
    await guildhall.players.authenticateSession(login.sessionToken);
    clock.advance(30 * 24 * 3_600_000);
    assert.equal(await guildhall.players.purgeExpiredTokens(), 1, 'the 30-day session');
    await assert.rejects(
      guildhall.players.authenticateSession(login.sessionToken),
      /unknown session/,
    );
    await guildhall.close();
  });

  it('answers 503 on /healthz when the database does not', async () => {
    const guildhall = await openGuildhall({ sqliteFile: ':memory:' });
    const server = await buildServer(guildhall, { adminTokenHash: 'unused' });
    assert.equal((await server.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
    await guildhall.database.close();
    const down = await server.inject({ method: 'GET', url: '/healthz' });
    assert.equal(down.statusCode, 503);
    assert.deepEqual(down.json(), { status: 'unavailable' });
    await server.close();
  });
});
