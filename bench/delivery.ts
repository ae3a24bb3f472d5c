import { readdirSync, renameSync, rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BackendName } from './backends.js';
import type { RunningChild } from './child.js';
import { startChild } from './child.js';
import type { DeliveryKind } from './delivery-kinds.js';
import type { DeliveryTarget, World } from './delivery-world.js';
import { openWorld, seedBacklog } from './delivery-world.js';
import { median } from './load.js';

/**
 * Delivery of paid orders, for each delivery kind (bench/delivery-kinds.ts: Momo pay notify,
 * xcloud reward): paying an order queues its delivery in the outbox; the outbox worker signs each
 * and POSTs it to the app's URL for the kind, a local game server that answers `success`. The
 * worker runs in its own process, the receiver in another; this process seeds the database and
 * watches.
 */

/** The worker's default number of attempts in flight, and the floor's concurrency. */
export const DELIVERY_CONCURRENCY = 16;
/**
 * The steady phase pays orders at these shares of the median drain rate: half, which it should
 * keep up with (the latency is the delivery's own), then all of it, while paying costs the same
 * process CPU too (delivered/s is then the capacity, and the latency includes queueing).
 */
const STEADY_SHARES = [0.5, 1];

export interface DeliverySettings {
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
  /** Deliveries acknowledged while the orders were being paid. */
  deliveredPerSecond: number;
  /** From the pay call to the receiver taking the delivery, over every order paid. */
  p50Ms: number;
  p99Ms: number;
  /** Paid but not yet acknowledged when paying stopped. */
  behind: number;
}

export interface DeliveryBackendResult {
  name: BackendName;
  title: string;
  drainRuns: DrainRun[];
  /** Medians of the drain runs. */
  drainSeconds: number;
  deliveriesPerSecond: number;
  steady: SteadyFigures[];
}

export interface DeliveryResult {
  /** The kind's name, title, what it POSTs and its signing (DeliveryKind). */
  kind: DeliveryKind['name'];
  title: string;
  what: string;
  signing: string;
  orders: number;
  runs: number;
  seconds: number;
  concurrency: number;
  /** Plain form POSTs to the same receiver, from one process, no database and no signing. */
  floor: { postsPerSecond: number; runsPostsPerSecond: number[] };
  /** The kind's signing as the worker calls it, 16 at a time. */
  signaturesPerSecond: number;
  backends: DeliveryBackendResult[];
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

/** The bench of one delivery kind. */
class DeliveryBench {
  constructor(
    private readonly kind: DeliveryKind,
    private readonly receiver: RunningChild,
    private readonly settings: DeliverySettings,
  ) {}

  /** Where the app's deliveries of the kind go. */
  private get url(): string {
    return this.receiver.origin + this.kind.path;
  }

  private receiverStats = () => call<ReceiverStats>(this.receiver, '/stats');

  private async withWorker<T>(
    world: World | undefined,
    profileName: string,
    work: (worker: RunningChild) => Promise<T>,
  ): Promise<T> {
    const { profileDir } = this.settings;
    const threadsDir = `${profileDir}/${profileName}.threads`;
    const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${threadsDir}`] : [];
    const args = [
      ...(world?.workerArgs ?? []),
      ...['--kind', this.kind.name, '--concurrency', String(DELIVERY_CONCURRENCY)],
    ];
    const worker = await startChild('./delivery-worker-process.ts', args, profile);
    try {
      return await work(worker);
    } finally {
      await worker.stop();
      if (profileDir) keepMainThread(threadsDir, `${profileDir}/${profileName}`);
    }
  }

  private async withWorld<T>(target: DeliveryTarget, work: (world: World) => Promise<T>) {
    const world = await openWorld(target, this.kind, this.url);
    try {
      return await work(world);
    } finally {
      await world.close();
    }
  }

  /** Time from starting the worker on a backlog until the receiver took all of it. */
  private drain(target: DeliveryTarget, run: number): Promise<DrainRun> {
    const { orders } = this.settings;
    return this.withWorld(target, async (world) => {
      await seedBacklog(world, this.kind, orders);
      await call(this.receiver, '/reset', {});
      return this.withWorker(
        world,
        `${this.kind.name}-${target.name}-drain-${run}`,
        async (worker) => {
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
        },
      );
    });
  }

  /** Orders paid at `rate` per second in the worker's process while it delivers. */
  private steady(target: DeliveryTarget, drainRate: number, share: number): Promise<SteadyFigures> {
    const { seconds } = this.settings;
    const rate = Math.max(1, Math.round(drainRate * share));
    return this.withWorld(target, (world) =>
      this.withWorker(
        world,
        `${this.kind.name}-${target.name}-steady-${share * 100}`,
        async (worker) => {
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
        },
      ),
    );
  }

  async backend(target: DeliveryTarget): Promise<DeliveryBackendResult> {
    const { runs, orders } = this.settings;
    log(`${target.title}: ${runs} drain(s) of ${orders} ${this.kind.title} deliveries`);
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
  references(): Promise<Pick<DeliveryResult, 'floor' | 'signaturesPerSecond'>> {
    const { runs, seconds } = this.settings;
    const { url } = this;
    return this.withWorker(undefined, `${this.kind.name}-floor`, async (sender) => {
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
      log(`  signing alone: ${Math.round(signaturesPerSecond)} signatures/s, ${this.kind.signing}`);
      return { floor, signaturesPerSecond };
    });
  }
}

/** The references, then each backend, of each kind; one receiver takes every kind. */
export async function benchDelivery(
  kinds: readonly DeliveryKind[],
  targets: readonly DeliveryTarget[],
  settings: DeliverySettings,
): Promise<DeliveryResult[]> {
  const receiver = await startChild('./delivery-receiver-process.ts', []);
  try {
    const results: DeliveryResult[] = [];
    for (const kind of kinds) {
      const bench = new DeliveryBench(kind, receiver, settings);
      log(
        `${kind.title}: receiver at ${receiver.origin}, worker concurrency ${DELIVERY_CONCURRENCY}`,
      );
      await settings.beforePhase?.(`${kind.name} floor`);
      const references = await bench.references();
      const backends: DeliveryBackendResult[] = [];
      for (const target of targets) {
        await settings.beforePhase?.(`${kind.name} ${target.name}`);
        backends.push(await bench.backend(target));
      }
      const { orders, runs, seconds } = settings;
      const { name, title, what, signing } = kind;
      results.push({
        kind: name,
        title,
        what,
        signing,
        orders,
        runs,
        seconds,
        concurrency: DELIVERY_CONCURRENCY,
        ...references,
        backends,
      });
    }
    return results;
  } finally {
    await receiver.stop();
  }
}
