import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { NewOrder } from '../../src/core/payments/types.js';
import type { OutboxWorker } from '../../src/jobs/outbox-worker.js';
import { MOMO_NOTIFY_SCHEDULE } from '../../src/protocols/momo/pay-notify.js';
import { outboxWorker } from '../helpers/outbox.js';
import { startNotifyReceiver } from '../helpers/notify-receiver.js';
import type { TestApp, TestServer } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';

const HOUR = 3_600_000;
const FORM_FIELDS = [
  'app_trade_no',
  'appid',
  'channel_type',
  'currency_type',
  'encrypt_type',
  'encrypted',
  'momoid',
  'product_id',
  'sign',
  'total_fee',
  'trade_no',
  'trade_time',
];

/** The document's signing string, written here independently of the server's code. */
function expectedSigningString(fields: Record<string, string>, secret: string): string {
  const keys = Object.keys(fields)
    .filter((k) => !['sign', 'encrypted', 'encrypt_type'].includes(k) && fields[k] !== '')
    .sort();
  return `${keys.map((k) => `${k}=${fields[k]}`).join('&')}&${secret}`;
}

/** Verifies `encrypted` with the openssl command line, as a game server's ops team would. */
function opensslVerifies(publicPem: string, data: string, signature: string, digest: string) {
  const dir = mkdtempSync(join(tmpdir(), 'gh-verify-'));
  writeFileSync(join(dir, 'key.pem'), publicPem);
  writeFileSync(join(dir, 'data.txt'), data);
  writeFileSync(join(dir, 'sig.bin'), Buffer.from(signature, 'base64'));
  try {
    const out = execFileSync('openssl', [
      'dgst',
      `-${digest}`,
      '-verify',
      join(dir, 'key.pem'),
      '-signature',
      join(dir, 'sig.bin'),
      join(dir, 'data.txt'),
    ]).toString();
    return out.trim() === 'Verified OK';
  } catch {
    return false;
  }
}

