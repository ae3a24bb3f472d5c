import { mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { benchAnalytics, renderAnalyticsReport } from './analytics.js';
import type { Backend } from './backends.js';
import {
  measureRebuild,
  postgresBackend,
  releaseRankIndex,
  serverArgs,
  sqliteBackend,
} from './backends.js';
import type { RunningChild } from './child.js';
import { startChild } from './child.js';
import type { DatasetParams } from './dataset.js';
import { datasetParams } from './dataset.js';
import { backgroundBusy as sampleBusy } from './machine.js';
import type { LoadFigures, LoadSettings } from './load.js';
import { measure, probe } from './load.js';
import type { DeliveryResult } from './delivery.js';
import { benchDelivery } from './delivery.js';
import { DELIVERY_KINDS } from './delivery-kinds.js';
import { deliveryTargets } from './delivery-world.js';
import type { JournalLag } from './journal-lag.js';
import { measureJournalLag } from './journal-lag.js';
import type { BackendResult, BenchResult, EndpointResult } from './report.js';
import {
  deliverySummaryLine,
  renderDeliveryReport,
  renderReport,
  sameSizeFloorBytes,
  summaryLine,
} from './report.js';
import type { Scenario, ScenarioName } from './scenarios.js';
import {
  floorScenarios,
  msdkScenarios,
  SCENARIO_NAMES,
  scenarios,
  xcloudScenarios,
} from './scenarios.js';
import { ensureSeeded } from './seed.js';

/** Text broken into lines of at most `width` characters, each indented by `indent` spaces. */
function wrap(text: string, indent: number, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && indent + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l) => ' '.repeat(indent) + l).join('\n');
}

const USAGE = `npm run bench -- [options]
  --quick               100k players, one 3 s run per endpoint (smoke test)
  --fresh               reseed even if a cached dataset matches
  --only sqlite|postgres
  --database-url URL    PostgreSQL (default: DATABASE_URL); with --redis-url enables that backend
  --redis-url URL       Redis (default: REDIS_URL)
  --players N           dataset size (default 1,000,000; 100,000 with --quick)
  --runs N, --seconds S measured runs per endpoint and their length
  --scenario NAME[,NAME]
                        only these endpoints (e.g. relation/get_groupinfov2); the floor still
                        runs (the ratios need it), and the same-size floor if a list endpoint
                        is among them; the delivery part does not; names:
${wrap([...SCENARIO_NAMES].join(', '), 24, 96)}
  --profile             a server process per endpoint, CPU-profiled while it serves (start-up
                        excluded) into data/bench/profiles/; summarize one with
                        node --import tsx bench/profile-summary.ts <file.cpuprofile>;
                        delivery worker processes are profiled too (start-up included)
  --notify              only the delivery part, Momo pay notify then xcloud reward (a full
                        run ends with it); PostgreSQL needs DATABASE_URL only
  --analytics           only the analytics part, on SQLite: --players players (default 1M)
                        with 10 events each; median times of the stats queries and writes`;

const DATA_DIR = 'data/bench';

class UsageError extends Error {}

function readFlags() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      fresh: { type: 'boolean', default: false },
      only: { type: 'string' },
      'database-url': { type: 'string', default: process.env.DATABASE_URL },
      'redis-url': { type: 'string', default: process.env.REDIS_URL },
      players: { type: 'string' },
      runs: { type: 'string' },
      seconds: { type: 'string' },
      scenario: { type: 'string' },
      profile: { type: 'boolean', default: false },
      notify: { type: 'boolean', default: false },
      analytics: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  return values;
}

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new UsageError(`--${name} must be positive`);
  return parsed;
}

let flags: ReturnType<typeof readFlags>;
let params: DatasetParams;
let settings: LoadSettings;
/** The endpoints --scenario picked; undefined: all of them. */
let chosen: ReadonlySet<ScenarioName> | undefined;

function configure(): void {
  try {
    flags = readFlags();
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  params = datasetParams(positive('players', flags.players, flags.quick ? 100_000 : 1_000_000));
  settings = {
    connections: 50,
    runs: positive('runs', flags.runs, flags.quick ? 1 : 3),
    seconds: positive('seconds', flags.seconds, flags.quick ? 3 : 5),
    warmupSeconds: flags.quick ? 1 : 2,
  };
  chosen = chosenScenarios(flags.scenario);
}

function chosenScenarios(list: string | undefined): ReadonlySet<ScenarioName> | undefined {
  if (list === undefined) return undefined;
  const names = list
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !SCENARIO_NAMES.has(name as ScenarioName));
  if (unknown.length > 0) throw new UsageError(`--scenario: no scenario ${unknown.join(', ')}`);
  if (names.length === 0) throw new UsageError('--scenario needs a name');
  return new Set(names as ScenarioName[]);
}

/** The endpoints to measure, in the report's order. */
function endpointScenarios(): Scenario[] {
  const all = [...scenarios(params), ...msdkScenarios(params), ...xcloudScenarios(params)];
  return chosen ? all.filter((scenario) => chosen!.has(scenario.name)) : all;
}

