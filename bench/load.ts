import autocannon from 'autocannon';

export interface LoadTarget {
  /** Origin of the server under test, e.g. http://127.0.0.1:41234 */
  origin: string;
  path: string;
  /** A fresh urlencoded form body for every request. */
  nextBody(): string;
  /** Send the first body over and over (the load generator's cheapest mode). */
  fixedBody?: boolean;
  /** How a successful answer starts (default: the Momo envelope). */
  successPrefix?: string;
}

export interface LoadSettings {
  connections: number;
  runs: number;
  seconds: number;
  warmupSeconds: number;
}

export interface RunFigures {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Connection errors, timeouts, non-2xx answers and answers whose envelope is not ec 0. */
  failures: number;
  /** What the failures were, with a sample of a bad reply; empty when none. */
  failureDetail: string;
  requests: number;
  /** CPU the load generator (this process) used, in cores: near 1 means it may be the limit. */
  generatorCores: number;
}

/** What one request and its answer weigh: the probe's, a sample of the load's. */
export interface Sizes {
  /** Size of one request body. */
  bodyBytes: number;
  /** Size of the body of the answer to it (headers excluded). */
  responseBytes: number;
}

export interface LoadFigures extends Sizes {
  /** Medians over the runs. */
  requestsPerSecond: number;
  p99Ms: number;
  failures: number;
  /** Failure details of the runs that had any. */
  failureDetails: string[];
  generatorCores: number;
  runs: RunFigures[];
}

const FORM = 'application/x-www-form-urlencoded';
/** A successful Momo reply starts this way (the floor answers the same). */
const MOMO_SUCCESS = '{"ec":0,';

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function runOnce(
  target: LoadTarget,
  connections: number,
  seconds: number,
): Promise<RunFigures> {
  let badReply: string | undefined;
  const successPrefix = target.successPrefix ?? MOMO_SUCCESS;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await autocannon({
    url: target.origin + target.path,
    connections,
    pipelining: 1,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: target.path,
        headers: { 'content-type': FORM },
        ...(target.fixedBody
          ? { body: target.nextBody() }
          : { setupRequest: (request) => ({ ...request, body: target.nextBody() }) }),
      },
    ],
    verifyBody: (body) => {
      const ok = typeof body === 'string' && body.startsWith(successPrefix);
      if (!ok && badReply === undefined) badReply = String(body).slice(0, 200);
      return ok;
    },
  });
  const cpu = process.cpuUsage(cpuBefore);
  const elapsedUs = (performance.now() - started) * 1000;
  // autocannon's errors include its timeouts.
  const failures = result.errors + result.non2xx + result.mismatches;
  const kinds = [
    result.timeouts > 0 ? `${result.timeouts} timed out (10 s)` : '',
    result.errors > result.timeouts ? `${result.errors - result.timeouts} connection errors` : '',
    result.non2xx > 0 ? `${result.non2xx} non-2xx` : '',
    badReply === undefined ? '' : `${result.mismatches} not a success, e.g. ${badReply}`,
  ];
  return {
    failureDetail: kinds.filter(Boolean).join('; '),
    generatorCores: (cpu.user + cpu.system) / elapsedUs,
    requestsPerSecond: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    failures,
    requests: result.requests.total,
  };
}

/** A discarded warm-up, then `runs` measured runs; medians of throughput and p99 latency. */
export async function measure(
  target: LoadTarget,
  settings: LoadSettings,
  sizes: Sizes,
): Promise<LoadFigures> {
  if (settings.warmupSeconds > 0) {
    await runOnce(target, settings.connections, settings.warmupSeconds);
  }
  const runs: RunFigures[] = [];
  for (let i = 0; i < settings.runs; i++) {
    runs.push(await runOnce(target, settings.connections, settings.seconds));
  }
  return {
    ...sizes,
    requestsPerSecond: median(runs.map((r) => r.requestsPerSecond)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
    failures: runs.reduce((sum, r) => sum + r.failures, 0),
    failureDetails: runs.map((r) => r.failureDetail).filter(Boolean),
    generatorCores: median(runs.map((r) => r.generatorCores)),
    runs,
  };
}

/** Sends one request, a smoke test before loading an endpoint; returns its and its answer's size. */
export async function probe(target: LoadTarget): Promise<Sizes> {
  const body = target.nextBody();
  const response = await fetch(target.origin + target.path, {
    method: 'POST',
    headers: { 'content-type': FORM },
    body,
  });
  const text = await response.text();
  if (!response.ok || !text.startsWith(target.successPrefix ?? MOMO_SUCCESS)) {
    throw new Error(`${target.path} answered ${response.status}: ${text.slice(0, 300)}`);
  }
  return { bodyBytes: Buffer.byteLength(body), responseBytes: Buffer.byteLength(text) };
}