describeEachBackend('Momo pay notify', (get) => {
  let server: TestServer;
  let app: TestApp;
  let accountId: number;
  let userid: string;
  let receiver: Awaited<ReturnType<typeof startNotifyReceiver>>;
  let worker: OutboxWorker;

  const order = (overrides: Partial<NewOrder> = {}) =>
    server.guildhall.payments.create(app, accountId, {
      productId: 'gem_pack_1',
      amount: '6.00',
      currency: 'RMB',
      channel: 'sandbox',
      appOrderNo: 'game-order-1',
      ...overrides,
    });
  const paidOrder = async (overrides: Partial<NewOrder> = {}) => {
    const created = await order(overrides);
    return server.guildhall.payments.payInSandbox(app, accountId, created.id);
  };

  before(async () => {
    server = get();
    receiver = await startNotifyReceiver();
    app = await server.createApp('Pay Game', {
      sandbox: true,
      momoNotifyUrl: receiver.url,
    });
    const player = await server.guest(app, 'notify-device');
    userid = player.momo.userid;
    accountId = (await server.guildhall.directory.accountByPublicId(player.player_id)).id;
    worker = outboxWorker(server.guildhall);
  });
  after(() => receiver.close());

  it('POSTs the document form, signed: sign recomputed, encrypted verified by openssl (RSA = SHA-1)', async () => {
    receiver.received.length = 0;
    const paid = await paidOrder({ amount: '6.50', appOrderNo: 'cp-42' });
    assert.equal(await worker.drainDue(), 1);
    assert.equal(receiver.received.length, 1);
    const fields = receiver.received[0]?.fields ?? {};
    assert.deepEqual(Object.keys(fields).sort(), FORM_FIELDS);
    assert.equal(fields.appid, app.momo.appid);
    assert.equal(fields.momoid, userid);
    assert.equal(fields.trade_no, paid.tradeNo);
    assert.match(fields.trade_no ?? '', /^\d{23}$/);
    assert.equal(fields.app_trade_no, 'cp-42');
    assert.equal(fields.product_id, 'gem_pack_1');
    assert.equal(fields.currency_type, '0');
    assert.equal(fields.total_fee, '6.5');
    assert.equal(fields.trade_time, String(Math.floor(server.clock.now() / 1000)));
    assert.equal(fields.channel_type, '200');
    assert.equal(fields.encrypt_type, 'RSA');

    const signing = expectedSigningString(fields, app.momo.appSecret);
    assert.equal(fields.sign, createHash('md5').update(signing, 'utf8').digest('hex'));
    const publicKey = (await server.guildhall.appSecrets.notifyKeyPair(app.id)).publicKey;
    assert.ok(opensslVerifies(publicKey, signing, fields.encrypted ?? '', 'sha1'));
    assert.ok(!opensslVerifies(publicKey, `${signing}x`, fields.encrypted ?? '', 'sha1'));

    const [delivery] = await server.guildhall.payments.deliveries(paid.id);
    assert.equal(delivery?.status, 'delivered');
    assert.equal((await server.guildhall.payments.get(paid.id)).status, 'delivered');
  });

  it('signs with SHA-256 when the app chooses RSA2, and reports 陌陌币 in coins', async () => {
    await server.guildhall.apps.update(app.id, {
      dialectSettings: { momo: { momo_notify_sign_type: 'RSA2' } },
    });
    receiver.received.length = 0;
    await paidOrder({ amount: '60', currency: 'MMB', channel: 'sandbox' });
    await worker.drainDue();
    const fields = receiver.received[0]?.fields ?? {};
    assert.equal(fields.encrypt_type, 'RSA2');
    assert.equal(fields.currency_type, '1');
    assert.equal(fields.total_fee, '60');
    const publicKey = (await server.guildhall.appSecrets.notifyKeyPair(app.id)).publicKey;
    const signing = expectedSigningString(fields, app.momo.appSecret);
    assert.ok(opensslVerifies(publicKey, signing, fields.encrypted ?? '', 'sha256'));
    assert.ok(!opensslVerifies(publicKey, signing, fields.encrypted ?? '', 'sha1'));
    await server.guildhall.apps.update(app.id, {
      dialectSettings: { momo: { momo_notify_sign_type: 'RSA' } },
    });
  });

  it('counts only HTTP 200 with the body `success` (whitespace trimmed) as acknowledged', async () => {
    const answers = [
      { status: 200, body: 'SUCCESS', ok: false },
      { status: 201, body: 'success', ok: false },
      { status: 200, body: 'success!', ok: false },
      { status: 500, body: 'success', ok: false },
      { status: 200, body: '{"ec":1,"em":"bad sign"}', ok: false },
      { status: 200, body: ' \n success \r\n', ok: true },
    ];
    for (const answer of answers) {
      receiver.answerWith(() => answer);
      const paid = await paidOrder();
      await worker.drainDue();
      const [delivery] = await server.guildhall.payments.deliveries(paid.id);
      assert.equal(delivery?.status, answer.ok ? 'delivered' : 'pending', JSON.stringify(answer));
      const attempt = delivery?.history[0];
      assert.equal(attempt?.httpStatus, answer.status);
      assert.equal(attempt?.body, answer.body);
      assert.equal(attempt?.outcome, answer.ok ? 'acknowledged' : 'rejected');
      await server.guildhall.payments.refund(paid.id);
    }
    receiver.answerWith(() => ({ status: 200, body: 'success' }));
  });

  it('retries 24 times on the decaying schedule, all within 24 h of payment, recording each attempt', async () => {
    receiver.answerWith(() => ({ status: 503, body: 'busy' }));
    const paidAt = server.clock.now();
    const paid = await paidOrder();
    for (const offset of MOMO_NOTIFY_SCHEDULE) {
      server.clock.time = paidAt + offset - 1;
      if (offset > 0) assert.equal(await worker.drainDue(), 0, `early at +${offset}`);
      server.clock.time = paidAt + offset;
      assert.equal(await worker.drainDue(), 1, `attempt due at +${offset}`);
    }
    server.clock.time = paidAt + 48 * HOUR;
    assert.equal(await worker.drainDue(), 0);
    const [delivery] = await server.guildhall.payments.deliveries(paid.id);
    assert.equal(delivery?.status, 'failed');
    assert.equal(delivery?.history.length, 24);
    assert.deepEqual(
      delivery?.history.map((a) => a.attempt),
      Array.from({ length: 24 }, (_, i) => i + 1),
    );
    const gaps = MOMO_NOTIFY_SCHEDULE.slice(1).map((t, i) => t - (MOMO_NOTIFY_SCHEDULE[i] ?? 0));
    assert.ok(
      gaps.every((gap, i) => i === 0 || gap >= (gaps[i - 1] ?? 0)),
      'gaps never shrink',
    );
    assert.ok((MOMO_NOTIFY_SCHEDULE.at(-1) ?? Infinity) < 24 * HOUR);
    assert.ok(delivery?.history.every((a) => a.httpStatus === 503 && a.body === 'busy'));
    assert.ok(delivery?.history.every((a) => a.latencyMs >= 0 && a.url === receiver.url));
    receiver.answerWith(() => ({ status: 200, body: 'success' }));
    // An operator re-sends it: a new delivery, acknowledged at once.
    await server.guildhall.payments.resend(paid.id);
    await worker.drainDue();
    const deliveries = await server.guildhall.payments.deliveries(paid.id);
    assert.deepEqual(
      deliveries.map((d) => d.status),
      ['failed', 'delivered'],
    );
  });

  it('records an unreachable receiver and a missing notify URL as errors and tries again later', async () => {
    const paid = await paidOrder();
    await server.guildhall.apps.update(app.id, {
      dialectSettings: { momo: { momo_notify_url: null } },
    });
    await worker.drainDue();
    await server.guildhall.apps.update(app.id, {
      dialectSettings: { momo: { momo_notify_url: 'http://127.0.0.1:1/notify' } },
    });
    server.clock.advance(15_000);
    await worker.drainDue();
    await server.guildhall.apps.update(app.id, {
      dialectSettings: { momo: { momo_notify_url: receiver.url } },
    });
    server.clock.advance(15_000);
    await worker.drainDue();
    const [delivery] = await server.guildhall.payments.deliveries(paid.id);
    assert.deepEqual(
      delivery?.history.map((a) => [a.outcome, a.httpStatus]),
      [
        ['error', null],
        ['error', null],
        ['acknowledged', 200],
      ],
    );
    assert.match(delivery?.history[0]?.body ?? '', /notify URL/);
    assert.match(delivery?.history[1]?.body ?? '', /fetch failed|ECONNREFUSED/);
  });

  it('a refund calls off a notification not yet acknowledged', async () => {
    receiver.answerWith(() => ({ status: 500, body: 'down' }));
    const paid = await paidOrder();
    await worker.drainDue();
    await server.guildhall.payments.refund(paid.id);
    server.clock.advance(HOUR);
    const before = receiver.received.length;
    await worker.drainDue();
    assert.equal(receiver.received.length, before);
    const [delivery] = await server.guildhall.payments.deliveries(paid.id);
    assert.equal(delivery?.status, 'cancelled');
    receiver.answerWith(() => ({ status: 200, body: 'success' }));
  });

  it('after a crash, the attempt in flight is recorded as interrupted and made again', async () => {
    const paid = await paidOrder();
    const store = server.guildhall.store;
    const now = server.clock.now();
    // A process claims the notification and dies before recording the outcome.
    const claimed = await store.transaction((s) => s.outbox.claim(now, now + 60_000, 100));
    assert.deepEqual(
      claimed.map((c) => c.ref),
      [paid.id],
    );
    // Nobody else may take it while the claim lasts ...
    assert.equal(await worker.drainDue(), 0);
    // ... and once it lapses the next attempt records the lost one.
    server.clock.advance(60_000);
    assert.equal(await worker.drainDue(), 1);
    const [delivery] = await server.guildhall.payments.deliveries(paid.id);
    assert.deepEqual(
      delivery?.history.map((a) => [a.attempt, a.outcome]),
      [
        [1, 'interrupted'],
        [2, 'acknowledged'],
      ],
    );
  });

  it('hands each due item to one claimant only', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 40; i++) ids.add((await paidOrder()).id);
    const store = server.guildhall.store;
    const now = server.clock.now();
    const claims = await Promise.all(
      Array.from({ length: 4 }, () =>
        store.transaction((s) => s.outbox.claim(now, now + 60_000, 15)),
      ),
    );
    const refs = claims.flat().map((c) => c.ref);
    assert.equal(refs.length, new Set(refs).size, 'no item claimed twice');
    assert.equal(refs.length, 40);
    server.clock.advance(60_000);
    await worker.drainDue();
  });
});
