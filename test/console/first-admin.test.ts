import assert from 'node:assert/strict';
import { it } from 'node:test';
import { FIRST_ADMIN_EMAIL, ensureConsoleAdmin } from '../../src/core/setup.js';
import { describeEachBackend } from '../helpers/server.js';

describeEachBackend('the first console admin', (server) => {
  it('is made once per deployment, even by two starts at the same moment', async () => {
    const { consoleUsers, random } = server().guildhall;
    const [first, second] = await Promise.all([
      ensureConsoleAdmin(consoleUsers, random),
      ensureConsoleAdmin(consoleUsers, random),
    ]);
    const made = [first, second].filter((result) => result !== undefined);
    assert.equal(made.length, 1);
    assert.equal(made[0]?.email, FIRST_ADMIN_EMAIL);
    assert.deepEqual(
      (await consoleUsers.list()).map((u) => [u.email, u.role]),
      [[FIRST_ADMIN_EMAIL, 'admin']],
    );
    const session = await consoleUsers.signIn(FIRST_ADMIN_EMAIL, made[0]?.password ?? '');
    assert.equal(session.user.role, 'admin');
    assert.equal(await ensureConsoleAdmin(consoleUsers, random), undefined);
  });
});
