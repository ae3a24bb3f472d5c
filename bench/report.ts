import type { JournalLag } from './journal-lag.js';
import type { BackendName, RebuildFigures } from './backends.js';
import type { DatasetParams } from './dataset.js';
import type { LoadFigures, LoadSettings } from './load.js';
import { median } from './load.js';
import type { DeliveryBackendResult, DeliveryResult } from './delivery.js';
import type { ScenarioName } from './scenarios.js';
import type { SeedOutcome } from './seed.js';

export interface EndpointResult {
  name: ScenarioName;
  load: LoadFigures;
  entriesPerRequest: number;
}

export interface BackendResult {
  name: BackendName;
  title: string;
  seed: SeedOutcome;
  rebuild: RebuildFigures;
  serverStartMs: number;
  serverRssBytes: number;
  playerCaches: { heapBytes: number; ms: number } | undefined;
  endpoints: EndpointResult[];
  /** After the rank/update load: null if the journal did not drain, absent if not measured. */
  journalLag?: JournalLag | null;
}

export interface BenchResult {
  params: DatasetParams;
  settings: LoadSettings;
  /** CPU share other work used just before each phase (bench idle): it skews the figures. */
  machine: { cores: number; backgroundBusy: Record<string, number | null> };
  /**
   * small: the reference for the ratios, generated like the endpoints' requests (a new body for
   * each); smallFixed: one body sent over and over, the load generator's cheapest mode, for
   * comparison; batch: a rank/update-sized body; sameSize: the small form answered by a fixed
   * body the size of the largest list answer measured (absent when no list endpoint ran), to
   * tell how much of a list endpoint's gap to the floor is the size of its answer.
   */
  floor: {
    small: LoadFigures;
    smallFixed: LoadFigures;
    batch: LoadFigures;
    sameSize?: LoadFigures;
  };
  backends: BackendResult[];
  /** Delivery of paid orders, a result per kind: Momo pay notify, xcloud reward (bench/delivery.ts). */
  deliveries?: DeliveryResult[];
}

/** Each target is a share of the floor measured in the same run (rank/update: the batch floor). */
export const TARGETS = {
  /** Embedded default: the calls made on every login or board view. */
  sqlite: {
    primaryReadShare: 0.5,
    /** Lists of 50–100 players, and the xcloud login calls (each writes). */
    listReadShare: 0.3,
    updateShareOfBatchFloor: 0.6,
    indexBytesPerEntry: 64,
  },
  /** PostgreSQL with the rank index in Redis: every read goes over the network at least once. */
  postgres: {
    primaryReadShare: 0.25,
    listReadShare: 0.25,
    updateShareOfBatchFloor: 0.2,
    indexBytesPerEntry: 150,
  },
  rebuildSecondsPerMillion: 5,
  /** The database holds every acknowledged score this long after a write load stops. */
  journalLagSeconds: 10,
} as const;

const LIST_READS: readonly ScenarioName[] = [
  'rank/friend',
  'relation/qqfriends_detail',
  'relation/get_group_detail',
  'xcloud/tourist',
  'xcloud/getfb',
  'xcloud/getsid',
];

/** The endpoints answering lists of 50–100 entries (KBs): compared with the same-size floor too. */
const LIST_ANSWERS: readonly ScenarioName[] = [
  'rank/total',
  'rank/area',
  'rank/friend',
  'relation/qqfriends_detail',
  'relation/get_group_detail',
];

/** The size the same-size floor answers: the largest list answer measured (undefined: none ran). */
export function sameSizeFloorBytes(backends: readonly BackendResult[]): number | undefined {
  const sizes = backends
    .flatMap((b) => b.endpoints)
    .filter((e) => LIST_ANSWERS.includes(e.name))
    .map((e) => e.load.responseBytes);
  return sizes.length > 0 ? Math.max(...sizes) : undefined;
}

/** A list endpoint's req/s as a share of the same-size floor's (undefined: not a list, no floor). */
function sameSizeShare(
  { name, load }: EndpointResult,
  { sameSize }: BenchResult['floor'],
): number | undefined {
  if (!sameSize || !LIST_ANSWERS.includes(name)) return undefined;
  return load.requestsPerSecond / sameSize.requestsPerSecond;
}

const targetsOf = (backend: BackendName) => TARGETS[backend === 'sqlite' ? 'sqlite' : 'postgres'];