function selectBackends(): Backend[] {
  const only = flags.only;
  if (only !== undefined && only !== 'sqlite' && only !== 'postgres') {
    throw new UsageError(`--only must be sqlite or postgres, not ${only}`);
  }
  const selected: Backend[] = [];
  const { players } = params;
  const sizeLabel =
    players % 1e6 === 0
      ? `${players / 1e6}m`
      : players % 1e3 === 0
        ? `${players / 1e3}k`
        : `${players}`;
  if (only !== 'postgres') selected.push(sqliteBackend(DATA_DIR, sizeLabel));
  const databaseUrl = flags['database-url'];
  const redisUrl = flags['redis-url'];
  if (only !== 'sqlite') {
    if (databaseUrl && redisUrl) {
      selected.push(postgresBackend(databaseUrl, redisUrl, sizeLabel));
    } else if (only === 'postgres') {
      throw new UsageError('--only postgres needs DATABASE_URL and REDIS_URL (or the flags)');
    } else {
      log('PostgreSQL + Redis skipped: set DATABASE_URL and REDIS_URL to include them');
    }
  }
  return selected;
}

/** The write target holds for a sustained load, not a burst the journal absorbs. */
const SUSTAINED_WRITE_SECONDS = 30;

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

async function measureEndpoint(
  origin: string,
  scenario: Scenario,
  label: string,
  fixedBody = false,
): Promise<EndpointResult> {
  const target = {
    origin,
    path: scenario.path,
    nextBody: () => scenario.nextBody(),
    fixedBody,
    successPrefix: scenario.successPrefix,
  };
  const sustained =
    scenario.name === 'rank/update' && !flags.quick
      ? { ...settings, seconds: Math.max(settings.seconds, SUSTAINED_WRITE_SECONDS) }
      : settings;
  const load = await measure(target, sustained, await probe(target));
  const entries = scenario.entriesPerRequest > 1 ? ` (${scenario.entriesPerRequest} entries)` : '';
  log(
    `  ${label}: ${Math.round(load.requestsPerSecond)} req/s${entries}, ` +
      `answer ${load.responseBytes} B, p99 ${load.p99Ms} ms, ${load.failures} failed, ` +
      `load generator ${(load.generatorCores * 100).toFixed(0)}% of a core`,
  );
  for (const detail of load.failureDetails) log(`    failures: ${detail}`);
  return { name: scenario.name, load, entriesPerRequest: scenario.entriesPerRequest };
}

async function withChild<T>(
  start: () => Promise<RunningChild>,
  work: (child: RunningChild) => Promise<T>,
): Promise<T> {
  const child = await start();
  try {
    return await work(child);
  } finally {
    await child.stop();
  }
}

async function benchBackend(backend: Backend, seed: BackendResult['seed']): Promise<BackendResult> {
  log(`${backend.title}: rebuilding the rank index in-process`);
  const rebuild = await measureRebuild(backend, params);
  log(
    `  rebuild ${rebuild.seconds.toFixed(2)} s, ` +
      `${(rebuild.bytesUsed / params.players).toFixed(1)} bytes per entry`,
  );
  const startServer = (profileName?: string) =>
    startChild('./server-process.ts', [
      ...serverArgs(backend),
      ...(profileName ? ['--cpu-profile', `${DATA_DIR}/profiles/${profileName}.cpuprofile`] : []),
    ]);
  const endpoints: EndpointResult[] = [];
  let serverStartMs = 0;
  let serverRssBytes = 0;
  let playerCaches: BackendResult['playerCaches'];
  let journalLag: BackendResult['journalLag'];
  const remember = (child: RunningChild) => {
    serverStartMs = child.announcement.startMs ?? 0;
    serverRssBytes = child.announcement.rssBytes;
    playerCaches = child.announcement.playerCaches;
  };
  if (flags.profile) {
    for (const scenario of endpointScenarios()) {
      const name = `${backend.name}-${scenario.name.replace('/', '-')}`;
      endpoints.push(
        await withChild(
          () => startServer(name),
          (child) => {
            remember(child);
            return measureEndpoint(child.origin, scenario, scenario.name);
          },
        ),
      );
    }
  } else {
    await withChild(
      () => startServer(),
      async (child) => {
        remember(child);
        log(`  server up in ${(serverStartMs / 1000).toFixed(2)} s`);
        for (const scenario of endpointScenarios()) {
          endpoints.push(await measureEndpoint(child.origin, scenario, scenario.name));
          if (scenario.name === 'rank/update') journalLag = await logJournalLag(backend);
        }
      },
    );
  }
  return {
    name: backend.name,
    title: backend.title,
    seed,
    rebuild,
    serverStartMs,
    serverRssBytes,
    playerCaches,
    endpoints,
    journalLag,
  };
}

