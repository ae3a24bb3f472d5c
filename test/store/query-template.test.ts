import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openDatabase } from '../../src/store/database.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { QueryTemplate } from '../../src/store/query-template.js';

describe('QueryTemplate', () => {
  it('binds new values into the compiled SQL, constants and IN lists included', async () => {
    const handle = openDatabase({ sqliteFile: ':memory:' });
    await migrateToLatest(handle);
    const { db } = handle;
    await db
      .insertInto('meta')
      .values([
        { key: 'a', value: '1' },
        { key: 'b', value: '2' },
        { key: 'c', value: '3' },
      ])
      .execute();
    const template = new QueryTemplate((min: string, ...keys: string[]) =>
      db
        .selectFrom('meta')
        .select('key')
        .where('value', '>=', min)
        .where('key', 'in', keys)
        .where('key', '!=', 'zzz')
        .orderBy('key'),
    );
    const keysOf = async (...params: [string, ...string[]]) =>
      (await db.executeQuery(template.bind(...params))).rows.map((r) => r.key);
    assert.deepEqual(await keysOf('2', 'a', 'b', 'c'), ['b', 'c']);
    assert.deepEqual(await keysOf('1', 'a', 'c'), ['a', 'c']);
    assert.deepEqual(await keysOf('3', 'a'), []);
    assert.deepEqual(await keysOf('0', 'c'), ['c']);

    const unbound = new QueryTemplate((key: string) =>
      db.selectFrom('meta').select('key').where('key', '=', key.toUpperCase()),
    );
    assert.throws(() => unbound.bind('a'), /parameter 0 is not bound/);
    await handle.close();
  });
});