/** The share of the floor (rank/update: of the batch floor) an endpoint must reach. */
const shareTarget = (backend: BackendName, name: ScenarioName) => {
  const targets = targetsOf(backend);
  if (name === 'rank/update') return targets.updateShareOfBatchFloor;
  return LIST_READS.includes(name) ? targets.listReadShare : targets.primaryReadShare;
};

const LABELS: Record<ScenarioName, string> = {
  'app/check': 'app/check',
  'rank/total': 'rank/total (top 50 + my rank)',
  'rank/area': 'rank/area (my city)',
  'rank/friend': 'rank/friend (50 friends)',
  'rank/update': 'rank/update (100 per request)',
  'auth/verify_login': 'MSDK auth/verify_login',
  'relation/qqfriends_detail': 'MSDK relation/qqfriends_detail (100 friends)',
  'relation/get_groupinfov2': 'MSDK relation/get_groupinfov2 (member of a 100-member group)',
  'relation/get_group_detail': 'MSDK relation/get_group_detail (100 members, opt 1)',
  'xcloud/tourist': 'xcloud /Pt/tourist (returning guest device)',
  'xcloud/getfb': 'xcloud /Pt/getfb (returning Facebook identity)',
  'xcloud/getsid': 'xcloud /Pt/getsid (uid + gidloginid, server chosen again)',
};

const XCLOUD: readonly ScenarioName[] = ['xcloud/tourist', 'xcloud/getfb', 'xcloud/getsid'];

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const fixed = (n: number, digits: number) => n.toFixed(digits);
const ms = (n: number) => `${n < 10 ? fixed(n, 1) : int(n)} ms`;
const verdict = (pass: boolean) => (pass ? 'PASS' : 'FAIL');

/** What a figure is checked against, and whether it met it (null: no target applies). */
interface Check {
  text: string;
  pass: boolean | null;
  /** Informative only, after the verdict. */
  note?: string;
}

function endpointCheck(
  backend: BackendName,
  result: EndpointResult,
  floor: BenchResult['floor'],
): Check {
  const { load, name } = result;
  const failed = load.failures > 0 ? ` (${int(load.failures)} requests failed)` : '';
  const target = shareTarget(backend, name);
  const reference = name === 'rank/update' ? floor.batch : floor.small;
  const share = load.requestsPerSecond / reference.requestsPerSecond;
  const pass = load.failures === 0 && share >= target;
  const of = name === 'rank/update' ? 'batch floor' : 'floor';
  const entries =
    name === 'rank/update'
      ? `${int(load.requestsPerSecond * result.entriesPerRequest)} entries/s, `
      : '';
  const sameSize = sameSizeShare(result, floor);
  return {
    text: `${entries}${fixed(share * 100, 0)}% of ${of} (>= ${target * 100}%)${failed}`,
    pass,
    note:
      sameSize === undefined
        ? undefined
        : `${fixed(sameSize * 100, 0)}% of the same-size floor ` +
          `(${int(floor.sameSize!.responseBytes)} B)`,
  };
}

/** Redis: INFO used_memory growth over the rebuild (what the operator pays); memory: typed arrays. */
function bytesPerEntry(backend: BackendResult, players: number): number {
  return (backend.rebuild.redisUsedMemoryDelta ?? backend.rebuild.bytesUsed) / players;
}

function bytesCheck(backend: BackendResult, players: number): Check {
  const target = targetsOf(backend.name).indexBytesPerEntry;
  const where = backend.rebuild.redisUsedMemoryDelta === undefined ? 'typed arrays' : 'Redis';
  return {
    text: `${where} (<= ${target} B)`,
    pass: bytesPerEntry(backend, players) <= target,
  };
}

function journalLagCell(backend: BackendResult): [string, string] {
  const lag = backend.journalLag;
  if (lag === undefined) return ['-', ''];
  if (lag === null) return ['not drained', 'FAIL'];
  const check = checkCell({
    text: `(<= ${TARGETS.journalLagSeconds} s)`,
    pass: lag.seconds <= TARGETS.journalLagSeconds,
  });
  return [`${fixed(lag.seconds, 1)} s`, `${int(lag.pendingAtStop)} left ${check}`];
}

function rebuildCheck(backend: BackendResult, players: number): Check {
  const perMillion = (backend.rebuild.seconds * 1_000_000) / players;
  const scaled = players === 1_000_000 ? '' : `${fixed(perMillion, 2)} s per 1M `;
  return {
    text: `${scaled}(<= ${TARGETS.rebuildSecondsPerMillion} s per 1M)`,
    pass: perMillion <= TARGETS.rebuildSecondsPerMillion,
  };
}

