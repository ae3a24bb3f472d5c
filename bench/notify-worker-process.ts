import type { KeyObject } from 'node:crypto';
import { generateKeyPairSync } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import Fastify, { LogController } from 'fastify';
import pino from 'pino';
import { OutboxWorker } from '../src/jobs/outbox-worker.js';
import { openGuildhall } from '../src/guildhall.js';
import { isMomoAcknowledgement } from '../src/protocols/momo/pay-notify.js';
import { signMomoNotify } from '../src/protocols/momo/signature.js';
import { postForm } from '../src/providers/webhook/post-form.js';
import { announce, stopOnSignal } from './child.js';

/**
 * The sending side of the notify bench, in its own process, driven over a control port:
 * with a database, the real outbox worker (POST /start) and a player paying orders (POST /pay);
 * without one, the outgoing-HTTP floor (POST /floor) and the cost of signing alone (POST /sign).
 */
const { values } = parseArgs({
  options: {
    'sqlite-file': { type: 'string' },
    'database-url': { type: 'string' },
    'database-schema': { type: 'string' },
    'secret-key': { type: 'string' },
    'app-id': { type: 'string' },
    'account-id': { type: 'string' },
    concurrency: { type: 'string', default: '16' },
  },
});
const concurrency = Number(values.concurrency);

const guildhall =
  values['sqlite-file'] || values['database-url']
    ? await openGuildhall({
        sqliteFile: values['sqlite-file'],
        databaseUrl: values['database-url'],
        databaseSchema: values['database-schema'],
        secretKey: Buffer.from(values['secret-key'] ?? '', 'hex'),
        rebuild: 'never',
      })
    : undefined;
const worker =
  guildhall &&
  new OutboxWorker(
    guildhall.store,
    guildhall.outboxHandlers,
    guildhall.clock,
    pino({ level: 'warn' }),
    guildhall.outboxSignal,
    // As startJobs runs it in a serving process.
    { concurrency, shared: guildhall.database.kind === 'postgres' },
  );

const control = Fastify({ logController: new LogController({ disableRequestLogging: true }) });

let cpuAtStart = process.cpuUsage();
control.post('/start', async () => {
  if (!worker) throw new Error('no database: started for /floor and /sign only');
  cpuAtStart = process.cpuUsage();
  await worker.start();
  return {};
});

/** CPU this process used since /start. */
control.get('/cpu', async () => {
  const cpu = process.cpuUsage(cpuAtStart);
  return { cpuSeconds: (cpu.user + cpu.system) / 1e6 };
});

/**
 * Pays orders at `rate` per second for `seconds`, as players would through this process's API,
 * each on schedule whether or not the previous one is done: the order is created, then paid
 * (which queues its notification and wakes the worker). `app_trade_no` carries the moment.
 */
control.post('/pay', async (request) => {
  if (!guildhall) throw new Error('no database: started for /floor and /sign only');
  const { seconds, rate } = request.body as { seconds: number; rate: number };
  const app = await guildhall.apps.get(values['app-id'] ?? '');
  const accountId = Number(values['account-id']);
  const pay = async (seq: number) => {
    const order = await guildhall.payments.create(app, accountId, {
      productId: 'gem_pack_1',
      amount: '6.00',
      currency: 'RMB',
      channel: 'sandbox',
      appOrderNo: `paid-${seq}-${Date.now()}`,
    });
    await guildhall.payments.markPaid(order.id, `bench_${order.id}`);
  };
  const payments: Promise<void>[] = [];
  const started = performance.now();
  for (let seq = 0; seq < seconds * rate; seq++) {
    const wait = (seq * 1000) / rate - (performance.now() - started);
    if (wait > 0) await sleep(wait);
    payments.push(pay(seq));
  }
  await Promise.all(payments);
  return { paid: payments.length, seconds: (performance.now() - started) / 1000 };
});

/** A pay notification's fields, the values of a sandbox order. */
const FIELDS = {
  appid: 'mm_gh_0123abcd',
  trade_no: '10012026112112000000001',
  app_trade_no: 'cp-000001',
  product_id: 'gem_pack_1',
  currency_type: '0',
  total_fee: '6',
  trade_time: '1795000000',
  channel_type: '200',
  momoid: '0123456789abcdef',
};
const APP_SECRET = '0123456789abcdef0123456789abcdef';
let privateKey: KeyObject | undefined;
/** signMomoNotify as the worker calls it, with a key made on first use. */
function sign() {
  privateKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  return signMomoNotify(FIELDS, APP_SECRET, privateKey, 'RSA');
}

/** The same POSTs as the worker's, `concurrency` at a time, of one form signed once. */
control.post('/floor', async (request) => {
  const { url, seconds } = request.body as { url: string; seconds: number };
  const form = await sign();
  const end = performance.now() + seconds * 1000;
  let acknowledged = 0;
  let failed = 0;
  const loop = async () => {
    while (performance.now() < end) {
      const result = await postForm(url, form);
      if (isMomoAcknowledgement(result.httpStatus, result.body)) acknowledged += 1;
      else failed += 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, loop));
  return { acknowledged, failed, seconds: (performance.now() - started) / 1000 };
});

/** signMomoNotify as the worker calls it (RSA-2048, SHA-1, in the thread pool), `concurrency` at a time. */
control.post('/sign', async (request) => {
  const { seconds } = request.body as { seconds: number };
  const started = performance.now();
  let signatures = 0;
  const loop = async () => {
    while (performance.now() - started < seconds * 1000) {
      await sign();
      signatures += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  return { signatures, seconds: (performance.now() - started) / 1000 };
});

await control.listen({ host: '127.0.0.1', port: 0 });
announce(control, {});
stopOnSignal(async () => {
  await control.close();
  await worker?.stop();
  await guildhall?.close();
});
