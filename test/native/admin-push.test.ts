import assert from 'node:assert/strict';
import { before, beforeEach, it } from 'node:test';
import { drainOutbox } from '../helpers/outbox.js';
import {
  configurePush,
  pushFakeOptions,
  registerDevice,
  usePushFakes,
} from '../helpers/push-fakes.js';
import type { TestApp, TestServer } from '../helpers/server.js';
import { ADMIN_TOKEN, describeEachBackend } from '../helpers/server.js';

type Player = Awaited<ReturnType<TestServer['guest']>>;

let current: TestServer | undefined;
// The fake FCM checks the client's assertions against the test clock of the running server.
const fakes = usePushFakes(() => current?.clock.now() ?? Date.now());

const assertError = (response: { status: number; json: any }, status: number, code: string) => {
  assert.equal(response.status, status, JSON.stringify(response.json));
  assert.equal(response.json.error.code, code);
  assert.equal(typeof response.json.error.message, 'string');
};

describeEachBackend(
  'native admin push sending and devices',
  (server) => {
    let app: TestApp;
    let alice: Player;
    let bob: Player;
    beforeEach(() => {
      current = server();
      fakes().apns.requests.splice(0);
      fakes().fcm.messages.splice(0);
    });
    before(async () => {
      current = server();
      app = await server().createApp('Push Console Game');
      alice = await server().guest(app, 'push-alice');
      bob = await server().guest(app, 'push-bob');
      await configurePush(server(), app, fakes());
      await register(alice, 'ios', 'alice-apns-token-0123456789abcdef');
      await register(alice, 'android', 'alice-fcm-token-0123456789abcdef');
      await register(bob, 'android', 'bob-fcm');
    });

    const register = (who: Player, platform: 'ios' | 'android', token: string) =>
      registerDevice(server(), who, platform, token);
    const send = (body: unknown, appId = app.id) =>
      server().admin('POST', `/v1/admin/apps/${appId}/push-jobs`, body);
    const jobs = async () => {
      const response = await server().admin('GET', `/v1/admin/apps/${app.id}/push-jobs`);
      assert.equal(response.status, 200, response.text);
      return response.json.jobs;
    };
    const counts = (job: any) => [job.platform, job.status, job.sent, job.failed, job.pending];

    it('answers 401 on the new routes without the admin token', async () => {
      const routes: [string, string][] = [
        ['POST', `/v1/admin/apps/${app.id}/push-jobs`],
        ['GET', `/v1/admin/apps/${app.id}/devices?player_id=${alice.player_id}`],
      ];
      for (const [method, path] of routes) {
        for (const token of [undefined, 'wrong', alice.session_token, `${ADMIN_TOKEN}x`]) {
          assertError(await server().request(method, path, { token }), 401, 'auth.bad_token');
        }
      }
      assert.deepEqual(await jobs(), []);
    });

    it('sends to every device of the app through APNs and FCM, counting pending sends', async () => {
      const createdAt = server().clock.now();
      const response = await send({ title: 'Maintenance', body: 'Back at 10:00', all: true });
      assert.equal(response.status, 202, response.text);
      const [ios, android] = response.json.jobs;
      assert.deepEqual(
        { ...ios, id: 0 },
        {
          id: 0,
          app_id: app.id,
          platform: 'ios',
          message: { aps: { alert: { title: 'Maintenance', body: 'Back at 10:00' } } },
          target: { kind: 'all', values: [] },
          status: 'pending',
          note: '',
          sent: 0,
          failed: 0,
          invalid: 0,
          pending: 1,
          created_at: createdAt,
          finished_at: null,
        },
      );
      assert.deepEqual(android.message, {
        android: { title: 'Maintenance', text: 'Back at 10:00' },
      });
      assert.deepEqual(counts(android), ['android', 'pending', 0, 0, 2]);
      assert.deepEqual((await jobs()).map(counts), [
        ['android', 'pending', 0, 0, 2],
        ['ios', 'pending', 0, 0, 1],
      ]);

      await drainOutbox(server().guildhall);
      assert.deepEqual(
        fakes().apns.requests.map((r) => [r.token, r.body]),
        [
          [
            'alice-apns-token-0123456789abcdef',
            { aps: { alert: { title: 'Maintenance', body: 'Back at 10:00' } } },
          ],
        ],
      );
      assert.deepEqual(
        fakes()
          .fcm.messages.map((m) => [m.message.token, m.message.notification])
          .sort(),
        [
          ['alice-fcm-token-0123456789abcdef', { title: 'Maintenance', body: 'Back at 10:00' }],
          ['bob-fcm', { title: 'Maintenance', body: 'Back at 10:00' }],
        ],
      );
      assert.deepEqual((await jobs()).map(counts), [
        ['android', 'done', 2, 0, 0],
        ['ios', 'done', 1, 0, 0],
      ]);
      const detail = await server().admin('GET', `/v1/admin/push-jobs/${android.id}`);
      assert.equal(detail.json.pending, 0);
      assert.deepEqual(
        detail.json.results.map((r: any) => r.status),
        ['sent', 'sent'],
      );
    });

    it("sends to the listed players' devices only, on the platforms asked", async () => {
      const response = await send({
        title: 'Gift',
        body: 'A present for you',
        player_ids: [bob.player_id, bob.player_id],
        platforms: ['android'],
      });
      assert.equal(response.status, 202, response.text);
      assert.equal(response.json.jobs.length, 1);
      const [job] = response.json.jobs;
      assert.deepEqual(job.target, { kind: 'player', values: [bob.player_id] });
      assert.deepEqual(counts(job), ['android', 'pending', 0, 0, 1]);
      await drainOutbox(server().guildhall);
      assert.deepEqual(
        fakes().fcm.messages.map((m) => m.message.token),
        ['bob-fcm'],
      );
      assert.equal(fakes().apns.requests.length, 0);
      const both = await send({ title: 'Hi', body: 'Alice only', player_ids: [alice.player_id] });
      assert.deepEqual(
        both.json.jobs.map((j: any) => [j.platform, j.pending]),
        [
          ['ios', 1],
          ['android', 1],
        ],
      );
      await drainOutbox(server().guildhall);
      assert.deepEqual(
        fakes().apns.requests.map((r) => r.token),
        ['alice-apns-token-0123456789abcdef'],
      );
    });

    it('refuses a malformed push (400), an unknown player or app (404), queueing nothing', async () => {
      const before = (await jobs()).length;
      const valid = { title: 'T', body: 'B', all: true };
      const malformed: unknown[] = [
        undefined,
        { body: 'B', all: true },
        { title: 'T', all: true },
        { ...valid, title: '' },
        { ...valid, body: '   ' },
        { ...valid, title: 'x'.repeat(129) },
        { ...valid, body: 'x'.repeat(1_025) },
        { ...valid, title: 7 },
        { title: 'T', body: 'B' },
        { ...valid, player_ids: [alice.player_id] },
        { ...valid, all: false },
        { title: 'T', body: 'B', player_ids: [] },
        { title: 'T', body: 'B', player_ids: [''] },
        { title: 'T', body: 'B', player_ids: Array(1_001).fill(alice.player_id) },
        { ...valid, platforms: [] },
        { ...valid, platforms: ['web'] },
        { ...valid, extra: 1 },
      ];
      for (const body of malformed) {
        assertError(await send(body), 400, 'invalid_argument');
      }
      assertError(
        await send({ title: 'T', body: 'B', player_ids: [alice.player_id, 'p_nope'] }),
        404,
        'player.not_found',
      );
      assertError(await send(valid, 'app_nope'), 404, 'app.not_found');
      assert.equal((await jobs()).length, before);
    });

    it('says whether the app has an APNs certificate and the environment it sends to', async () => {
      const path = (appId: string) => `/v1/admin/apps/${appId}/apns-certificate`;
      const configured = await server().admin('GET', path(app.id));
      assert.equal(configured.status, 200, configured.text);
      assert.deepEqual(configured.json, { environment: 'production' });
      const bare = await server().createApp('No Certificate Game');
      assertError(await server().admin('GET', path(bare.id)), 404, 'not_found');
      assertError(await server().admin('GET', path('app_nope')), 404, 'app.not_found');
      assertError(await server().request('GET', path(app.id)), 401, 'auth.bad_token');
    });

    it("lists a player's devices with platform, token kind, last seen and a truncated token", async () => {
      const registered = await register(alice, 'android', 'alice-fcm-token-0123456789abcdef');
      server().clock.advance(60_000);
      const seen = await register(alice, 'android', 'alice-fcm-token-0123456789abcdef');
      const path = `/v1/admin/apps/${app.id}/devices`;
      const response = await server().admin('GET', `${path}?player_id=${alice.player_id}`);
      assert.equal(response.status, 200, response.text);
      const devices = response.json.devices;
      assert.deepEqual(
        devices.map((d: any) => [d.platform, d.token_kind, d.token]),
        [
          ['ios', 'apns', 'alice-ap…cdef'],
          ['android', 'fcm', 'alice-fc…cdef'],
        ],
      );
      assert.deepEqual(devices[1], {
        id: registered.id,
        platform: 'android',
        token_kind: 'fcm',
        token: 'alice-fc…cdef',
        tags: [],
        alias: null,
        registered_at: registered.created_at,
        last_seen_at: seen.updated_at,
      });
      assert.equal(seen.updated_at, registered.updated_at + 60_000);
      const ofBob = await server().admin('GET', `${path}?player_id=${bob.player_id}`);
      assert.deepEqual(
        ofBob.json.devices.map((d: any) => d.token),
        ['bob-…'],
      );
      const elsewhere = await server().createApp('Other Push Game');
      const none = await server().admin(
        'GET',
        `/v1/admin/apps/${elsewhere.id}/devices?player_id=${alice.player_id}`,
      );
      assert.deepEqual(none.json, { devices: [] });
      for (const query of ['', '?player_id=', `?player_id=${alice.player_id}&platform=ios`]) {
        assertError(await server().admin('GET', path + query), 400, 'invalid_argument');
      }
      assertError(await server().admin('GET', `${path}?player_id=p_nope`), 404, 'player.not_found');
      assertError(
        await server().admin('GET', `/v1/admin/apps/app_nope/devices?player_id=${alice.player_id}`),
        404,
        'app.not_found',
      );
    });
  },
  () => pushFakeOptions(fakes()),
);