function checkCell({ text, pass, note }: Check): string {
  const cell = [text, pass === null ? '' : verdict(pass)].filter(Boolean).join(' ');
  return note ? `${cell}; ${note}` : cell;
}

function table(rows: readonly (readonly string[])[], rightAligned: ReadonlySet<number>): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  }
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) =>
        rightAligned.has(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0),
      )
      .join(' | ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('-+-');
  const [head, ...body] = rows;
  return [line(head ?? []), rule, ...body.map(line)].join('\n');
}

export function machineLine({ cores, backgroundBusy }: BenchResult['machine']): string {
  const samples = Object.entries(backgroundBusy).filter(
    (entry): entry is [string, number] => entry[1] !== null,
  );
  if (samples.length === 0) return `machine: ${cores} cores`;
  const shares = samples.map(([phase, busy]) => `${fixed(busy * 100, 0)}% before ${phase}`);
  const busiest = Math.max(...samples.map(([, busy]) => busy));
  const warning = busiest > 0.1 ? '; other work shares this machine: figures are low' : '';
  return `machine: ${cores} cores; CPU used by other work: ${shares.join(', ')}${warning}`;
}

function floorTable({ small, smallFixed, batch, sameSize }: BenchResult['floor']): string {
  const row = (label: string, load: LoadFigures) => [
    label,
    int(load.requestsPerSecond),
    int(load.responseBytes),
    ms(load.p99Ms),
    `${fixed(load.generatorCores * 100, 0)}% of a core`,
  ];
  const rows = [
    [
      'HTTP floor (Fastify 5, trivial handler)',
      'req/s',
      'response B',
      'p99',
      'load generator used',
    ],
    row('small form -> small JSON (the reference)', small),
    row('the same, one fixed request (no per-request setup)', smallFixed),
    row(`${fixed(batch.bodyBytes / 1024, 0)} KB form (rank/update-sized) -> small JSON`, batch),
  ];
  if (sameSize) {
    rows.push(row('small form -> fixed JSON, largest list answer (the same-size floor)', sameSize));
  }
  return table(rows, new Set([1, 2, 3]));
}

function backendTable(result: BenchResult): string {
  const { params, floor, backends } = result;
  const header = [''];
  for (const backend of backends) header.push(backend.title, 'response B', 'p99', 'check');
  const rows: string[][] = [header];
  const names: ScenarioName[] = ['app/check', 'rank/total', 'rank/area', 'rank/friend'];
  const msdk: ScenarioName[] = [
    'auth/verify_login',
    'relation/qqfriends_detail',
    'relation/get_groupinfov2',
    'relation/get_group_detail',
  ];
  for (const name of [...names, 'rank/update', ...msdk, ...XCLOUD] as const) {
    // --scenario measures some endpoints only: the others get no row.
    if (!backends.some((b) => b.endpoints.some((e) => e.name === name))) continue;
    const row = [LABELS[name]];
    for (const backend of backends) {
      const endpoint = backend.endpoints.find((e) => e.name === name);
      if (!endpoint) row.push('-', '', '', '');
      else {
        const { load } = endpoint;
        const check = checkCell(endpointCheck(backend.name, endpoint, floor));
        row.push(
          `${int(load.requestsPerSecond)} req/s`,
          int(load.responseBytes),
          ms(load.p99Ms),
          check,
        );
      }
    }
    rows.push(row);
  }
  /** A row with a figure and a check (or note) per backend; no response size or p99. */
  const perBackend = (label: string, cell: (b: BackendResult) => [string, string]) =>
    rows.push([
      label,
      ...backends.flatMap((b) => {
        const [figure, check] = cell(b);
        return [figure, '', '', check];
      }),
    ]);
  perBackend('rank index bytes per entry', (b) => [
    `${fixed(bytesPerEntry(b, params.players), 1)} B`,
    checkCell(bytesCheck(b, params.players)),
  ]);
  perBackend(`rebuild of ${int(params.players)} scores`, (b) => [
    `${fixed(b.rebuild.seconds, 2)} s`,
    checkCell(rebuildCheck(b, params.players)),
  ]);
  perBackend('scores folded into the table after rank/update', journalLagCell);
  perBackend('server start (open, rebuild, caches)', (b) => [
    `${fixed(b.serverStartMs / 1000, 2)} s`,
    `RSS ${int(b.serverRssBytes / 1e6)} MB`,
  ]);
  perBackend('player caches loaded at start (heap)', (b) => [
    b.playerCaches ? `${int(b.playerCaches.heapBytes / params.players)} B per player` : '',
    b.playerCaches ? `${fixed(b.playerCaches.ms / 1000, 2)} s` : '',
  ]);
  perBackend('seeding', (b) => [b.seed.seeded ? `${fixed(b.seed.seconds, 1)} s` : 'cached', '']);
  const numeric = new Set(backends.flatMap((_, i) => [1, 2, 3].map((column) => column + 4 * i)));
  return table(rows, numeric);
}

