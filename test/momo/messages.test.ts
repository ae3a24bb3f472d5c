import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, beforeEach, it } from 'node:test';
import type { App } from '../../src/core/apps/types.js';
import { drainOutbox } from '../helpers/outbox.js';
import type { FakeFcm } from '../helpers/fake-fcm.js';
import { FAKE_PROJECT_ID, startFakeFcm } from '../helpers/fake-fcm.js';
import type { TestServer } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';

let fcm: FakeFcm;
let current: TestServer | undefined;
before(async () => {
  // The fake checks the client's assertions against the test clock of the running server.
  fcm = await startFakeFcm({ now: () => current?.clock.now() ?? Date.now() });
});
after(() => fcm.close());

async function drain(server: TestServer): Promise<void> {
  await drainOutbox(server.guildhall);
}

describeEachBackend(
  'momo msg/one and msg/all',
  (server) => {
    let prefix: string;
    beforeEach(() => {
      current = server();
      fcm.messages.splice(0);
      prefix = randomBytes(4).toString('hex');
    });
    const token = (name: string) => `${prefix}-${name}`;

    const success = () => ({
      ec: 0,
      em: 'success',
      timesec: Math.floor(server().clock.now() / 1000),
      data: [],
    });
    const inbox = async (player: { session_token: string }) =>
      (await server().request('GET', '/v1/client/inbox', { token: player.session_token })).json
        .messages as { id: number; content: string; kind: string; created_at: number }[];
    const register = async (
      player: { session_token: string },
      platform: 'ios' | 'android',
      deviceToken: string,
    ) => {
      const response = await server().request('POST', '/v1/client/devices', {
        token: player.session_token,
        json: { platform, token: deviceToken },
      });
      assert.equal(response.status, 200, response.text);
      return response.json as { id: number };
    };
    const jobsOf = async (app: App) =>
      (await server().admin('GET', `/v1/admin/apps/${app.id}/push-jobs`)).json.jobs;
    const configureFcm = async (app: App) => {
      const response = await server().admin(
        'PUT',
        `/v1/admin/apps/${app.id}/fcm-service-account`,
        JSON.parse(fcm.serviceAccountJson()),
      );
      assert.equal(response.status, 200, response.text);
    };

    it('puts msg/one into the player inbox, by form, query and multipart', async () => {
      const app = await server().createApp('Inbox One Game');
      const player = await server().guest(app, 'one-1');
      const other = await server().guest(app, 'one-2');
      for (const via of ['form', 'query', 'multipart'] as const) {
        const { status, body } = await server().momo(
          app,
          'msg/one',
          { userid: player.momo.userid, content: `体力已回满 (${via})` },
          { via },
        );
        assert.equal(status, 200);
        assert.deepEqual(body, success());
      }
      const messages = await inbox(player);
      assert.deepEqual(
        messages.map((m) => [m.content, m.kind, m.created_at]),
        ['form', 'query', 'multipart'].map((via) => [
          `体力已回满 (${via})`,
          'direct',
          server().clock.now(),
        ]),
      );
      assert.deepEqual(await inbox(other), []);
      // No FCM configured: no push job.
      assert.deepEqual(await jobsOf(app), []);
    });

    it('sends msg/one on to the player Android devices through FCM', async () => {
      const app = await server().createApp('FCM One Game');
      await configureFcm(app);
      const player = await server().guest(app, 'fcm-one');
      const other = await server().guest(app, 'fcm-other');
      await register(player, 'android', token('phone'));
      await register(player, 'android', token('tablet'));
      await register(player, 'ios', token('iphone'));
      await register(other, 'android', token('other'));

      const { body } = await server().momo(app, 'msg/one', {
        userid: player.momo.userid,
        content: '你的公会正在被攻击',
      });
      assert.deepEqual(body, success());
      // Queued, not sent while the request ran.
      assert.equal(fcm.messages.length, 0);
      const [queued] = await jobsOf(app);
      assert.deepEqual(
        [queued.platform, queued.status, queued.target],
        ['android', 'pending', { kind: 'player', values: [player.player_id] }],
      );
      assert.deepEqual(queued.message, {
        android: { title: 'FCM One Game', text: '你的公会正在被攻击' },
      });

      await drain(server());
      assert.deepEqual(
        fcm.messages.map((m) => m.message.token).sort(),
        [token('phone'), token('tablet')].sort(),
      );
      for (const sent of fcm.messages) {
        assert.equal(sent.projectId, FAKE_PROJECT_ID);
        assert.deepEqual(sent.message.notification, {
          title: 'FCM One Game',
          body: '你的公会正在被攻击',
        });
      }
      const done = (await server().admin('GET', `/v1/admin/push-jobs/${queued.id}`)).json;
      assert.deepEqual(
        [done.status, done.sent, done.failed, done.invalid, done.note],
        ['done', 2, 0, 0, ''],
      );
      assert.deepEqual(
        done.results.map((r: any) => r.status),
        ['sent', 'sent'],
      );
      assert.match(done.results[0].detail, /^projects\/guildhall-test\/messages\/\d+$/);
      assert.equal((await inbox(player)).length, 1);
    });

    it('broadcasts msg/all: one inbox row for every player, a push to every Android device', async () => {
      const app = await server().createApp('FCM All Game');
      await configureFcm(app);
      const players = await Promise.all([1, 2, 3].map((i) => server().guest(app, `all-${i}`)));
      const [first, second, third] = players;
      assert.ok(first && second && third);
      await register(first, 'android', token('a1'));
      await register(second, 'android', token('a2'));
      await register(second, 'ios', token('i2'));
      await register(third, 'android', token('dead'));
      fcm.setUnregistered(token('dead'));
      const elsewhere = await server().createApp('Elsewhere Game');
      const outsider = await server().guest(elsewhere, 'all-outsider');
      await register(outsider, 'android', token('outside'));

      const rowsBefore = await server()
        .guildhall.store.db.selectFrom('inbox_messages')
        .select('id')
        .where('app_id', '=', app.id)
        .execute();
      const { body } = await server().momo(app, 'msg/all', { content: '今晚 8 点停服维护' });
      assert.deepEqual(body, success());
      const rows = await server()
        .guildhall.store.db.selectFrom('inbox_messages')
        .selectAll()
        .where('app_id', '=', app.id)
        .execute();
      assert.equal(rows.length, rowsBefore.length + 1);
      assert.equal(rows[rows.length - 1]?.account_id, null);
      for (const player of players) {
        assert.deepEqual(
          (await inbox(player)).map((m) => [m.content, m.kind]),
          [['今晚 8 点停服维护', 'broadcast']],
        );
      }
      assert.deepEqual(await inbox(outsider), []);
      server().clock.advance(1_000);
      const newcomer = await server().guest(app, 'all-newcomer');
      assert.deepEqual(await inbox(newcomer), []);

      await drain(server());
      assert.deepEqual(
        fcm.messages.map((m) => m.message.token).sort(),
        [token('a1'), token('a2'), token('dead')].sort(),
      );
      const [job] = await jobsOf(app);
      assert.deepEqual(job.target, { kind: 'all', values: [] });
      assert.deepEqual([job.status, job.sent, job.invalid], ['done', 2, 1]);
      // The unregistered device was dropped.
      const left = await server()
        .guildhall.store.db.selectFrom('devices')
        .select('token')
        .where('app_id', '=', app.id)
        .where('platform', '=', 'android')
        .orderBy('id')
        .execute();
      assert.deepEqual(
        left.map((d) => d.token),
        [token('a1'), token('a2')],
      );
    });

    it('sends messagepush/push to Android devices by tag, alias and user through FCM', async () => {
      const app = await server().createApp('FCM Push Game');
      await configureFcm(app);
      const player = await server().guest(app, 'fcm-push');
      const tagged = async (name: string, tags: string[], alias?: string) => {
        const response = await server().request('POST', '/v1/client/devices', {
          token: player.session_token,
          json: { platform: 'android', token: token(name), tags, ...(alias ? { alias } : {}) },
        });
        assert.equal(response.status, 200, response.text);
      };
      await tagged('p1', ['guild-7'], 'hero');
      await tagged('p2', ['guild-7', 'vip']);
      await tagged('p3', ['vip']);
      await register(player, 'ios', token('ios'));
      const message = {
        title: '公会战',
        text: '今晚 8 点开战',
        content: '{"war":7}',
        logo: 'logo.jpg',
      };
      const push = async (target: Record<string, string>) => {
        fcm.messages.splice(0);
        const { body } = await server().momo(app, 'messagepush/push', {
          platform: 'android',
          message: JSON.stringify(message),
          ...target,
        });
        assert.deepEqual(body, success());
        await drain(server());
        return fcm.messages.map((m) => m.message.token).sort();
      };
      assert.deepEqual(await push({ tag: 'guild-7,vip' }), [token('p1'), token('p2'), token('p3')]);
      assert.deepEqual(fcm.messages[0]?.message.notification, {
        title: '公会战',
        body: '今晚 8 点开战',
        image: 'logo.jpg',
      });
      assert.deepEqual(fcm.messages[0]?.message.data, { content: '{"war":7}' });
      assert.deepEqual(await push({ alias: 'hero' }), [token('p1')]);
      assert.deepEqual(await push({ user: `${token('p3')},${token('ios')}` }), [token('p3')]);
      const [latest] = await jobsOf(app);
      assert.deepEqual(latest.message, { android: message });
      assert.deepEqual([latest.status, latest.sent], ['done', 1]);
    });

    it('keeps the message in the inbox when the FCM account is gone by the time of sending', async () => {
      const app = await server().createApp('FCM Gone Game');
      await configureFcm(app);
      const player = await server().guest(app, 'gone-1');
      await register(player, 'android', token('gone-phone'));
      await server().momo(app, 'msg/one', { userid: player.momo.userid, content: 'hello' });
      const removed = await server().admin(
        'DELETE',
        `/v1/admin/apps/${app.id}/fcm-service-account`,
      );
      assert.equal(removed.status, 204);
      await drain(server());
      assert.equal(fcm.messages.length, 0);
      const [job] = await jobsOf(app);
      assert.deepEqual(
        [job.status, job.note, job.sent],
        ['done', 'no FCM service account configured', 0],
      );
      assert.deepEqual(
        (await inbox(player)).map((m) => m.content),
        ['hello'],
      );
    });

    it('takes 1-300 characters counted as code points; else 30101 and nothing stored', async () => {
      const app = await server().createApp('Content Game');
      await configureFcm(app);
      const player = await server().guest(app, 'content-1');
      const longest = '😀'.repeat(300); // 600 UTF-16 units, 300 characters
      for (const path of ['msg/one', 'msg/all']) {
        const { body } = await server().momo(app, path, {
          userid: player.momo.userid,
          content: longest,
        });
        assert.equal(body.ec, 0, path);
      }
      const before = await inbox(player);
      assert.equal(before.length, 2);
      const jobsBefore = (await jobsOf(app)).length;
      for (const path of ['msg/one', 'msg/all']) {
        for (const content of [`${longest}a`, 'x'.repeat(301), '', '   ', undefined]) {
          const params: Record<string, string> = { userid: player.momo.userid };
          if (content !== undefined) params.content = content;
          const { body } = await server().momo(app, path, params);
          assert.equal(body.ec, 30101, `${path} ${content?.length}`);
          assert.match(body.em, /^参数错误: content/);
          assert.deepEqual(body.data, []);
        }
      }
      assert.equal((await inbox(player)).length, 2);
      assert.equal((await jobsOf(app)).length, jobsBefore);
    });

    it('answers 30101 for an unknown userid and 30009 for a wrong secret, storing nothing', async () => {
      const app = await server().createApp('Errors Game');
      const other = await server().createApp('Errors Other Game');
      const player = await server().guest(app, 'err-1');
      const stranger = await server().guest(other, 'err-2');
      const cases: Record<string, string>[] = [
        { userid: 'FFFFFFFFFFFFFFFF', content: 'x' },
        { userid: stranger.momo.userid, content: 'x' },
        { content: 'x' },
        { userid: ' ', content: 'x' },
      ];
      for (const params of cases) {
        const { body } = await server().momo(app, 'msg/one', params);
        assert.equal(body.ec, 30101, JSON.stringify(params));
        assert.deepEqual(body.data, []);
      }
      for (const path of ['msg/one', 'msg/all']) {
        for (const credentials of [
          { appid: app.momo.appid, app_secret: 'wrong' },
          { appid: 'mm_nope', app_secret: app.momo.appSecret },
        ]) {
          const { body } = await server().momoRaw(path, {
            ...credentials,
            userid: player.momo.userid,
            content: 'x',
          });
          assert.deepEqual(body, {
            ec: 30009,
            em: 'App secret 错误',
            timesec: Math.floor(server().clock.now() / 1000),
            data: [],
          });
        }
      }
      assert.deepEqual(await inbox(player), []);
      assert.deepEqual(await inbox(stranger), []);
    });
  },
  () => ({ providers: { fcmEndpoint: fcm.endpoint } }),
);
