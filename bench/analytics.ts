import { rmSync } from 'node:fs';
import cliProgress from 'cli-progress';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { App } from '../src/core/apps/types.js';
import type { Guildhall } from '../src/guildhall.js';
import { openGuildhall } from '../src/guildhall.js';
import { openDatabase } from '../src/store/database.js';
import type { Database } from '../src/store/schema.js';
import { BENCH_SECRET_KEY } from './dataset.js';

/**
 * The analytics benchmark: a SQLite database of `players` players of one app over 90 days, ten
 * events each, a device each and a channel for four in five; then the median time of each
 * stats query and of each write a client call makes.
 */
export interface AnalyticsBenchOptions {
  dataDir: string;
  players: number;
  eventsPerPlayer: number;
  /** Reseed even when the cached database holds these parameters. */
  fresh: boolean;
  log: (message: string) => void;
}

export interface AnalyticsBenchResult {
  players: number;
  events: number;
  seeded: boolean;
  seedSeconds: number;
  /** Median milliseconds, by what was timed. */
  medians: { name: string; runs: number; medianMs: number }[];
}

const DAYS = 90;
const DAY_MS = 86_400_000;
/** The dataset's last day is 2026-11-21 (UTC, the bench app's time zone). */
const LAST_DAY = Date.UTC(2026, 10, 21);
const FIRST_DAY = LAST_DAY - (DAYS - 1) * DAY_MS;
const CHUNK = 100_000;
const META_KEY = 'bench:analytics';
const MAIN_CLASSES = 20;
const SUB_CLASSES = 10;
const MODELS = 200;

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function fingerprint(options: AnalyticsBenchOptions): string {
  return JSON.stringify({ version: 1, players: options.players, events: options.eventsPerPlayer });
}

export async function benchAnalytics(
  options: AnalyticsBenchOptions,
): Promise<AnalyticsBenchResult> {
  const file = `${options.dataDir}/analytics-${options.players}.sqlite`;
  const started = performance.now();
  const seeded = options.fresh || !(await holds(file, fingerprint(options)));
  if (seeded) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    await seed(file, options);
  }
  const seedSeconds = (performance.now() - started) / 1000;
  if (!seeded) options.log('  cached analytics dataset reused');
  const guildhall = await openGuildhall({
    sqliteFile: file,
    secretKey: BENCH_SECRET_KEY,
    rebuild: 'never',
  });
  try {
    const medians = await measureAll(guildhall, options);
    return {
      players: options.players,
      events: options.players * options.eventsPerPlayer,
      seeded,
      seedSeconds,
      medians,
    };
  } finally {
    await guildhall.close();
  }
}

async function holds(file: string, expected: string): Promise<boolean> {
  const handle = openDatabase({ sqliteFile: file });
  try {
    const row = await handle.db
      .selectFrom('meta')
      .select('value')
      .where('key', '=', META_KEY)
      .executeTakeFirst();
    return row?.value === expected;
  } catch {
    return false;
  } finally {
    await handle.close();
  }
}

/** The app (made through the platform, so its credentials are sealed as a serving one's). */
async function createApp(file: string): Promise<string> {
  const guildhall = await openGuildhall({
    sqliteFile: file,
    secretKey: BENCH_SECRET_KEY,
    rebuild: 'never',
  });
  try {
    return (await guildhall.apps.create('Analytics bench', { timezone: 'UTC' })).id;
  } finally {
    await guildhall.close();
  }
}

