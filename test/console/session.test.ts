import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { LOCKOUT_MS, SIGN_IN_ATTEMPTS } from '../../src/core/console/users.js';
import {
  CONSOLE_PASSWORD,
  addConsoleUser,
  asConsoleUser,
  signInConsole,
} from '../helpers/console.js';
import type { TestApp } from '../helpers/server.js';
import { ADMIN_TOKEN, describeEachBackend } from '../helpers/server.js';

describeEachBackend('console sign-in, roles, CSRF and the audit log', (server) => {
  let app: TestApp;
  before(async () => {
    app = await server().createApp('Console Game');
    await addConsoleUser(server(), 'root@studio.test', 'admin');
    await addConsoleUser(server(), 'ops@studio.test', 'operator');
    await addConsoleUser(server(), 'look@studio.test', 'viewer');
  });

  it('signs in with a JSON body and sets an HttpOnly SameSite=Strict cookie', async () => {
    const response = await server().request('POST', '/console/api/session', {
      json: { email: 'Ops@Studio.test', password: CONSOLE_PASSWORD },
    });
    assert.equal(response.status, 200);
    assert.deepEqual(response.json.user.email, 'ops@studio.test');
    assert.equal(response.json.user.role, 'operator');
    assert.match(response.json.csrf_token, /^[\w-]{43}$/);
    const cookie = response.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^guildhall_console=[0-9a-f]{64};/);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    assert.match(cookie, /Path=\//);
  });

  it('refuses a form-encoded sign-in (no cross-site form can sign a browser in)', async () => {
    const response = await server().request('POST', '/console/api/session', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `email=ops%40studio.test&password=${encodeURIComponent(CONSOLE_PASSWORD)}`,
    });
    assert.equal(response.status, 400);
    assert.equal(response.json.error.code, 'invalid_argument');
  });

  it('answers a wrong password and an unknown email alike', async () => {
    for (const email of ['ops@studio.test', 'nobody@studio.test']) {
      const response = await server().request('POST', '/console/api/session', {
        json: { email, password: 'wrong password' },
      });
      assert.equal(response.status, 401);
      assert.equal(response.json.error.code, 'auth.bad_credentials');
    }
  });

  it(`locks a user out after ${SIGN_IN_ATTEMPTS} failures, even with the right password`, async () => {
    await addConsoleUser(server(), 'typo@studio.test', 'viewer');
    const attempt = (password: string) =>
      server().request('POST', '/console/api/session', {
        json: { email: 'typo@studio.test', password },
      });
    for (let i = 1; i < SIGN_IN_ATTEMPTS; i++) assert.equal((await attempt('nope')).status, 401);
    const locked = await attempt('nope');
    assert.equal(locked.status, 423);
    assert.equal(locked.json.error.code, 'console.locked');
    assert.equal(locked.headers.get('retry-after'), String(LOCKOUT_MS / 1000));
    assert.equal((await attempt(CONSOLE_PASSWORD)).status, 423);
    server().clock.advance(LOCKOUT_MS);
    assert.equal((await attempt(CONSOLE_PASSWORD)).status, 200);
  });

  it('reads the session back with its CSRF token, and signs out', async () => {
    const session = await signInConsole(server(), 'look@studio.test');
    const me = await server().request('GET', '/console/api/session', {
      headers: { cookie: session.cookie },
    });
    assert.equal(me.status, 200);
    assert.equal(me.json.csrf_token, session.csrf);
    const noCsrf = await server().request('DELETE', '/console/api/session', {
      headers: { cookie: session.cookie },
    });
    assert.equal(noCsrf.status, 403);
    const out = await asConsoleUser(server(), session, 'DELETE', '/console/api/session');
    assert.equal(out.status, 204);
    const after = await asConsoleUser(server(), session, 'GET', '/v1/admin/apps');
    assert.equal(after.status, 401);
  });

  it('lets a viewer read the admin API and refuses its writes', async () => {
    const viewer = await signInConsole(server(), 'look@studio.test');
    const apps = await asConsoleUser(server(), viewer, 'GET', '/v1/admin/apps');
    assert.equal(apps.status, 200);
    assert.ok(apps.json.apps.some((a: { id: string }) => a.id === app.id));
    const write = await asConsoleUser(server(), viewer, 'PATCH', `/v1/admin/apps/${app.id}`, {
      json: { name: 'Renamed by a viewer' },
    });
    assert.equal(write.status, 403);
    assert.equal(write.json.error.code, 'not_permitted');
    assert.equal((await server().guildhall.apps.get(app.id)).name, 'Console Game');
  });

  it('refuses an operator’s write without the CSRF header, and user management', async () => {
    const operator = await signInConsole(server(), 'ops@studio.test');
    const patch = { json: { name: 'Renamed' }, csrf: false };
    const noCsrf = await asConsoleUser(
      server(),
      operator,
      'PATCH',
      `/v1/admin/apps/${app.id}`,
      patch,
    );
    assert.equal(noCsrf.status, 403);
    const users = await asConsoleUser(server(), operator, 'GET', '/v1/admin/console-users');
    assert.equal(users.status, 403);
    assert.equal((await server().guildhall.apps.get(app.id)).name, 'Console Game');
  });

  it('records an operator’s write with who, what, target and before/after', async () => {
    const operator = await signInConsole(server(), 'ops@studio.test');
    const write = await asConsoleUser(server(), operator, 'PATCH', `/v1/admin/apps/${app.id}`, {
      json: { name: 'Console Game 2' },
    });
    assert.equal(write.status, 200);
    const audit = await server().request('GET', '/v1/admin/audit?actor=console:ops@studio.test', {
      token: ADMIN_TOKEN,
    });
    assert.equal(audit.status, 200);
    const [entry] = audit.json.entries;
    assert.equal(entry.actor, 'console:ops@studio.test');
    assert.equal(entry.action, 'PATCH /v1/admin/apps/:app_id');
    assert.deepEqual(entry.target, { app_id: app.id });
    assert.equal(entry.status, 200);
    assert.deepEqual(entry.after, { name: 'Console Game 2' });
  });

  it('records refused writes too, and never keeps a secret', async () => {
    const added = await server().request('POST', '/v1/admin/console-users', {
      token: ADMIN_TOKEN,
      json: { email: 'new@studio.test', password: 'a long new password', role: 'viewer' },
    });
    assert.equal(added.status, 201);
    const again = await server().request('POST', '/v1/admin/console-users', {
      token: ADMIN_TOKEN,
      json: { email: 'new@studio.test', password: 'a long new password', role: 'viewer' },
    });
    assert.equal(again.status, 409);
    const audit = await server().request('GET', '/v1/admin/audit?action=console-users&limit=2', {
      token: ADMIN_TOKEN,
    });
    const [refused, accepted] = audit.json.entries;
    assert.equal(refused.status, 409);
    assert.equal(accepted.status, 201);
    assert.equal(accepted.actor, 'admin-token');
    assert.deepEqual(accepted.after, {
      email: 'new@studio.test',
      password: '[redacted]',
      role: 'viewer',
    });
    assert.doesNotMatch(JSON.stringify(audit.json), /a long new password/);
  });

  it('manages console users: list, reset a password (ending sessions), remove', async () => {
    const root = await signInConsole(server(), 'root@studio.test');
    const list = await asConsoleUser(server(), root, 'GET', '/v1/admin/console-users');
    assert.equal(list.status, 200);
    assert.ok(list.json.users.some((u: { email: string }) => u.email === 'look@studio.test'));
    assert.ok(!('password_hash' in list.json.users[0]));

    const viewer = await signInConsole(server(), 'look@studio.test');
    const reset = await asConsoleUser(
      server(),
      root,
      'PUT',
      '/v1/admin/console-users/look@studio.test/password',
      { json: { password: 'short' } },
    );
    assert.equal(reset.status, 400);
    const done = await asConsoleUser(
      server(),
      root,
      'PUT',
      '/v1/admin/console-users/look@studio.test/password',
      { json: { password: 'another long password' } },
    );
    assert.equal(done.status, 204);
    assert.equal((await asConsoleUser(server(), viewer, 'GET', '/v1/admin/apps')).status, 401);
    await signInConsole(server(), 'look@studio.test', 'another long password');

    const removed = await asConsoleUser(
      server(),
      root,
      'DELETE',
      '/v1/admin/console-users/look@studio.test',
    );
    assert.equal(removed.status, 204);
    const gone = await asConsoleUser(
      server(),
      root,
      'DELETE',
      '/v1/admin/console-users/look@studio.test',
    );
    assert.equal(gone.status, 404);
  });

  it('keeps the last admin', async () => {
    const removed = await server().request('DELETE', '/v1/admin/console-users/root@studio.test', {
      token: ADMIN_TOKEN,
    });
    assert.equal(removed.status, 409);
    assert.equal(removed.json.error.code, 'console.last_admin');
  });

  it('answers 401 to the admin API without a token or a session', async () => {
    const response = await server().request('GET', '/v1/admin/apps', {
      headers: { cookie: 'guildhall_console=forged' },
    });
    assert.equal(response.status, 401);
  });
});