export function renderReport(result: BenchResult): string {
  const { params, settings } = result;
  const header = [
    `Guildhall bench: ${int(params.players)} players on board 1001 of one app, ` +
      `${params.cities} cities, ${int(params.hubs)} players with ${params.friendsPerHub} friends, ` +
      `${int(params.tokenHolders)} vtokens, QQ openkeys and xcloud logins, ` +
      `${int(params.tencentHubs)} QQ players with ${params.friendsPerTencentHub} same-game friends, ` +
      `${int(params.guilds)} guilds bound to groups of ${params.membersPerGuild} QQ players`,
    `autocannon ${settings.connections} connections, pipelining 1, ` +
      `median of ${settings.runs} run(s) of ${settings.seconds} s after a ` +
      `${settings.warmupSeconds} s warm-up; servers in their own processes on 127.0.0.1`,
    machineLine(result.machine),
  ].join('\n');
  const deliveries = (result.deliveries ?? []).map((d) => `\n\n${renderDelivery(d)}`).join('');
  return `${header}\n\n${floorTable(result.floor)}\n\n${backendTable(result)}${deliveries}`;
}

/** A delivery kind's section: references first, then a column per backend. */
function renderDelivery(delivery: DeliveryResult): string {
  const { floor, backends, title } = delivery;
  const header = [
    `${title}: backlogs of ${int(delivery.orders)} paid orders drained by the outbox worker ` +
      `(concurrency ${delivery.concurrency}, its default) in its own process, POSTing ` +
      `${delivery.what} to a game server in another that answers success; median of ` +
      `${delivery.runs} run(s)`,
    `steady: orders paid on a schedule in the worker's process for ${delivery.seconds} s at a ` +
      `share of the drain rate (one run each); latency from the pay call to the receiver taking it`,
  ].join('\n');
  const references = table(
    [
      [`${title} references`, 'per second'],
      [
        `outgoing-HTTP floor: the same form POSTed, ${delivery.concurrency} at a time, no ` +
          `database or signing (median of ${delivery.runs} x ${delivery.seconds} s)`,
        `${int(floor.postsPerSecond)} POSTs`,
      ],
      [`signing alone: ${delivery.signing}`, `${int(delivery.signaturesPerSecond)}`],
    ],
    new Set([1]),
  );
  const rows: string[][] = [[`${title} delivery`, ...backends.map((b) => b.title)]];
  const row = (label: string, cell: (b: DeliveryBackendResult) => string) =>
    rows.push([label, ...backends.map(cell)]);
  row(`backlog of ${int(delivery.orders)} drained in`, (b) => `${fixed(b.drainSeconds, 2)} s`);
  row('deliveries/s (share of the floor)', (b) => {
    const share = b.deliveriesPerSecond / floor.postsPerSecond;
    return `${int(b.deliveriesPerSecond)} (${fixed(share * 100, 0)}%)`;
  });
  row('CPU used by the worker, the receiver (cores)', (b) => {
    const cores = (pick: (run: DeliveryBackendResult['drainRuns'][number]) => number) =>
      fixed(median(b.drainRuns.map(pick)), 2);
    return `${cores((r) => r.workerCores)}, ${cores((r) => r.receiverCores)}`;
  });
  for (const [i, { share }] of (backends[0]?.steady ?? []).entries()) {
    const steady = (b: DeliveryBackendResult) => b.steady[i]!;
    row(
      `steady, paying at ${fixed(share * 100, 0)}% of the drain rate: paid/s, delivered/s`,
      (b) => `${int(steady(b).paidPerSecond)}, ${int(steady(b).deliveredPerSecond)}`,
    );
    row(
      '  payment to receiver p50 / p99',
      (b) => `${ms(steady(b).p50Ms)} / ${ms(steady(b).p99Ms)}`,
    );
  }
  return `${header}\n\n${references}\n\n${table(rows, new Set(backends.map((_, i) => i + 1)))}`;
}

/** The report of a run of the delivery part alone (--notify). */
export function renderDeliveryReport(
  machine: BenchResult['machine'],
  deliveries: readonly DeliveryResult[],
): string {
  return [machineLine(machine), ...deliveries.map(renderDelivery)].join('\n\n');
}

