import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, beforeEach, it } from 'node:test';
import { pushFanoutHandler } from '../../src/core/messaging/push-handler.js';
import type { PushProviderSource } from '../../src/core/messaging/providers.js';
import type { StoredApnsCertificate } from '../../src/core/messaging/types.js';
import type { OutboxHandler } from '../../src/core/outbox/types.js';
import type { PushMessage, PushOutcome } from '../../src/providers/push/types.js';
import { outboxWorker } from '../helpers/outbox.js';
import type { TestCertificates } from '../helpers/certificates.js';
import { PUSH_CERTIFICATE_CN, makeTestCertificates } from '../helpers/certificates.js';
import type { FakeApns } from '../helpers/fake-apns.js';
import { startFakeApns } from '../helpers/fake-apns.js';
import type { TestApp, TestServer } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';

let certificates: TestCertificates;
let otherCertificates: TestCertificates;
let apns: FakeApns;
before(async () => {
  [certificates, otherCertificates] = await Promise.all([
    makeTestCertificates(),
    makeTestCertificates(),
  ]);
  apns = await startFakeApns({ cert: certificates.serverCert, key: certificates.serverKey });
});
after(async () => {
  await apns.close();
  await certificates.remove();
  await otherCertificates.remove();
});

function worker(
  server: TestServer,
  handlers: readonly OutboxHandler[] = server.guildhall.outboxHandlers,
) {
  return outboxWorker(server.guildhall, handlers);
}

/** Posts messagepush/upload as a multipart form with the certificate as a file part. */
async function upload(
  server: TestServer,
  app: TestApp,
  fields: { passphrase?: string; certificate?: Buffer | string },
  credentials = { appid: app.momo.appid, app_secret: app.momo.appSecret },
) {
  const form = new FormData();
  form.append('appid', credentials.appid);
  form.append('app_secret', credentials.app_secret);
  if (fields.passphrase !== undefined) form.append('passphrase', fields.passphrase);
  if (Buffer.isBuffer(fields.certificate)) {
    const bytes = new Uint8Array(fields.certificate);
    form.append('certificate', new Blob([bytes], { type: 'application/x-pkcs12' }), 'push.p12');
  } else if (fields.certificate !== undefined) {
    form.append('certificate', fields.certificate);
  }
  const response = await fetch(`${server.baseUrl}/game/2/server/messagepush/upload`, {
    method: 'POST',
    body: form,
  });
  return { status: response.status, body: (await response.json()) as any };
}

const success = (server: TestServer, data: unknown = []) => ({
  ec: 0,
  em: 'success',
  timesec: Math.floor(server.clock.now() / 1000),
  data,
});

