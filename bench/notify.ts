import { randomBytes } from 'node:crypto';
import { readdirSync, renameSync, rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { OutboxSignal } from '../src/core/outbox/types.js';
import { PaymentService } from '../src/core/payments/service.js';
import type { Guildhall, GuildhallOptions } from '../src/guildhall.js';
import { openGuildhall } from '../src/guildhall.js';
import type { BackendName } from './backends.js';
import type { RunningChild } from './child.js';
import { startChild } from './child.js';
import { median } from './load.js';

/**
 * Momo pay-notify delivery: paid orders queue notifications in the outbox; the outbox worker
 * signs each (RSA-2048 + md5) and POSTs it to the app's notify URL, a local game server that
 * answers `success`. The worker runs in its own process, the receiver in another; this process
 * seeds the database and watches.
 */

/** The worker's default number of attempts in flight, and the floor's concurrency. */
export const NOTIFY_CONCURRENCY = 16;
/**
 * The steady phase pays orders at these shares of the median drain rate: half, which it should
 * keep up with (the latency is the delivery's own), then all of it, while paying costs the same
 * process CPU too (delivered/s is then the capacity, and the latency includes queueing).
 */
const STEADY_SHARES = [0.5, 1];
const SEED_BATCH = 500;
const POSTGRES_SCHEMA = 'bench_notify';

export interface NotifyTarget {
  name: BackendName;
  title: string;
  platform: GuildhallOptions;
}

export interface NotifySettings {
  /** Orders in each backlog. */
  orders: number;
  /** Backlog drains and floor runs, each a median of this many. */
  runs: number;
  /** Length of a steady-delivery run and of a floor run. */
  seconds: number;
  /** Write a CPU profile of each worker process into this directory. */
  profileDir?: string;
  /** Called before each phase (the references, each backend), e.g. to sample the machine. */
  beforePhase?: (phase: string) => Promise<void>;
}

export interface DrainRun {
  seconds: number;
  deliveriesPerSecond: number;
  /** CPU the worker's and the receiver's processes used, in cores: near 1 is the limit. */
  workerCores: number;
  receiverCores: number;
}

export interface SteadyFigures {
  /** Of the median drain rate. */
  share: number;
  /** Orders paid per second asked for, and achieved. */
  targetRate: number;
  paidPerSecond: number;
  /** Notifications acknowledged while the orders were being paid. */
  deliveredPerSecond: number;
  /** From the pay call to the receiver taking the notification, over every order paid. */
  p50Ms: number;
  p99Ms: number;
  /** Paid but not yet acknowledged when paying stopped. */
  behind: number;
}

export interface NotifyBackendResult {
  name: BackendName;
  title: string;
  drainRuns: DrainRun[];
  /** Medians of the drain runs. */
  drainSeconds: number;
  deliveriesPerSecond: number;
  steady: SteadyFigures[];
}

export interface NotifyResult {
  orders: number;
  runs: number;
  seconds: number;
  concurrency: number;
  /** Plain form POSTs to the same receiver, from one process, no database and no signing. */
  floor: { postsPerSecond: number; runsPostsPerSecond: number[] };
  /** signMomoNotify as the worker calls it, 16 at a time (RSA-2048 SHA-1 in the thread pool). */
  signaturesPerSecond: number;
  backends: NotifyBackendResult[];
}

/** SQLite in a fresh file of `dataDir`; PostgreSQL in its own schema when a URL is given. */
export function notifyTargets(
  dataDir: string,
  databaseUrl: string | undefined,
  only: string | undefined,
): NotifyTarget[] {
  const targets: NotifyTarget[] = [];
  if (only !== 'postgres') {
    const sqliteFile = `${dataDir}/notify-${process.pid}.sqlite`;
    targets.push({ name: 'sqlite', title: 'SQLite', platform: { sqliteFile } });
  }
  if (only !== 'sqlite' && databaseUrl) {
    targets.push({
      name: 'postgres',
      title: 'PostgreSQL',
      platform: { databaseUrl, databaseSchema: POSTGRES_SCHEMA },
    });
  }
  return targets;
}

/**
 * --cpu-prof writes a profile per thread (tsx's module loader and SQLite's checkpointer are
 * threads too), named CPU.<date>.<time>.<pid>.<thread id>.<seq>: keep the main thread's (id 0).
 */
function keepMainThread(threadsDir: string, file: string): void {
  const main = readdirSync(threadsDir).find((name) => /^CPU\.\d+\.\d+\.\d+\.0\.\d+\./.test(name));
  if (main) renameSync(`${threadsDir}/${main}`, `${file}.cpuprofile`);
  rmSync(threadsDir, { recursive: true, force: true });
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

async function call<T>(child: RunningChild, path: string, body?: object): Promise<T> {
  const response = await fetch(child.origin + path, {
    method: body ? 'POST' : 'GET',
    ...(body
      ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
      : {}),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

interface ReceiverStats {
  received: number;
  cpuSeconds: number;
  p50Ms: number | null;
  p99Ms: number | null;
}

/** Polls `done` every 10 ms; fails after `timeoutMs`. */
async function waitFor(done: () => Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = performance.now() + timeoutMs;
  while (!(await done())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** A fresh database with one sandbox app notifying the receiver, and one player. */
interface World {
  guildhall: Guildhall;
  appId: string;
  accountId: number;
  workerArgs: string[];
  close(): Promise<void>;
}

async function dropSchema(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${POSTGRES_SCHEMA} cascade`);
  } finally {
    await client.end();
  }
}

async function removeDatabase(target: NotifyTarget): Promise<void> {
  const { sqliteFile, databaseUrl } = target.platform;
  if (databaseUrl) await dropSchema(databaseUrl);
  if (sqliteFile)
    for (const suffix of ['', '-wal', '-shm']) rmSync(sqliteFile + suffix, { force: true });
}

async function openWorld(target: NotifyTarget, notifyUrl: string): Promise<World> {
  await removeDatabase(target);
  const secretKey = randomBytes(32);
  const guildhall = await openGuildhall({ ...target.platform, secretKey, rebuild: 'never' });
  const app = await guildhall.apps.create(
    'Notify bench',
    { sandbox: true },
    { momo: { momo_notify_url: notifyUrl } },
  );
  const { account } = await guildhall.players.loginGuest(app.id, 'bench-notify-device');
  await guildhall.appSecrets.notifyKeyPair(app.id); // made now rather than by the first attempt
  const { sqliteFile, databaseUrl, databaseSchema } = target.platform;
  const pairs: [string, string | undefined][] = [
    ['--sqlite-file', sqliteFile],
    ['--database-url', databaseUrl],
    ['--database-schema', databaseSchema],
    ['--secret-key', secretKey.toString('hex')],
    ['--app-id', app.id],
    ['--account-id', String(account.id)],
    ['--concurrency', String(NOTIFY_CONCURRENCY)],
  ];
  return {
    guildhall,
    appId: app.id,
    accountId: account.id,
    workerArgs: pairs.flatMap(([flag, value]) => (value === undefined ? [] : [flag, value])),
    close: async () => {
      await guildhall.close();
      await removeDatabase(target);
    },
  };
}

/** Pays `orders` orders, in transactions of SEED_BATCH, with no worker running. */
async function seedBacklog(world: World, orders: number): Promise<void> {
  const { guildhall } = world;
  const app = await guildhall.apps.get(world.appId);
  for (let first = 0; first < orders; first += SEED_BATCH) {
    await guildhall.store.transaction(async (store) => {
      const payments = new PaymentService(
        store,
        guildhall.clock,
        guildhall.random,
        new OutboxSignal(),
      );
      for (let i = first; i < Math.min(orders, first + SEED_BATCH); i++) {
        const order = await payments.create(app, world.accountId, {
          productId: 'gem_pack_1',
          amount: '6.00',
          currency: 'RMB',
          channel: 'sandbox',
          appOrderNo: `backlog-${i}`,
        });
        await payments.markPaid(order.id, `bench_${order.id}`);
      }
    });
  }
}

class NotifyBench {
  constructor(
    private readonly receiver: RunningChild,
    private readonly settings: NotifySettings,
  ) {}

  private receiverStats = () => call<ReceiverStats>(this.receiver, '/stats');

  private async withWorker<T>(
    world: World | undefined,
    profileName: string,
    work: (worker: RunningChild) => Promise<T>,
  ): Promise<T> {
    const { profileDir } = this.settings;
    const threadsDir = `${profileDir}/${profileName}.threads`;
    const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${threadsDir}`] : [];
    const worker = await startChild('./notify-worker-process.ts', world?.workerArgs ?? [], profile);
    try {
      return await work(worker);
    } finally {
      await worker.stop();
      if (profileDir) keepMainThread(threadsDir, `${profileDir}/${profileName}`);
    }
  }

  private async withWorld<T>(target: NotifyTarget, work: (world: World) => Promise<T>) {
    const world = await openWorld(target, `${this.receiver.origin}/notify`);
    try {
      return await work(world);
    } finally {
      await world.close();
    }
  }

  /** Time from starting the worker on a backlog until the receiver took all of it. */
  private drain(target: NotifyTarget, run: number): Promise<DrainRun> {
    const { orders } = this.settings;
    return this.withWorld(target, async (world) => {
      await seedBacklog(world, orders);
      await call(this.receiver, '/reset', {});
      return this.withWorker(world, `notify-${target.name}-drain-${run}`, async (worker) => {
        const started = performance.now();
        await call(worker, '/start', {});
        await waitFor(
          async () =>
            (await this.receiverStats()).received >= orders &&
            (await world.guildhall.store.outbox.countPending()) === 0,
          600_000,
          `${orders} deliveries`,
        );
        const seconds = (performance.now() - started) / 1000;
        const { cpuSeconds } = await call<{ cpuSeconds: number }>(worker, '/cpu');
        const receiver = await this.receiverStats();
        if (receiver.received !== orders) {
          throw new Error(`receiver took ${receiver.received} of ${orders}`);
        }
        return {
          seconds,
          deliveriesPerSecond: orders / seconds,
          workerCores: cpuSeconds / seconds,
          receiverCores: receiver.cpuSeconds / seconds,
        };
      });
    });
  }

  /** Orders paid at `rate` per second in the worker's process while it delivers. */
  private steady(target: NotifyTarget, drainRate: number, share: number): Promise<SteadyFigures> {
    const { seconds } = this.settings;
    const rate = Math.max(1, Math.round(drainRate * share));
    return this.withWorld(target, (world) =>
      this.withWorker(world, `notify-${target.name}-steady-${share * 100}`, async (worker) => {
        await call(this.receiver, '/reset', {});
        await call(worker, '/start', {});
        const pay = await call<{ paid: number; seconds: number }>(worker, '/pay', {
          seconds,
          rate,
        });
        const inWindow = (await this.receiverStats()).received;
        await waitFor(
          async () =>
            (await this.receiverStats()).received >= pay.paid &&
            (await world.guildhall.store.outbox.countPending()) === 0,
          600_000,
          `${pay.paid} deliveries`,
        );
        const stats = await this.receiverStats();
        return {
          share,
          targetRate: rate,
          paidPerSecond: pay.paid / pay.seconds,
          deliveredPerSecond: inWindow / pay.seconds,
          p50Ms: stats.p50Ms ?? Number.NaN,
          p99Ms: stats.p99Ms ?? Number.NaN,
          behind: pay.paid - inWindow,
        };
      }),
    );
  }

  async backend(target: NotifyTarget): Promise<NotifyBackendResult> {
    const { runs, orders } = this.settings;
    log(`${target.title}: ${runs} drain(s) of ${orders} notifications`);
    const drainRuns: DrainRun[] = [];
    for (let run = 0; run < runs; run++) {
      const result = await this.drain(target, run);
      log(
        `  drained in ${result.seconds.toFixed(2)} s: ${Math.round(result.deliveriesPerSecond)}/s; ` +
          `CPU: worker ${result.workerCores.toFixed(2)}, receiver ` +
          `${result.receiverCores.toFixed(2)} cores`,
      );
      drainRuns.push(result);
    }
    const deliveriesPerSecond = median(drainRuns.map((r) => r.deliveriesPerSecond));
    const steady: SteadyFigures[] = [];
    for (const share of STEADY_SHARES) {
      const figures = await this.steady(target, deliveriesPerSecond, share);
      log(
        `  steady at ${share * 100}% of that: paid ${Math.round(figures.paidPerSecond)}/s, ` +
          `delivered ${Math.round(figures.deliveredPerSecond)}/s, ${figures.behind} behind; ` +
          `payment to receiver p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms`,
      );
      steady.push(figures);
    }
    return {
      name: target.name,
      title: target.title,
      drainRuns,
      drainSeconds: median(drainRuns.map((r) => r.seconds)),
      deliveriesPerSecond,
      steady,
    };
  }

  /** The floor and the signing reference, from a worker process without a database. */
  references(): Promise<Pick<NotifyResult, 'floor' | 'signaturesPerSecond'>> {
    const { runs, seconds } = this.settings;
    return this.withWorker(undefined, 'notify-floor', async (sender) => {
      const url = `${this.receiver.origin}/notify`;
      const post = async (seconds: number) => {
        await call(this.receiver, '/reset', {});
        const result = await call<{ acknowledged: number; failed: number; seconds: number }>(
          sender,
          '/floor',
          { url, seconds },
        );
        if (result.failed > 0) throw new Error(`${result.failed} floor POSTs failed`);
        return result.acknowledged / result.seconds;
      };
      await post(1); // warm-up
      const runsPostsPerSecond: number[] = [];
      for (let run = 0; run < runs; run++) runsPostsPerSecond.push(await post(seconds));
      const floor = { postsPerSecond: median(runsPostsPerSecond), runsPostsPerSecond };
      log(`  HTTP floor: ${Math.round(floor.postsPerSecond)} POSTs/s`);
      const signed = await call<{ signatures: number; seconds: number }>(sender, '/sign', {
        seconds: 2,
      });
      const signaturesPerSecond = signed.signatures / signed.seconds;
      log(
        `  signing alone: ${Math.round(signaturesPerSecond)} signatures/s (16 at a time, thread pool)`,
      );
      return { floor, signaturesPerSecond };
    });
  }
}

/** The whole notify part: the references, then each backend. */
export async function benchNotify(
  targets: readonly NotifyTarget[],
  settings: NotifySettings,
): Promise<NotifyResult> {
  const receiver = await startChild('./notify-receiver-process.ts', []);
  try {
    const bench = new NotifyBench(receiver, settings);
    log(`Pay notify: receiver at ${receiver.origin}, worker concurrency ${NOTIFY_CONCURRENCY}`);
    await settings.beforePhase?.('notify floor');
    const references = await bench.references();
    const backends: NotifyBackendResult[] = [];
    for (const target of targets) {
      await settings.beforePhase?.(`notify ${target.name}`);
      backends.push(await bench.backend(target));
    }
    const { orders, runs, seconds } = settings;
    return { orders, runs, seconds, concurrency: NOTIFY_CONCURRENCY, ...references, backends };
  } finally {
    await receiver.stop();
  }
}