/** Player i joined on day i % DAYS; their events fall on that day and the days after. */
async function seed(file: string, options: AnalyticsBenchOptions): Promise<void> {
  const appId = await createApp(file);
  const handle = openDatabase({ sqliteFile: file });
  const { db } = handle;
  try {
    // The bulk load only: rows are consistent by construction, durability from the checkpoint.
    await sql`PRAGMA foreign_keys = OFF`.execute(db);
    await sql`PRAGMA synchronous = OFF`.execute(db);
    const bar = new cliProgress.SingleBar(
      {
        format:
          '  seed analytics {phase} [{bar}] {percentage}% {value}/{total} players {duration}s',
        noTTYOutput: true,
        notTTYSchedule: 5_000,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(options.players, 0, { phase: 'rows   ' });
    for (let lo = 1; lo <= options.players; lo += CHUNK) {
      const hi = Math.min(lo + CHUNK - 1, options.players);
      await db.transaction().execute((trx) => seedChunk(trx, appId, lo, hi, options));
      bar.update(hi);
    }
    bar.stop();
    options.log('  rolling up the daily counters');
    await rollUp(db, appId);
    await db
      .insertInto('meta')
      .values({ key: META_KEY, value: fingerprint(options) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: fingerprint(options) }))
      .execute();
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
    await sql`ANALYZE`.execute(db);
  } finally {
    await handle.close();
  }
}

/** Players lo..hi (account ids), each with their app membership, channel, device and events. */
async function seedChunk(
  db: Kysely<Database>,
  appId: string,
  lo: number,
  hi: number,
  options: AnalyticsBenchOptions,
): Promise<void> {
  const players = sql`WITH RECURSIVE n(i) AS (SELECT ${lo} UNION ALL SELECT i + 1 FROM n WHERE i < ${hi})`;
  const joined = sql`(${FIRST_DAY} + (i % ${DAYS}) * ${DAY_MS} + (i * 7919 % ${DAY_MS}))`;
  await sql`${players}
    INSERT INTO accounts (id, public_id, kind, name, sex, photos, sign, regstate, vip, is_spam,
                          profile_version, created_at)
    SELECT i, 'p_bench' || i, 'guest', '', '', '[]', '', 1, 0, 0, 1, ${joined} FROM n`.execute(db);
  await sql`${players}
    INSERT INTO app_players (app_id, account_id, created_at)
    SELECT ${appId}, i, ${joined} FROM n`.execute(db);
  await sql`${players}
    INSERT INTO analytics_acquisitions (app_id, account_id, first, first_at, latest, latest_at)
    SELECT ${appId}, i, c, ${joined}, c, ${joined} FROM (
      SELECT i, json_object('source', 'source' || (i % 5), 'mainsource', '' || (i % 4),
        'subsource', '' || (i % 3), 'entryType', 'XC', 'entryName', '', 'entryLang', 'pt') AS c
      FROM n WHERE i % 5 <> 0)`.execute(db);
  await sql`${players}
    INSERT INTO analytics_devices (app_id, platform, device_id, account_id, model, os_version,
                                   extra, first_seen_at, last_seen_at)
    SELECT ${appId}, CASE i % 2 WHEN 0 THEN 'ios' ELSE 'android' END, 'device-' || i, i,
           'Model ' || (i % ${MODELS}), '1' || (i % 7), '{}', ${joined}, ${joined} FROM n`.execute(
    db,
  );
  const perPlayer = options.eventsPerPlayer;
  // Event j of player i happens (j * 3) % 30 days after they joined, capped at the last day.
  await sql`WITH RECURSIVE e(k) AS (
      SELECT ${(lo - 1) * perPlayer} UNION ALL SELECT k + 1 FROM e WHERE k < ${hi * perPlayer - 1})
    INSERT INTO analytics_events (app_id, account_id, main_class, sub_class, entry_type, server_id,
                                  device_id, at, recorded_at)
    SELECT ${appId}, i, 'class' || (k % ${MAIN_CLASSES}), '' || (k * 7 % ${SUB_CLASSES}), '1',
           '' || (1 + i % 9), 'device-' || i, at, at
    FROM (SELECT k, k / ${perPlayer} + 1 AS i,
            min(${FIRST_DAY} + ((k / ${perPlayer} + 1) % ${DAYS}
                 + (k % ${perPlayer}) * 3 % 30) * ${DAY_MS}, ${LAST_DAY})
              + (k * 104729 % ${DAY_MS}) AS at
          FROM e)`.execute(db);
  await sql`INSERT OR IGNORE INTO analytics_active_days (app_id, day, account_id)
    SELECT app_id, date(at / 1000, 'unixepoch'), account_id FROM analytics_events
    WHERE account_id BETWEEN ${lo} AND ${hi}`.execute(db);
}

/** The daily counters, as the writes would have kept them, from the rows. */
async function rollUp(db: Kysely<Database>, appId: string): Promise<void> {
  const day = (column: string) => sql.raw(`date(${column} / 1000, 'unixepoch')`);
  await sql`INSERT INTO analytics_daily (app_id, metric, day, key1, key2, key3, value)
    SELECT app_id, 'active', day, '', '', '', count(*) FROM analytics_active_days
    WHERE app_id = ${appId} GROUP BY day`.execute(db);
  await sql`INSERT INTO analytics_daily (app_id, metric, day, key1, key2, key3, value)
    SELECT app_id, 'new', ${day('created_at')}, '', '', '', count(*) FROM app_players
    WHERE app_id = ${appId} GROUP BY 3`.execute(db);
  await sql`INSERT INTO analytics_daily (app_id, metric, day, key1, key2, key3, value)
    SELECT q.app_id, 'source', ${day('p.created_at')}, json_extract(q.first, '$.source'),
           json_extract(q.first, '$.mainsource'), json_extract(q.first, '$.subsource'), count(*)
    FROM analytics_acquisitions q
    JOIN app_players p ON p.app_id = q.app_id AND p.account_id = q.account_id
    WHERE q.app_id = ${appId} GROUP BY 3, 4, 5, 6`.execute(db);
  await sql`INSERT INTO analytics_daily (app_id, metric, day, key1, key2, key3, value)
    SELECT app_id, 'event', ${day('at')}, main_class, sub_class, '', count(*)
    FROM analytics_events WHERE app_id = ${appId} GROUP BY 3, 4, 5`.execute(db);
  await sql`INSERT INTO analytics_daily (app_id, metric, day, key1, key2, key3, value)
    SELECT app_id, 'model', ${day('first_seen_at')}, platform, model, '', count(*)
    FROM analytics_devices WHERE app_id = ${appId} GROUP BY 3, 4, 5`.execute(db);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function timed(runs: number, work: (run: number) => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    await work(run);
    times.push(performance.now() - started);
  }
  return median(times);
}

async function measureAll(
  guildhall: Guildhall,
  options: AnalyticsBenchOptions,
): Promise<AnalyticsBenchResult['medians']> {
  const [app] = await guildhall.apps.list();
  if (!app) throw new Error('the analytics bench database has no app');
  const repo = guildhall.store.analytics;
  const last30 = { from: isoDay(LAST_DAY - 29 * DAY_MS), to: isoDay(LAST_DAY) };
  const all = { from: isoDay(FIRST_DAY), to: isoDay(LAST_DAY) };
  const queries: [string, (app: App) => Promise<unknown>][] = [
    ['daily active players, 30 days', (a) => repo.daily(a.id, 'active', last30.from, last30.to)],
    ['new players per day, 30 days', (a) => repo.daily(a.id, 'new', last30.from, last30.to)],
    ['new players by source, 30 days', (a) => repo.daily(a.id, 'source', last30.from, last30.to)],
    ['events per class per day, 30 days', (a) => repo.daily(a.id, 'event', last30.from, last30.to)],
    ['device models, 30 days', (a) => repo.totals(a.id, 'model', last30.from, last30.to)],
    ['whole stats (admin API), 30 days', (a) => guildhall.analytics.stats(a, last30)],
    ['whole stats (admin API), 90 days', (a) => guildhall.analytics.stats(a, all)],
  ];
  const medians: AnalyticsBenchResult['medians'] = [];
  const record = (name: string, runs: number, medianMs: number) => {
    medians.push({ name, runs, medianMs });
    options.log(`  ${name}: median ${medianMs.toFixed(3)} ms over ${runs} runs`);
  };
  for (const [name, query] of queries) {
    await query(app); // warm the page cache
    record(name, 50, await timed(50, () => query(app)));
  }
  const account = (run: number) => 1 + ((run * 7_919) % options.players);
  const now = guildhall.clock.now();
  const writes: [string, (run: number) => Promise<unknown>][] = [
    [
      'record an event (/Pt/buried)',
      (run) =>
        guildhall.analytics.recordEvent(app, {
          mainClass: `class${run % MAIN_CLASSES}`,
          subClass: String(run % SUB_CLASSES),
          entryType: '1',
          at: now,
          accountId: account(run),
          serverId: '1',
          deviceId: `device-${account(run)}`,
        }),
    ],
    ['mark a player active', (run) => guildhall.analytics.markActive(app, account(run + 5_000))],
    [
      'record a device (/Pt/getios)',
      (run) =>
        guildhall.analytics.recordDevice(app, {
          platform: 'ios',
          deviceId: `bench-new-device-${run}`,
          model: `Model ${run % MODELS}`,
          osVersion: '17',
        }),
    ],
    [
      'record a channel (/Pt/getsource)',
      (run) =>
        guildhall.analytics.recordAcquisition(app, account(run + 10_000), {
          source: 'source1',
          mainsource: '1',
          subsource: '1',
          entryType: '',
          entryName: '',
          entryLang: '',
        }),
    ],
  ];
  for (const [name, write] of writes) record(name, 1_000, await timed(1_000, write));
  const scan = await timed(1, () =>
    sql`SELECT date(at / 1000, 'unixepoch') AS day, main_class, sub_class, count(*) AS n
        FROM analytics_events WHERE app_id = ${app.id} AND at >= ${LAST_DAY - 29 * DAY_MS}
        GROUP BY 1, 2, 3`.execute(guildhall.store.db),
  );
  record('for comparison: events per class per day from the raw events, 30 days', 1, scan);
  return medians;
}

/** The result as the lines of a report. */
export function renderAnalyticsReport(result: AnalyticsBenchResult): string {
  const lines = [
    `Analytics on SQLite: ${result.players.toLocaleString('en')} players, ` +
      `${result.events.toLocaleString('en')} events over ${DAYS} days` +
      (result.seeded ? ` (seeded in ${result.seedSeconds.toFixed(0)} s)` : ' (cached dataset)'),
    '',
    '| what | median | runs |',
    '| --- | ---: | ---: |',
    ...result.medians.map((m) => `| ${m.name} | ${m.medianMs.toFixed(3)} ms | ${m.runs} |`),
  ];
  return lines.join('\n');
}