describeEachBackend(
  'momo messagepush',
  (server) => {
    let prefix: string;
    beforeEach(() => {
      apns.requests.splice(0);
      prefix = randomBytes(4).toString('hex');
    });

    const token = (name: string) => `${prefix}${name}`;
    const register = async (
      app: TestApp,
      player: { session_token: string },
      body: { platform: string; token: string; tags?: string[]; alias?: string },
    ) => {
      const response = await server().request('POST', '/v1/client/devices', {
        token: player.session_token,
        json: body,
      });
      assert.equal(response.status, 200, response.text);
      return response.json as { id: number };
    };
    const jobsOf = async (app: TestApp) =>
      (await server().admin('GET', `/v1/admin/apps/${app.id}/push-jobs`)).json.jobs;
    const job = async (id: number) =>
      (await server().admin('GET', `/v1/admin/push-jobs/${id}`)).json;
    const storedCertificate = async (app: TestApp) => {
      const sealed = await server().guildhall.appSecrets.get(app.id, 'apns_certificate');
      return sealed && (JSON.parse(sealed.toString('utf8')) as StoredApnsCertificate);
    };

    it('stores an uploaded certificate sealed, replacing the previous one', async () => {
      const app = await server().createApp('Upload Game');
      const first = await upload(server(), app, {
        passphrase: certificates.clientPassphrase,
        certificate: certificates.clientP12,
      });
      assert.deepEqual(first, { status: 200, body: success(server()) });
      assert.deepEqual(await storedCertificate(app), {
        pfx: certificates.clientP12.toString('base64'),
        passphrase: certificates.clientPassphrase,
      });
      const row = await server()
        .guildhall.store.db.selectFrom('app_secrets')
        .select('sealed')
        .where('app_id', '=', app.id)
        .where('kind', '=', 'apns_certificate')
        .executeTakeFirstOrThrow();
      assert.ok(!row.sealed.includes(certificates.clientP12.toString('base64').slice(0, 40)));
      assert.ok(!row.sealed.includes(certificates.clientPassphrase));

      const second = await upload(server(), app, {
        passphrase: otherCertificates.clientPassphrase,
        certificate: otherCertificates.clientP12,
      });
      assert.equal(second.body.ec, 0);
      assert.equal(
        (await storedCertificate(app))?.pfx,
        otherCertificates.clientP12.toString('base64'),
      );
    });

    it('answers 30101 for a certificate that does not open, or missing fields; keeps the old one', async () => {
      const app = await server().createApp('Bad Upload Game');
      await upload(server(), app, {
        passphrase: certificates.clientPassphrase,
        certificate: certificates.clientP12,
      });
      const kept = await storedCertificate(app);
      const cases: { passphrase?: string; certificate?: Buffer | string }[] = [
        { passphrase: 'wrong passphrase', certificate: certificates.clientP12 },
        { passphrase: '', certificate: certificates.clientP12 },
        { passphrase: 'x', certificate: randomBytes(512) },
        { passphrase: certificates.clientPassphrase, certificate: Buffer.alloc(0) },
        { passphrase: certificates.clientPassphrase },
        { certificate: certificates.clientP12 },
        // Over the 1 MiB file limit: refused before the endpoint runs, still in the envelope.
        { passphrase: 'x', certificate: randomBytes(1024 * 1024 + 1) },
        // A text field is not a file.
        {
          passphrase: certificates.clientPassphrase,
          certificate: certificates.clientP12.toString('base64'),
        },
      ];
      for (const fields of cases) {
        const { status, body } = await upload(server(), app, fields);
        assert.equal(status, 200);
        assert.equal(body.ec, 30101, JSON.stringify(Object.keys(fields)));
        assert.deepEqual(body.data, []);
      }
      // Only declared file fields are read from file parts: a passphrase sent as a file is not
      // a passphrase.
      const form = new FormData();
      form.append('appid', app.momo.appid);
      form.append('app_secret', app.momo.appSecret);
      form.append('passphrase', new Blob([certificates.clientPassphrase]), 'passphrase.txt');
      form.append('certificate', new Blob([new Uint8Array(certificates.clientP12)]), 'push.p12');
      const filePassphrase = await fetch(`${server().baseUrl}/game/2/server/messagepush/upload`, {
        method: 'POST',
        body: form,
      });
      assert.equal(((await filePassphrase.json()) as any).ec, 30101);
      assert.deepEqual(await storedCertificate(app), kept);

      // An app without a certificate gets none from a failed upload.
      const bare = await server().createApp('Bare Upload Game');
      const failed = await upload(server(), bare, {
        passphrase: 'wrong',
        certificate: certificates.clientP12,
      });
      assert.equal(failed.body.ec, 30101);
      assert.equal(await storedCertificate(bare), undefined);
    });

    it('answers 30009 for a wrong secret and 30022 for GET', async () => {
      const app = await server().createApp('Locked Upload Game');
      const wrong = await upload(
        server(),
        app,
        { passphrase: certificates.clientPassphrase, certificate: certificates.clientP12 },
        { appid: app.momo.appid, app_secret: 'wrong' },
      );
      assert.equal(wrong.body.ec, 30009);
      assert.equal(wrong.body.em, 'App secret 错误');
      const get = await server().momo(
        app,
        'messagepush/upload',
        { passphrase: 'x' },
        { via: 'query' },
      );
      assert.deepEqual(get.body, {
        ec: 30022,
        em: '只支持 POST 方式请求',
        timesec: Math.floor(server().clock.now() / 1000),
        data: [],
      });
      assert.equal(await storedCertificate(app), undefined);
    });

    it('queries iOS devices by tag (total and a page) and by alias', async () => {
      const app = await server().createApp('Query Game');
      const tokens: string[] = [];
      for (let i = 0; i < 5; i++) {
        const player = await server().guest(app, `query-${i}`);
        tokens.push(token(`q${i}`));
        await register(app, player, {
          platform: 'ios',
          token: token(`q${i}`),
          tags: ['guild-1', `solo-${i}`],
          alias: i < 2 ? 'twins' : `p${i}`,
        });
      }
      const android = await server().guest(app, 'query-android');
      await register(app, android, {
        platform: 'android',
        token: token('qa'),
        tags: ['guild-1'],
        alias: 'twins',
      });

      for (const via of ['form', 'query', 'multipart'] as const) {
        const page = await server().momo(
          app,
          'messagepush/query',
          { tag: 'guild-1', limit: '2', offset: '2' },
          { via },
        );
        assert.deepEqual(page.body, success(server(), { total: 5, data: tokens.slice(2, 4) }));
      }
      const all = await server().momo(app, 'messagepush/query', {
        tag: 'guild-1',
        limit: '100',
        offset: '0',
      });
      assert.deepEqual(all.body.data, { total: 5, data: tokens });
      const beyond = await server().momo(app, 'messagepush/query', {
        tag: 'guild-1',
        limit: '10',
        offset: '5',
      });
      assert.deepEqual(beyond.body.data, { total: 5, data: [] });
      const unknown = await server().momo(app, 'messagepush/query', {
        tag: 'nobody',
        limit: '10',
        offset: '0',
      });
      assert.deepEqual(unknown.body.data, { total: 0, data: [] });

      const alias = await server().momo(app, 'messagepush/query', { alias: 'twins' });
      assert.deepEqual(alias.body, success(server(), tokens.slice(0, 2)));
      const nobody = await server().momo(app, 'messagepush/query', { alias: 'nobody' });
      assert.deepEqual(nobody.body.data, []);
    });

    it('answers 30101 for a query without exactly one of tag/alias, or a tag query without paging', async () => {
      const app = await server().createApp('Bad Query Game');
      const cases: Record<string, string>[] = [
        {},
        { tag: 'a', alias: 'b', limit: '1', offset: '0' },
        { tag: 'a' },
        { tag: 'a', limit: '10' },
        { tag: 'a', offset: '0' },
        { tag: 'a', limit: '0', offset: '0' },
        { tag: 'a', limit: '-1', offset: '0' },
        { tag: 'a', limit: '10', offset: '-1' },
        { tag: 'a', limit: 'ten', offset: '0' },
        { tag: 'a', limit: '1.5', offset: '0' },
        { tag: '', limit: '1', offset: '0' },
        { alias: '' },
        { tag: 'x'.repeat(65), limit: '1', offset: '0' },
      ];
      for (const params of cases) {
        const { body } = await server().momo(app, 'messagepush/query', params);
        assert.equal(body.ec, 30101, JSON.stringify(params));
        assert.deepEqual(body.data, []);
      }
      const { body } = await server().momoRaw('messagepush/query', {
        appid: app.momo.appid,
        app_secret: 'wrong',
        alias: 'x',
      });
      assert.equal(body.ec, 30009);
    });

    it('rejects a malformed push with 30101 and queues nothing', async () => {
      const app = await server().createApp('Bad Push Game');
      const ios = JSON.stringify({ alert: { title: 't', body: 'b' }, sound: 'default' });
      const android = JSON.stringify({ title: 't', text: 'x', content: '{}', logo: 'l.jpg' });
      const cases: Record<string, string>[] = [
        { message: ios, tag: 'a' },
        { platform: 'windows', message: ios, tag: 'a' },
        { platform: 'ios', tag: 'a' },
        { platform: 'ios', message: 'not json', tag: 'a' },
        { platform: 'ios', message: '[]', tag: 'a' },
        { platform: 'ios', message: JSON.stringify({ sound: 'default' }), tag: 'a' },
        { platform: 'ios', message: JSON.stringify({ alert: '' }), tag: 'a' },
        { platform: 'ios', message: JSON.stringify({ alert: {} }), tag: 'a' },
        { platform: 'ios', message: JSON.stringify({ alert: { title: 1 } }), tag: 'a' },
        { platform: 'ios', message: JSON.stringify({ alert: { body: 'b', x: 1 } }), tag: 'a' },
        { platform: 'ios', message: JSON.stringify({ alert: 'a', extra: 1 }), tag: 'a' },
        { platform: 'ios', message: JSON.stringify({ alert: 'a', badge: -1 }), tag: 'a' },
        { platform: 'ios', message: JSON.stringify({ alert: 'a', badge: '1' }), tag: 'a' },
        { platform: 'ios', message: JSON.stringify({ alert: 'a'.repeat(5_000) }), tag: 'a' },
        { platform: 'ios', message: android, tag: 'a' },
        { platform: 'android', message: ios, tag: 'a' },
        { platform: 'android', message: JSON.stringify({ title: 't' }), tag: 'a' },
        { platform: 'android', message: JSON.stringify({ text: 'x' }), tag: 'a' },
        { platform: 'android', message: JSON.stringify({ title: 't', text: 1 }), tag: 'a' },
        {
          platform: 'android',
          message: JSON.stringify({ title: 't', text: 'x', sound: 'y' }),
          tag: 'a',
        },
        { platform: 'ios', message: ios },
        { platform: 'ios', message: ios, tag: 'a', alias: 'b' },
        { platform: 'ios', message: ios, user: 'a', tagand: 'b' },
        { platform: 'android', message: android, tagand: 'a,b' },
        { platform: 'ios', message: ios, tag: ' , ,' },
        { platform: 'ios', message: ios, alias: 'x'.repeat(65) },
        { platform: 'ios', message: ios, user: 'x'.repeat(513) },
        {
          platform: 'ios',
          message: ios,
          tag: Array.from({ length: 1_001 }, (_, i) => `t${i}`).join(','),
        },
      ];
      for (const params of cases) {
        const { body } = await server().momo(app, 'messagepush/push', params);
        assert.equal(body.ec, 30101, JSON.stringify(params));
        assert.match(body.em, /^参数错误: /);
        assert.deepEqual(body.data, []);
      }
      const wrong = await server().momoRaw('messagepush/push', {
        appid: app.momo.appid,
        app_secret: 'wrong',
        platform: 'ios',
        message: ios,
        tag: 'a',
      });
      assert.equal(wrong.body.ec, 30009);
      assert.deepEqual(await jobsOf(app), []);
      const outbox = await server()
        .guildhall.store.db.selectFrom('outbox')
        .select('id')
        .where('app_id', '=', app.id)
        .execute();
      assert.deepEqual(outbox, []);
    });

    it('pushes to iOS devices by tag over TLS with the certificate; drops unregistered tokens', async () => {
      const app = await server().createApp('APNs Game');
      await upload(server(), app, {
        passphrase: certificates.clientPassphrase,
        certificate: certificates.clientP12,
      });
      const devices: Record<string, { id: number }> = {};
      const add = async (name: string, platform: string, tags: string[], alias?: string) => {
        const player = await server().guest(app, `apns-${name}`);
        devices[name] = await register(app, player, {
          platform,
          token: token(name),
          tags,
          ...(alias ? { alias } : {}),
        });
      };
      await add('alice', 'ios', ['red', 'blue'], 'alice');
      await add('bob', 'ios', ['red'], 'bob');
      await add('carol', 'ios', ['blue'], 'carol');
      await add('gone', 'ios', ['red']);
      await add('dave', 'ios', ['green']);
      await add('droid', 'android', ['red']);
      apns.setUnregistered(token('gone'));

      const aps = {
        alert: { title: 'Guild war', body: 'Your guild is under attack' },
        sound: 'default',
      };
      const queued = await server().momo(app, 'messagepush/push', {
        platform: 'ios',
        message: JSON.stringify(aps),
        tag: 'red, blue',
        options: '{"ignored":true}',
      });
      assert.deepEqual(queued.body, success(server()));
      // Nothing goes out before the worker runs.
      assert.equal(apns.requests.length, 0);
      const [pending] = await jobsOf(app);
      assert.equal(pending.status, 'pending');

      const connections = apns.connections();
      await worker(server()).drainDue();
      const sentTo = apns.requests.map((r) => r.token).sort();
      assert.deepEqual(
        sentTo,
        [token('alice'), token('bob'), token('carol'), token('gone')].sort(),
      );
      for (const request of apns.requests) {
        assert.equal(request.method, 'POST');
        assert.equal(request.path, `/3/device/${request.token}`);
        assert.deepEqual(request.body, { aps });
        assert.deepEqual(request.clientCertificate, {
          presented: true,
          subjectCN: PUSH_CERTIFICATE_CN,
        });
        assert.equal(request.headers['apns-push-type'], 'alert');
      }

      const done = await job(pending.id);
      assert.equal(done.status, 'done');
      assert.equal(done.note, '');
      assert.deepEqual([done.sent, done.failed, done.invalid], [3, 0, 1]);
      assert.equal(done.finished_at, server().clock.now());
      assert.deepEqual(
        done.results.map((r: any) => [r.device_id, r.token, r.status]),
        [
          [devices.alice?.id, token('alice'), 'sent'],
          [devices.bob?.id, token('bob'), 'sent'],
          [devices.carol?.id, token('carol'), 'sent'],
          [devices.gone?.id, token('gone'), 'invalid'],
        ],
      );
      const byToken = new Map(apns.requests.map((r) => [r.token, r.apnsId]));
      assert.equal(done.results[0].detail, byToken.get(token('alice')));
      assert.equal(done.results[3].detail, '410 Unregistered');
      assert.equal(done.attempts.length, 1);
      assert.equal(done.attempts[0].outcome, 'acknowledged');
      assert.equal(done.attempts[0].summary, 'sent 3, failed 0, invalid 1');

      // The unregistered device is gone, with its tags.
      const red = await server().momo(app, 'messagepush/query', {
        tag: 'red',
        limit: '10',
        offset: '0',
      });
      assert.deepEqual(red.body.data, { total: 2, data: [token('alice'), token('bob')] });
      const tags = await server()
        .guildhall.store.db.selectFrom('device_tags')
        .select('tag')
        .where('device_id', '=', devices.gone?.id ?? 0)
        .execute();
      assert.deepEqual(tags, []);

      // A second drain sends nothing more.
      apns.requests.splice(0);
      await worker(server()).drainDue();
      assert.equal(apns.requests.length, 0);

      // tagand: devices with all the tags; alias; user (device tokens; unknown ones skipped).
      const targeted = async (params: Record<string, string>) => {
        apns.requests.splice(0);
        const { body } = await server().momo(app, 'messagepush/push', {
          platform: 'ios',
          message: JSON.stringify({ alert: 'hi', badge: 3 }),
          ...params,
        });
        assert.equal(body.ec, 0, JSON.stringify(body));
        await worker(server()).drainDue();
        assert.ok(
          apns.requests.every((r) => JSON.stringify(r.body) === '{"aps":{"alert":"hi","badge":3}}'),
        );
        return apns.requests.map((r) => r.token).sort();
      };
      assert.deepEqual(await targeted({ tagand: 'red,blue' }), [token('alice')]);
      assert.deepEqual(await targeted({ tagand: 'red' }), [token('alice'), token('bob')]);
      assert.deepEqual(await targeted({ alias: 'bob,carol,nobody' }), [
        token('bob'),
        token('carol'),
      ]);
      assert.deepEqual(await targeted({ user: `${token('dave')},unknown-token` }), [token('dave')]);
      assert.deepEqual(await targeted({ user: token('droid') }), []);
      assert.deepEqual(await targeted({ tag: 'green' }), [token('dave')]);
      // Every job of the app went over one HTTP/2 connection.
      assert.equal(apns.connections(), connections + 1);
    });

    it('ends a job with a note when the app has no certificate or FCM account', async () => {
      const app = await server().createApp('No Provider Game');
      const player = await server().guest(app, 'np');
      await register(app, player, { platform: 'ios', token: token('np-ios'), tags: ['all'] });
      await register(app, player, { platform: 'android', token: token('np-and'), tags: ['all'] });
      await server().momo(app, 'messagepush/push', {
        platform: 'ios',
        message: JSON.stringify({ alert: 'x' }),
        tag: 'all',
      });
      await server().momo(app, 'messagepush/push', {
        platform: 'android',
        message: JSON.stringify({ title: 't', text: 'x' }),
        user: token('np-and'),
      });
      await worker(server()).drainDue();
      const [android, ios] = await jobsOf(app);
      assert.deepEqual(
        [ios.status, ios.note, ios.sent, ios.failed, ios.invalid],
        ['done', 'no APNs certificate uploaded', 0, 0, 0],
      );
      assert.deepEqual(
        [android.status, android.note, android.sent],
        ['done', 'no FCM service account configured', 0],
      );
      assert.equal(apns.requests.length, 0);
      assert.deepEqual((await job(ios.id)).results, []);
    });

    it('resumes a fan-out cut short after the last recorded device: no device is sent twice', async () => {
      const app = await server().createApp('Crash Game');
      const ids: number[] = [];
      for (let i = 1; i <= 5; i++) {
        const player = await server().guest(app, `crash-${i}`);
        ids.push(
          (await register(app, player, { platform: 'ios', token: token(`c${i}`), tags: ['all'] }))
            .id,
        );
      }
      await server().momo(app, 'messagepush/push', {
        platform: 'ios',
        message: JSON.stringify({ alert: 'resume' }),
        tag: 'all',
      });
      const [queued] = await jobsOf(app);

      // The first process sends page by page and "dies" while sending to the third device: its
      // send never returns (until the test lets it, long after its claim lapsed).
      const sends: { worker: number; token: string }[] = [];
      let release: () => void = () => undefined;
      const released = new Promise<void>((resolve) => (release = resolve));
      let reachedBlock: () => void = () => undefined;
      const blocked = new Promise<void>((resolve) => (reachedBlock = resolve));
      const source = (workerNo: number, blockOn?: string): PushProviderSource => ({
        forApp: async () => ({
          endpoint: 'test',
          provider: {
            async send(deviceToken: string, message: PushMessage): Promise<PushOutcome> {
              assert.deepEqual(message, { aps: { alert: 'resume' } });
              if (deviceToken === blockOn) {
                reachedBlock();
                await released;
                return { status: 'failed', detail: 'the process was gone' };
              }
              sends.push({ worker: workerNo, token: deviceToken });
              return { status: 'sent', detail: `by ${workerNo}` };
            },
            close: async () => undefined,
          },
        }),
      });
      const { guildhall } = server();
      const handler = (workerNo: number, blockOn?: string) =>
        pushFanoutHandler(
          {
            store: guildhall.store,
            apps: guildhall.apps,
            providers: source(workerNo, blockOn),
            clock: guildhall.clock,
          },
          { pageSize: 2, concurrency: 1 },
        );
      const first = worker(server(), [handler(1, token('c3'))]).drainDue();
      await blocked;
      const midway = await job(queued.id);
      assert.equal(midway.status, 'pending');
      assert.equal(midway.sent, 2);
      assert.deepEqual(
        midway.results.map((r: any) => r.token),
        [token('c1'), token('c2')],
      );

      // Its claim lapses; another process takes the job over and resumes after device 2.
      server().clock.advance(61_000);
      await worker(server(), [handler(2)]).drainDue();
      release();
      await first;

      assert.deepEqual(sends, [
        { worker: 1, token: token('c1') },
        { worker: 1, token: token('c2') },
        { worker: 2, token: token('c3') },
        { worker: 2, token: token('c4') },
        { worker: 2, token: token('c5') },
      ]);
      const done = await job(queued.id);
      assert.equal(done.status, 'done');
      assert.deepEqual([done.sent, done.failed, done.invalid], [5, 0, 0]);
      assert.deepEqual(
        done.results.map((r: any) => [r.device_id, r.detail]),
        ids.map((id, i) => [id, i < 2 ? 'by 1' : 'by 2']),
      );
      assert.deepEqual(
        done.attempts.map((a: any) => [a.attempt, a.outcome]),
        [
          [1, 'interrupted'],
          [2, 'acknowledged'],
        ],
      );
    });
  },
  () => ({
    providers: { apnsOrigin: apns.origin, apnsCa: apns.ca },
    pushFanout: { pageSize: 2, concurrency: 2 },
  }),
);
