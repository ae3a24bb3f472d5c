import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import pg from 'pg';
import { OutboxSignal } from '../src/core/outbox/types.js';
import { PaymentService } from '../src/core/payments/service.js';
import type { Guildhall, GuildhallOptions } from '../src/guildhall.js';
import { openGuildhall } from '../src/guildhall.js';
import type { BackendName } from './backends.js';
import type { DeliveryKind } from './delivery-kinds.js';

/** The databases of the delivery bench: where each measurement starts afresh, and its backlog. */

const SEED_BATCH = 500;
const POSTGRES_SCHEMA = 'bench_notify';

export interface DeliveryTarget {
  name: BackendName;
  title: string;
  platform: GuildhallOptions;
}

/** SQLite in a fresh file of `dataDir`; PostgreSQL in its own schema when a URL is given. */
export function deliveryTargets(
  dataDir: string,
  databaseUrl: string | undefined,
  only: string | undefined,
): DeliveryTarget[] {
  const targets: DeliveryTarget[] = [];
  if (only !== 'postgres') {
    const sqliteFile = `${dataDir}/delivery-${process.pid}.sqlite`;
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

/** A fresh database with one sandbox app delivering to the receiver, and one player. */
export interface World {
  guildhall: Guildhall;
  appId: string;
  accountId: number;
  /** The worker process's flags for this database, app and player. */
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

async function removeDatabase(target: DeliveryTarget): Promise<void> {
  const { sqliteFile, databaseUrl } = target.platform;
  if (databaseUrl) await dropSchema(databaseUrl);
  if (sqliteFile)
    for (const suffix of ['', '-wal', '-shm']) rmSync(sqliteFile + suffix, { force: true });
}

export async function openWorld(
  target: DeliveryTarget,
  kind: DeliveryKind,
  url: string,
): Promise<World> {
  await removeDatabase(target);
  const secretKey = randomBytes(32);
  const guildhall = await openGuildhall({ ...target.platform, secretKey, rebuild: 'never' });
  const app = await guildhall.apps.create(
    'Delivery bench',
    { sandbox: true },
    kind.appSettings(url),
  );
  const { account } = await guildhall.players.loginGuest(app.id, 'bench-delivery-device');
  await kind.prepare(guildhall, app.id, account.id);
  const { sqliteFile, databaseUrl, databaseSchema } = target.platform;
  const pairs: [string, string | undefined][] = [
    ['--sqlite-file', sqliteFile],
    ['--database-url', databaseUrl],
    ['--database-schema', databaseSchema],
    ['--secret-key', secretKey.toString('hex')],
    ['--app-id', app.id],
    ['--account-id', String(account.id)],
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
export async function seedBacklog(world: World, kind: DeliveryKind, orders: number): Promise<void> {
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
        const order = await payments.create(app, world.accountId, kind.order(`backlog-${i}`));
        await payments.markPaid(order.id, `bench_${order.id}`);
      }
    });
  }
}
