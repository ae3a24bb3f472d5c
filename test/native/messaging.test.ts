import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { App } from '../../src/core/apps/types.js';
import { drainOutbox } from '../helpers/outbox.js';
import type { FakeFcm } from '../helpers/fake-fcm.js';
import { FAKE_CLIENT_EMAIL, FAKE_PROJECT_ID, startFakeFcm } from '../helpers/fake-fcm.js';
import type { TestServer } from '../helpers/server.js';
import { ADMIN_TOKEN, describeEachBackend } from '../helpers/server.js';

let fcm: FakeFcm;
before(async () => {
  fcm = await startFakeFcm();
});
after(() => fcm.close());

const assertError = (response: { status: number; json: any }, status: number, code: string) => {
  assert.equal(response.status, status, JSON.stringify(response.json));
  assert.equal(response.json.error.code, code);
  assert.equal(typeof response.json.error.message, 'string');
};

async function drain(server: TestServer): Promise<void> {
  await drainOutbox(server.guildhall);
}

describeEachBackend('native devices, inbox and push administration', (server) => {
  let app: App;
  before(async () => {
    app = await server().createApp('Messaging Game');
  });

  const register = (token: string, body: unknown) =>
    server().request('POST', '/v1/client/devices', { token, json: body });

  it('registers a device and answers its view', async () => {
    const player = await server().guest(app, 'dev-1');
    const response = await register(player.session_token, {
      platform: 'ios',
      token: 'aa11',
      tags: ['vip', 'level-10', 'vip'],
      alias: 'alice',
    });
    assert.equal(response.status, 200, response.text);
    const at = server().clock.now();
    assert.deepEqual(response.json, {
      id: response.json.id,
      platform: 'ios',
      token: 'aa11',
      tags: ['vip', 'level-10'],
      alias: 'alice',
      created_at: at,
      updated_at: at,
    });
    assert.equal(typeof response.json.id, 'number');
    const listed = await server().request('GET', '/v1/client/devices', {
      token: player.session_token,
    });
    assert.deepEqual(listed.json, { devices: [response.json] });
  });

  it('updates the device on re-registration of the same token: owner, tags and alias', async () => {
    const first = await server().guest(app, 'dev-owner-1');
    const second = await server().guest(app, 'dev-owner-2');
    const created = await register(first.session_token, {
      platform: 'android',
      token: 'fcm-token-1',
      tags: ['a', 'b'],
      alias: 'first',
    });
    const createdAt = server().clock.now();
    server().clock.advance(5_000);
    const updated = await register(second.session_token, {
      platform: 'android',
      token: 'fcm-token-1',
      tags: ['c'],
    });
    assert.equal(updated.status, 200, updated.text);
    assert.deepEqual(updated.json, {
      id: created.json.id,
      platform: 'android',
      token: 'fcm-token-1',
      tags: ['c'],
      alias: null,
      created_at: createdAt,
      updated_at: createdAt + 5_000,
    });
    const ofFirst = await server().request('GET', '/v1/client/devices', {
      token: first.session_token,
    });
    assert.deepEqual(ofFirst.json, { devices: [] });
    const ofSecond = await server().request('GET', '/v1/client/devices', {
      token: second.session_token,
    });
    assert.deepEqual(
      ofSecond.json.devices.map((d: { id: number }) => d.id),
      [created.json.id],
    );
    // The old tags no longer find it; the new one does (iOS query by tag covers iOS only, so
    // check through the store).
    const page = await server().guildhall.store.devices.targetPage(
      app.id,
      'android',
      { kind: 'tag', values: ['a', 'c'] },
      0,
      10,
    );
    assert.deepEqual(
      page.map((d) => d.token),
      ['fcm-token-1'],
    );
    const old = await server().guildhall.store.devices.targetPage(
      app.id,
      'android',
      { kind: 'tag', values: ['a'] },
      0,
      10,
    );
    assert.deepEqual(old, []);

    // The same token on the other platform, or in another app, is another device.
    const ios = await register(second.session_token, { platform: 'ios', token: 'fcm-token-1' });
    assert.notEqual(ios.json.id, created.json.id);
    const other = await server().createApp('Other Messaging Game');
    const elsewhere = await server().guest(other, 'dev-owner-1');
    const there = await register(elsewhere.session_token, {
      platform: 'android',
      token: 'fcm-token-1',
    });
    assert.notEqual(there.json.id, created.json.id);
  });

  it('rejects bad registrations with 400 invalid_argument and keeps nothing', async () => {
    const player = await server().guest(app, 'dev-bad');
    const cases: unknown[] = [
      { platform: 'windows', token: 't' },
      { token: 't' },
      { platform: 'ios' },
      { platform: 'ios', token: '' },
      { platform: 'ios', token: 'x'.repeat(513) },
      { platform: 'ios', token: 'has space' },
      { platform: 'ios', token: 'has,comma' },
      { platform: 'ios', token: 't', tags: Array.from({ length: 33 }, (_, i) => `t${i}`) },
      { platform: 'ios', token: 't', tags: ['x'.repeat(65)] },
      { platform: 'ios', token: 't', tags: [''] },
      { platform: 'ios', token: 't', tags: ['a,b'] },
      { platform: 'ios', token: 't', tags: [' padded'] },
      { platform: 'ios', token: 't', tags: 'vip' },
      { platform: 'ios', token: 't', alias: 'x'.repeat(65) },
      { platform: 'ios', token: 't', alias: '' },
      { platform: 'ios', token: 't', extra: 1 },
    ];
    for (const body of cases) {
      assertError(await register(player.session_token, body), 400, 'invalid_argument');
    }
    // The limits themselves are fine.
    const edge = await register(player.session_token, {
      platform: 'ios',
      token: 'y'.repeat(512),
      tags: Array.from({ length: 32 }, (_, i) => `${i}`.padEnd(64, 'z')),
      alias: 'q'.repeat(64),
    });
    assert.equal(edge.status, 200, edge.text);
    const listed = await server().request('GET', '/v1/client/devices', {
      token: player.session_token,
    });
    assert.equal(listed.json.devices.length, 1);
  });

  it('answers 401 without a valid session token', async () => {
    for (const token of [undefined, 'nope', ADMIN_TOKEN]) {
      assertError(
        await server().request('POST', '/v1/client/devices', {
          token,
          json: { platform: 'ios', token: 't' },
        }),
        401,
        'auth.bad_token',
      );
      assertError(
        await server().request('GET', '/v1/client/inbox', { token }),
        401,
        'auth.bad_token',
      );
    }
  });

  it('shows direct messages and the broadcasts sent since the player joined, oldest first', async () => {
    const inboxApp = await server().createApp('Inbox Game');
    const early = await server().guest(inboxApp, 'inbox-early');
    server().clock.advance(1_000);
    const t1 = server().clock.now();
    assert.equal((await server().momo(inboxApp, 'msg/all', { content: '开服活动' })).body.ec, 0);
    server().clock.advance(1_000);
    const late = await server().guest(inboxApp, 'inbox-late');
    server().clock.advance(1_000);
    const t2 = server().clock.now();
    await server().momo(inboxApp, 'msg/one', { userid: early.momo.userid, content: 'hi early' });
    server().clock.advance(1_000);
    const t3 = server().clock.now();
    await server().momo(inboxApp, 'msg/all', { content: 'maintenance tonight' });
    server().clock.advance(1_000);
    const t4 = server().clock.now();
    await server().momo(inboxApp, 'msg/one', { userid: late.momo.userid, content: 'hi late' });

    const inbox = async (token: string, query = '') =>
      server().request('GET', `/v1/client/inbox${query}`, { token });
    const earlyView = await inbox(early.session_token);
    assert.equal(earlyView.status, 200);
    const ids = earlyView.json.messages.map((m: { id: number }) => m.id);
    assert.deepEqual(earlyView.json, {
      messages: [
        { id: ids[0], content: '开服活动', created_at: t1, kind: 'broadcast' },
        { id: ids[1], content: 'hi early', created_at: t2, kind: 'direct' },
        { id: ids[2], content: 'maintenance tonight', created_at: t3, kind: 'broadcast' },
      ],
      next_after: ids[2],
    });
    const lateView = await inbox(late.session_token);
    assert.deepEqual(
      lateView.json.messages.map((m: { content: string; kind: string }) => [m.content, m.kind]),
      [
        ['maintenance tonight', 'broadcast'],
        ['hi late', 'direct'],
      ],
    );
    assert.equal(lateView.json.messages[1].created_at, t4);

    // Paging with after/limit; an empty page hands the cursor back.
    const first = await inbox(early.session_token, '?limit=2');
    assert.deepEqual(
      first.json.messages.map((m: { id: number }) => m.id),
      ids.slice(0, 2),
    );
    assert.equal(first.json.next_after, ids[1]);
    const rest = await inbox(early.session_token, `?after=${first.json.next_after}&limit=2`);
    assert.deepEqual(
      rest.json.messages.map((m: { id: number }) => m.id),
      ids.slice(2),
    );
    const none = await inbox(early.session_token, `?after=${ids[2]}`);
    assert.deepEqual(none.json, { messages: [], next_after: ids[2] });

    // Players of other apps see none of it.
    const outsider = await server().guest(app, 'inbox-outsider');
    assert.deepEqual((await inbox(outsider.session_token)).json, { messages: [], next_after: 0 });

    for (const query of ['?limit=0', '?limit=101', '?after=-1', '?after=x']) {
      assertError(await inbox(early.session_token, query), 400, 'invalid_argument');
    }
  });

  it('stores, shows and deletes an FCM service account; a bad one changes nothing', async () => {
    const fcmApp = await server().createApp('FCM Game');
    const path = `/v1/admin/apps/${fcmApp.id}/fcm-service-account`;
    assertError(await server().admin('GET', path), 404, 'not_found');
    const stored = await server().admin('PUT', path, JSON.parse(fcm.serviceAccountJson()));
    assert.equal(stored.status, 200, stored.text);
    assert.deepEqual(stored.json, { project_id: FAKE_PROJECT_ID, client_email: FAKE_CLIENT_EMAIL });
    assert.deepEqual((await server().admin('GET', path)).json, stored.json);

    const sealed = await server().guildhall.appSecrets.get(fcmApp.id, 'fcm_service_account');
    const bad: unknown[] = [
      JSON.parse(fcm.serviceAccountJson({ type: 'authorized_user' })),
      JSON.parse(fcm.serviceAccountJson({ private_key: 'not a key' })),
      JSON.parse(fcm.serviceAccountJson({ project_id: '' })),
      { hello: 'world' },
    ];
    for (const body of bad) {
      assertError(await server().admin('PUT', path, body), 400, 'push.bad_service_account');
    }
    assertError(await server().admin('PUT', path, [1, 2]), 400, 'invalid_argument');
    assert.deepEqual(
      await server().guildhall.appSecrets.get(fcmApp.id, 'fcm_service_account'),
      sealed,
    );
    assertError(
      await server().admin('PUT', '/v1/admin/apps/app_nope/fcm-service-account', {}),
      404,
      'app.not_found',
    );

    for (const method of ['GET', 'PUT', 'DELETE']) {
      assertError(
        await server().request(method, path, { json: method === 'PUT' ? {} : undefined }),
        401,
        'auth.bad_token',
      );
    }
    const removed = await server().admin('DELETE', path);
    assert.equal(removed.status, 204);
    assertError(await server().admin('GET', path), 404, 'not_found');
    assertError(await server().admin('DELETE', path), 404, 'not_found');
  });

  it('lists and shows push jobs with counts, note, attempts and per-device results', async () => {
    const jobsApp = await server().createApp('Jobs Game');
    const player = await server().guest(jobsApp, 'jobs-player');
    await register(player.session_token, { platform: 'ios', token: 'beef01', tags: ['t'] });
    const listPath = `/v1/admin/apps/${jobsApp.id}/push-jobs`;
    assert.deepEqual((await server().admin('GET', listPath)).json, {
      jobs: [],
      next_before: null,
    });
    const message = { alert: 'hello', sound: 'default' };
    const createdAt = server().clock.now();
    await server().momo(jobsApp, 'messagepush/push', {
      platform: 'ios',
      message: JSON.stringify(message),
      tag: 't',
    });
    server().clock.advance(1_000);
    await server().momo(jobsApp, 'messagepush/push', {
      platform: 'ios',
      message: JSON.stringify(message),
      alias: 'a,b',
    });
    const listed = await server().admin('GET', listPath);
    assert.equal(listed.status, 200);
    const [newer, older] = listed.json.jobs;
    assert.deepEqual(older, {
      id: older.id,
      app_id: jobsApp.id,
      platform: 'ios',
      message: { aps: message },
      target: { kind: 'tag', values: ['t'] },
      status: 'pending',
      note: '',
      sent: 0,
      failed: 0,
      invalid: 0,
      pending: 1,
      created_at: createdAt,
      finished_at: null,
    });
    assert.deepEqual(newer.target, { kind: 'alias', values: ['a', 'b'] });
    assert.ok(newer.id > older.id);
    const paged = await server().admin('GET', `${listPath}?limit=1`);
    assert.deepEqual(
      paged.json.jobs.map((j: { id: number }) => j.id),
      [newer.id],
    );
    assert.equal(paged.json.next_before, newer.id);
    const next = await server().admin('GET', `${listPath}?before=${newer.id}&limit=1`);
    assert.deepEqual(
      next.json.jobs.map((j: { id: number }) => j.id),
      [older.id],
    );

    // Nothing configured: the fan-out ends the job with a note.
    await drain(server());
    const shown = await server().admin('GET', `/v1/admin/push-jobs/${older.id}`);
    assert.equal(shown.status, 200);
    assert.deepEqual(shown.json, {
      ...older,
      status: 'done',
      note: 'no APNs certificate uploaded',
      pending: 0,
      finished_at: server().clock.now(),
      attempts: [
        {
          attempt: 1,
          started_at: server().clock.now(),
          outcome: 'acknowledged',
          summary: 'sent 0, failed 0, invalid 0; no APNs certificate uploaded',
          latency_ms: 0,
        },
      ],
      results: [],
      next_after: null,
    });

    assertError(await server().admin('GET', '/v1/admin/push-jobs/999999'), 404, 'not_found');
    assertError(await server().admin('GET', '/v1/admin/push-jobs/abc'), 400, 'invalid_argument');
    assertError(
      await server().admin('GET', '/v1/admin/apps/app_nope/push-jobs'),
      404,
      'app.not_found',
    );
    for (const path of [listPath, `/v1/admin/push-jobs/${older.id}`]) {
      assertError(await server().request('GET', path), 401, 'auth.bad_token');
      assertError(
        await server().request('GET', path, { token: player.session_token }),
        401,
        'auth.bad_token',
      );
    }
  });
});