function deliverySummary(delivery: DeliveryResult) {
  const round = (n: number, digits = 0) => Number(n.toFixed(digits));
  return {
    ...delivery,
    floor: {
      postsPerSec: round(delivery.floor.postsPerSecond),
      runsPostsPerSec: delivery.floor.runsPostsPerSecond.map((n) => round(n)),
    },
    signaturesPerSecond: round(delivery.signaturesPerSecond),
    backends: Object.fromEntries(
      delivery.backends.map((b) => [
        b.name,
        {
          drainSeconds: round(b.drainSeconds, 3),
          deliveriesPerSec: round(b.deliveriesPerSecond),
          shareOfFloor: round(b.deliveriesPerSecond / delivery.floor.postsPerSecond, 3),
          runsDrainSeconds: b.drainRuns.map((r) => round(r.seconds, 3)),
          steady: b.steady.map((steady) => ({
            ...steady,
            paidPerSecond: round(steady.paidPerSecond),
            deliveredPerSecond: round(steady.deliveredPerSecond),
          })),
        },
      ]),
    ),
  };
}

/** Each kind's figures under its name: `notify` (Momo pay notify), `reward` (xcloud reward). */
function deliverySummaries(deliveries: readonly DeliveryResult[] = []) {
  return Object.fromEntries(deliveries.map((d) => [d.kind, deliverySummary(d)]));
}

/** The delivery part alone (--notify) as one JSON line. */
export function deliverySummaryLine(
  machine: BenchResult['machine'],
  deliveries: readonly DeliveryResult[],
): string {
  return JSON.stringify({ bench: 'guildhall', machine, ...deliverySummaries(deliveries) });
}

const roundShare = (share: number | undefined) =>
  share === undefined ? undefined : Number(share.toFixed(3));

/** The whole result as one JSON line, for scripts. */
export function summaryLine(result: BenchResult): string {
  const { params } = result;
  const floorRps = result.floor.small.requestsPerSecond;
  const compact = (load: LoadFigures) => ({
    bodyBytes: load.bodyBytes,
    responseBytes: load.responseBytes,
    reqPerSec: Math.round(load.requestsPerSecond),
    p99Ms: load.p99Ms,
    failures: load.failures,
    failureDetails: load.failureDetails,
    generatorCores: Number(load.generatorCores.toFixed(2)),
    runsReqPerSec: load.runs.map((r) => Math.round(r.requestsPerSecond)),
  });
  const backend = (b: BackendResult) => ({
    endpoints: Object.fromEntries(
      b.endpoints.map((e) => [
        e.name,
        {
          ...compact(e.load),
          shareOfFloor: Number((e.load.requestsPerSecond / floorRps).toFixed(3)),
          shareOfSameSizeFloor: roundShare(sameSizeShare(e, result.floor)),
          entriesPerSec: Math.round(e.load.requestsPerSecond * e.entriesPerRequest),
          pass: endpointCheck(b.name, e, result.floor).pass,
        },
      ]),
    ),
    bytesPerEntry: Number((b.rebuild.bytesUsed / params.players).toFixed(1)),
    bytesPass: bytesCheck(b, params.players).pass,
    redisUsedMemoryDeltaPerEntry:
      b.rebuild.redisUsedMemoryDelta === undefined
        ? undefined
        : Number((b.rebuild.redisUsedMemoryDelta / params.players).toFixed(1)),
    rebuildSeconds: Number(b.rebuild.seconds.toFixed(3)),
    rebuildPass: rebuildCheck(b, params.players).pass,
    serverStartSeconds: Number((b.serverStartMs / 1000).toFixed(3)),
    serverRssMb: Math.round(b.serverRssBytes / 1e6),
    playerCacheBytesPerPlayer:
      b.playerCaches && Math.round(b.playerCaches.heapBytes / params.players),
    seedSeconds: b.seed.seeded ? Number(b.seed.seconds.toFixed(1)) : null,
  });
  return JSON.stringify({
    bench: 'guildhall',
    params,
    settings: result.settings,
    machine: result.machine,
    targets: TARGETS,
    floor: {
      small: compact(result.floor.small),
      smallFixed: compact(result.floor.smallFixed),
      batch: compact(result.floor.batch),
      sameSize: result.floor.sameSize && compact(result.floor.sameSize),
    },
    backends: Object.fromEntries(result.backends.map((b) => [b.name, backend(b)])),
    ...deliverySummaries(result.deliveries),
  });
}
