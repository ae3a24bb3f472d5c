import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openDatabase } from '../../src/store/database.js';
import type { CliStorage } from './cli.js';
import { postgresStorage, runCli } from './cli.js';
import { startNotifyReceiver } from './notify-receiver.js';
import type { RunningServe } from './serve-process.js';
import { startServe } from './serve-process.js';

const DRILL_ORDERS = 1_000;
const STORM_CONCURRENCY = 24;
const DRILL_ENV = {
  GUILDHALL_SECRET_KEY: 'ab'.repeat(32),
  GUILDHALL_ADMIN_TOKEN: 'crash-admin',
  // A day of retries in about 90 s; a dead process's claims lapse after 2 s.
  GUILDHALL_OUTBOX_TIME_SCALE: '0.001',
  GUILDHALL_OUTBOX_LEASE_MS: '2000',
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a dialect's drill differs in: how orders are paid, and what its notification carries. */
export interface DrillDialect<A> {
  /** The demo app (its credentials from serve's first-start output), set up for the drill. */
  prepare(output: string, storageFlags: string[]): Promise<A>;
  /** CLI flags of `app update` that point the app's notifications at the receiver. */
  notifyFlags(app: A, url: string): string[];
  /**
   * Creates and pays order n through `baseUrl` (state carries what a retry must not redo);
   * answers the order's key. Network failures throw and are retried; AssertionErrors end the drill.
   */
  payOrder(app: A, baseUrl: string, n: number, state: Record<string, string>): Promise<string>;
  /** The order key a notification names, and whether it is signed right. */
  keyOf(fields: Record<string, string>): string;
  signedRight(app: A, fields: Record<string, string>): boolean;
  /** The orders column the key is in. */
  keyColumn: 'trade_no' | 'app_order_no';
}

async function storm<A>(
  dialect: DrillDialect<A>,
  app: A,
  servers: () => string[],
  onPaid: (done: number) => void,
) {
  const paid = new Set<string>();
  let next = 0;
  const worker = async () => {
    while (next < DRILL_ORDERS) {
      const n = next++;
      const state: Record<string, string> = {};
      for (let tries = 0; ; tries++) {
        const urls = servers();
        if (urls.length === 0) {
          // Every process is down (the single one restarting): not a failed try.
          await sleep(50);
          tries--;
          continue;
        }
        const baseUrl = urls[(n + tries) % urls.length] ?? '';
        try {
          paid.add(await dialect.payOrder(app, baseUrl, n, state));
          break;
        } catch (error) {
          if (error instanceof assert.AssertionError || tries > 200) throw error;
          await sleep(50);
        }
      }
      onPaid(paid.size);
    }
  };
  await Promise.all(Array.from({ length: STORM_CONCURRENCY }, worker));
  return paid;
}

/**
 * The kill -9 drill: DRILL_ORDERS orders paid over `processes` serving processes, one killed
 * mid-storm and restarted; every notification acknowledged, none lost, and only what the kill
 * cut short sent again.
 */
async function runNotifyDrill<A>(
  dialect: DrillDialect<A>,
  storageFlags: string[],
  processes: number,
) {
  const first = await startServe(storageFlags, DRILL_ENV);
  const running: RunningServe[] = [first];
  for (let i = 1; i < processes; i++) running.push(await startServe(storageFlags, DRILL_ENV));

  // The game server: acknowledges some notifications only on a later attempt, checks the
  // signature of every one, and notes any notification sent while another copy is in flight.
  const acks = new Map<string, number>();
  const requests = new Map<string, number>();
  const inFlight = new Set<string>();
  let overlapping = 0;
  let badSignatures = 0;
  const app = await dialect.prepare(first.output(), storageFlags);
  const receiver = await startNotifyReceiver(async (fields) => {
    const key = dialect.keyOf(fields);
    if (inFlight.has(key)) overlapping++;
    inFlight.add(key);
    await sleep(2);
    inFlight.delete(key);
    if (!dialect.signedRight(app, fields)) badSignatures++;
    const seen = (requests.get(key) ?? 0) + 1;
    requests.set(key, seen);
    const picky = Number(key.replace(/\D/g, '').slice(-3)) % 3;
    if (picky === 0 && seen === 1) return { status: 500, body: 'busy' };
    if (picky === 1 && seen === 1) return { status: 200, body: 'fail' };
    acks.set(key, (acks.get(key) ?? 0) + 1);
    return { status: 200, body: 'success' };
  });
  const update = await runCli(
    ['app', 'update', ...dialect.notifyFlags(app, receiver.url), ...storageFlags],
    DRILL_ENV,
  );
  assert.equal(update.code, 0, update.stderr);
  await sleep(2_100); // the apps cache of running processes

  let killedAt = -1;
  let restart: Promise<void> | undefined;
  const victim = 0;
  const keys = await storm(
    dialect,
    app,
    () => running.filter((r) => r.child.exitCode === null && !r.child.killed).map((r) => r.baseUrl),
    (done) => {
      if (killedAt < 0 && done >= DRILL_ORDERS * 0.4) {
        killedAt = done;
        const dying = running[victim];
        dying?.child.kill('SIGKILL');
        restart = (async () => {
          await dying?.exited;
          if (processes === 1) await sleep(300); // requests fail meanwhile, and are retried
          running[victim] = await startServe(storageFlags, DRILL_ENV);
        })();
      }
    },
  );
  await restart;
  assert.ok(killedAt > 0 && killedAt < DRILL_ORDERS, `killed mid-storm (${killedAt} paid)`);
  assert.equal(keys.size, DRILL_ORDERS);

  const deadline = Date.now() + 150_000;
  while ([...keys].some((k) => !acks.has(k)) && Date.now() < deadline) await sleep(200);
  await sleep(3_000); // anything still to come would arrive now
  for (const r of running) r.child.kill('SIGTERM');
  await Promise.all(running.map((r) => r.exited));
  await receiver.close();

  const handle = openDatabase(
    storageFlags[0] === '--data-dir'
      ? { sqliteFile: join(storageFlags[1] ?? '', 'guildhall.sqlite') }
      : { url: storageFlags[1] },
  );
  try {
    const column = dialect.keyColumn;
    const orders = await handle.db
      .selectFrom('orders')
      .select([column, 'status'])
      .where('app_order_no', 'like', 'storm-%')
      .where('status', '!=', 'created')
      .execute();
    const outbox = await handle.db
      .selectFrom('outbox')
      .innerJoin('orders', 'orders.id', 'outbox.ref')
      .select([`orders.${column} as key`, 'outbox.id', 'outbox.status', 'outbox.attempts'])
      .execute();
    const attempts = await handle.db
      .selectFrom('delivery_attempts')
      .select(['outbox_id', 'outcome'])
      .execute();

    const missing = [...keys].filter((k) => !acks.has(k));
    assert.deepEqual(missing, [], 'every paid order acknowledged: nothing lost');
    assert.equal(badSignatures, 0);
    assert.equal(overlapping, 0);
    assert.equal(orders.length, DRILL_ORDERS);
    assert.ok(orders.every((o) => o.status === 'delivered'));
    assert.equal(outbox.length, DRILL_ORDERS, 'one notification per order');
    assert.ok(outbox.every((o) => o.status === 'delivered'));

    const byOutbox = new Map<number, string[]>();
    for (const a of attempts)
      byOutbox.set(a.outbox_id, [...(byOutbox.get(a.outbox_id) ?? []), a.outcome]);
    let duplicates = 0;
    let interrupted = 0;
    for (const item of outbox) {
      const outcomes = byOutbox.get(item.id) ?? [];
      const lost = outcomes.filter((o) => o === 'interrupted').length;
      interrupted += lost;
      assert.equal(outcomes.filter((o) => o === 'acknowledged').length, 1);
      assert.equal(outcomes.length, item.attempts, 'every attempt made is on record');
      const sent = requests.get(item.key) ?? 0;
      assert.ok(sent <= outcomes.length && sent >= outcomes.length - lost, item.key);
      const acked = acks.get(item.key) ?? 0;
      if (acked > 1) {
        duplicates += acked - 1;
        // Only an attempt cut short by the crash can have been acknowledged unbeknown to us.
        assert.ok(lost >= acked - 1, `${item.key} acknowledged ${acked} times`);
      }
    }
    return { killedAt, interrupted, duplicates };
  } finally {
    await handle.close();
  }
}

/** The drill on SQLite (one process) and, with DATABASE_URL, on two PostgreSQL processes. */
export function describeNotifyDrill<A>(title: string, dialect: DrillDialect<A>): void {
  describe(title, { timeout: 300_000 }, () => {
    it('SQLite: killed mid-storm and restarted: all 1,000 acknowledged, none lost, only what the kill cut short re-sent', async (t) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'gh-crash-'));
      const result = await runNotifyDrill(dialect, ['--data-dir', dataDir], 1);
      t.diagnostic(JSON.stringify(result));
    });

    const databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl && process.env.GUILDHALL_REQUIRE_ALL_BACKENDS === '1') {
      throw new Error('GUILDHALL_REQUIRE_ALL_BACKENDS=1 but DATABASE_URL is not set');
    }
    it(
      'PostgreSQL: two processes, one killed mid-storm and restarted',
      { skip: databaseUrl ? false : 'DATABASE_URL not set' },
      async (t) => {
        const storage: CliStorage = await postgresStorage(databaseUrl ?? '');
        try {
          const result = await runNotifyDrill(dialect, storage.flags, 2);
          t.diagnostic(JSON.stringify(result));
        } finally {
          await storage.cleanup();
        }
      },
    );
  });
}
