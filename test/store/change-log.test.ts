import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { ACCOUNT_CHANGED } from '../../src/common/change-topics.js';
import type { DatabaseHandle, DatabaseOptions } from '../../src/store/database.js';
import { openDatabase } from '../../src/store/database.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { Store } from '../../src/store/store.js';

/** Two connections to one database, as two processes have, each with its feed started. */
async function openTwo(options: DatabaseOptions): Promise<[DatabaseHandle, DatabaseHandle]> {
  const first = openDatabase(options);
  await migrateToLatest(first);
  const second = openDatabase(options);
  await first.changes.start();
  await second.changes.start();
  return [first, second];
}

const storeOf = (handle: DatabaseHandle) => new Store(handle.db, handle.kind, handle.changes);

/** What a handle's feed heard of ACCOUNT_CHANGED, undefined for "forget everything". */
function heardBy(handle: DatabaseHandle): (string | undefined)[] {
  const heard: (string | undefined)[] = [];
  handle.changes.watch(ACCOUNT_CHANGED, (key) => heard.push(key));
  return heard;
}

/** Waits until `heard` has `count` entries (PostgreSQL delivers notifications asynchronously). */
async function hearing(handle: DatabaseHandle, heard: unknown[], count: number): Promise<void> {
  for (let i = 0; i < 200 && heard.length < count; i++) {
    await handle.changes.catchUp();
    if (heard.length < count) await sleep(10);
  }
}

const backends: [string, () => Promise<DatabaseOptions>][] = [
  ['sqlite', async () => ({ sqliteFile: join(mkdtempSync(join(tmpdir(), 'gh-changes-')), 'db') })],
];
const SCHEMA = `gh_changes_${process.pid}`;

async function dropSchema(url: string, andCreate = false): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  if (andCreate) await client.query(`CREATE SCHEMA ${SCHEMA}`);
  await client.end();
}

const databaseUrl = process.env.DATABASE_URL;
if (databaseUrl) {
  backends.push([
    'postgres',
    async () => {
      await dropSchema(databaseUrl, true);
      return { url: databaseUrl, schema: SCHEMA };
    },
  ]);
}

for (const [name, options] of backends) {
  describe(`the change feed [${name}]`, () => {
    let writer: DatabaseHandle;
    let reader: DatabaseHandle;
    let writerHeard: (string | undefined)[];
    let readerHeard: (string | undefined)[];

    before(async () => {
      [writer, reader] = await openTwo(await options());
      writerHeard = heardBy(writer);
      readerHeard = heardBy(reader);
    });
    after(async () => {
      await reader.close();
      await writer.close();
      if (databaseUrl && name === 'postgres') await dropSchema(databaseUrl);
    });

    it('is heard by both connections once the transaction commits, and never if it rolls back', async () => {
      await storeOf(writer).transaction(async (store) => {
        await store.changes.publish(ACCOUNT_CHANGED, 7);
        assert.deepEqual(writerHeard, [], 'not before the commit');
      });
      assert.equal(writerHeard[0], '7', 'the writer hears it at commit');
      await hearing(reader, readerHeard, 1);
      assert.deepEqual(readerHeard, ['7']);
      await assert.rejects(
        storeOf(writer).transaction(async (store) => {
          await store.changes.publish(ACCOUNT_CHANGED, 8);
          throw new Error('rolled back');
        }),
      );
      await storeOf(writer).changes.publish(ACCOUNT_CHANGED, 9);
      await hearing(reader, readerHeard, 2);
      // On PostgreSQL the writer also hears its own notifications: twice, which is harmless.
      assert.deepEqual([...new Set(writerHeard)], ['7', '9']);
      assert.deepEqual(readerHeard, ['7', '9']);
    });

    it('costs the reader nothing while nothing changed', { skip: name !== 'sqlite' }, async () => {
      const before = reader.changes.heard;
      for (let i = 0; i < 1000; i++) await reader.changes.catchUp();
      assert.equal(reader.changes.heard, before);
    });

    it(
      'makes a reader that missed pruned changes forget everything',
      { skip: name !== 'sqlite' },
      async () => {
        const store = storeOf(writer);
        for (const key of [10, 11, 12]) await store.changes.publish(ACCOUNT_CHANGED, key);
        assert.equal(await store.changes.prune(Date.now() + 1), 2 + 2, 'all but the newest');
        readerHeard.length = 0;
        // One check serves a turn of the event loop (see SqliteChangeLog.catchUp): a later turn.
        await new Promise(setImmediate);
        await reader.changes.catchUp();
        assert.deepEqual(readerHeard, [undefined, '12']);
      },
    );
  });
}
