import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import Fastify, { LogController } from 'fastify';
import pino from 'pino';
import { OutboxWorker } from '../src/jobs/outbox-worker.js';
import { openGuildhall } from '../src/guildhall.js';
import { postForm } from '../src/providers/webhook/post-form.js';
import { announce, stopOnSignal } from './child.js';
import { deliveryKind } from './delivery-kinds.js';

/**
 * The sending side of the delivery bench, in its own process, driven over a control port, for
 * one delivery kind (--kind): with a database, the real outbox worker (POST /start) and a player
 * paying orders of the kind (POST /pay); without one, the outgoing-HTTP floor (POST /floor) and
 * the cost of signing alone (POST /sign).
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
    kind: { type: 'string' },
  },
});
const concurrency = Number(values.concurrency);
const kind = deliveryKind(values.kind);

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
 * (which queues its delivery and wakes the worker). Its appOrderNo, `p<seq>-<epoch ms>` (at most
 * 20 characters, xcloud's limit, up to seq 99,999), carries the moment.
 */
control.post('/pay', async (request) => {
  if (!guildhall) throw new Error('no database: started for /floor and /sign only');
  const { seconds, rate } = request.body as { seconds: number; rate: number };
  const app = await guildhall.apps.get(values['app-id'] ?? '');
  const accountId = Number(values['account-id']);
  const pay = async (seq: number) => {
    const order = await guildhall.payments.create(
      app,
      accountId,
      kind.order(`p${seq}-${Date.now()}`),
    );
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

/** The same POSTs as the worker's, `concurrency` at a time, of one form signed once. */
control.post('/floor', async (request) => {
  const { url, seconds } = request.body as { url: string; seconds: number };
  const form = await kind.signedForm();
  const end = performance.now() + seconds * 1000;
  let acknowledged = 0;
  let failed = 0;
  const loop = async () => {
    while (performance.now() < end) {
      const result = await postForm(url, form);
      if (kind.isAcknowledgement(result.httpStatus, result.body)) acknowledged += 1;
      else failed += 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, loop));
  return { acknowledged, failed, seconds: (performance.now() - started) / 1000 };
});

/** The kind's signing as the worker calls it, `concurrency` at a time. */
control.post('/sign', async (request) => {
  const { seconds } = request.body as { seconds: number };
  const started = performance.now();
  let signatures = 0;
  const loop = async () => {
    while (performance.now() - started < seconds * 1000) {
      await kind.signedForm();
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