async function logJournalLag(backend: Backend): Promise<JournalLag | null> {
  const lag = await measureJournalLag(backend);
  log(
    lag
      ? `  score journal: ${lag.pendingAtStop} entries left at the load's end, folded in ${lag.seconds.toFixed(1)} s`
      : '  score journal: not folded within two minutes of the load',
  );
  return lag;
}

const backgroundBusy: BenchResult['machine']['backgroundBusy'] = {};
async function sampleBackground(phase: string): Promise<void> {
  const busy = await sampleBusy(1000);
  backgroundBusy[phase] = busy;
  if (busy !== null) log(`  background CPU use before ${phase}: ${(busy * 100).toFixed(0)}%`);
}

function runDelivery(): Promise<DeliveryResult[]> {
  const only = flags.only;
  if (only !== undefined && only !== 'sqlite' && only !== 'postgres') {
    throw new UsageError(`--only must be sqlite or postgres, not ${only}`);
  }
  const databaseUrl = flags['database-url'];
  if (only === 'postgres' && !databaseUrl) {
    throw new UsageError('--notify --only postgres needs DATABASE_URL (or --database-url)');
  }
  if (!databaseUrl && only !== 'sqlite') log('Delivery on PostgreSQL skipped: set DATABASE_URL');
  return benchDelivery(DELIVERY_KINDS, deliveryTargets(DATA_DIR, databaseUrl, only), {
    orders: flags.quick ? 2_000 : 10_000,
    runs: settings.runs,
    seconds: settings.seconds,
    profileDir: flags.profile ? `${DATA_DIR}/profiles` : undefined,
    beforePhase: sampleBackground,
  });
}

/** The floor server; with `responseBytes`, answering a fixed JSON body of that size. */
function startFloor(responseBytes?: number): Promise<RunningChild> {
  const args = responseBytes === undefined ? [] : ['--response-bytes', String(responseBytes)];
  return startChild('./floor-process.ts', args);
}

/** The floor's small form answered by `bytes` of JSON: what an answer of that size costs alone. */
async function measureSameSizeFloor(bytes: number): Promise<LoadFigures> {
  log(`HTTP floor answering ${bytes} B, the largest list answer`);
  await sampleBackground('same-size floor');
  const { small } = floorScenarios(params);
  return withChild(
    () => startFloor(bytes),
    async (child) =>
      (await measureEndpoint(child.origin, small, 'small form, same-size answer')).load,
  );
}

async function main(): Promise<void> {
  configure();
  if (flags.help) {
    console.log(USAGE);
    return;
  }
  mkdirSync(DATA_DIR, { recursive: true });
  if (flags.analytics) {
    const result = await benchAnalytics({
      dataDir: DATA_DIR,
      players: params.players,
      eventsPerPlayer: 10,
      fresh: flags.fresh,
      log,
    });
    console.log(`\n${renderAnalyticsReport(result)}\n`);
    return;
  }
  if (flags.notify) {
    const deliveries = await runDelivery();
    const machine = { cores: cpus().length, backgroundBusy };
    console.log(`\n${renderDeliveryReport(machine, deliveries)}\n`);
    console.log(deliverySummaryLine(machine, deliveries));
    return;
  }
  const backends = selectBackends();
  const seeds: BackendResult['seed'][] = [];
  for (const backend of backends) {
    log(`${backend.title}: dataset of ${params.players} players`);
    const outcome = await ensureSeeded(backend.seedTarget, params, flags.fresh);
    log(outcome.seeded ? `  seeded in ${outcome.seconds.toFixed(1)} s` : '  cached dataset reused');
    seeds.push(outcome);
  }

  log('HTTP floor');
  await sampleBackground('floor');
  const floorShapes = floorScenarios(params);
  const floor: BenchResult['floor'] = await withChild(
    () => startFloor(),
    async (child) => ({
      small: (await measureEndpoint(child.origin, floorShapes.small, 'small form')).load,
      smallFixed: (
        await measureEndpoint(child.origin, floorShapes.small, 'one fixed request', true)
      ).load,
      batch: (await measureEndpoint(child.origin, floorShapes.batch, 'rank/update-sized form'))
        .load,
    }),
  );

  const results: BackendResult[] = [];
  for (const [i, backend] of backends.entries()) {
    await sampleBackground(backend.name);
    try {
      results.push(await benchBackend(backend, seeds[i]!));
    } finally {
      await releaseRankIndex(backend);
    }
  }
  // Measured once the list answers' sizes are known.
  const sameSizeBytes = sameSizeFloorBytes(results);
  if (sameSizeBytes !== undefined) floor.sameSize = await measureSameSizeFloor(sameSizeBytes);
  const deliveries = chosen ? undefined : await runDelivery();
  const machine = { cores: cpus().length, backgroundBusy };
  const result: BenchResult = { params, settings, machine, floor, backends: results, deliveries };
  console.log(`\n${renderReport(result)}\n`);
  console.log(summaryLine(result));
}

try {
  await main();
} catch (error) {
  console.error(error instanceof UsageError ? `${error.message}\n\n${USAGE}` : error);
  process.exitCode = 1;
}
