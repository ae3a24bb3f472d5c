import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from '../../src/store/database.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { CUT_REFERENCES, PLAYER_ROWS } from '../../src/store/repos/player-data.js';

/** Columns the export and deletion handle apart from the two lists (see PlayerDataRepo). */
const HANDLED_APART = ['accounts.id', 'devices.account_id', 'groups.owner_id'];

it('every column that refers to an account is exported and erased (or cut)', async () => {
  const handle = openDatabase({ sqliteFile: join(mkdtempSync(join(tmpdir(), 'gh-')), 'db') });
  try {
    await migrateToLatest(handle);
    const tables = await sql<{ name: string }>`
      SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`.execute(
      handle.db,
    );
    const referring: string[] = [];
    for (const { name } of tables.rows) {
      const columns = await sql<{ name: string }>`
        SELECT name FROM pragma_table_info(${name})`.execute(handle.db);
      const keys = await sql<{ from: string; table: string }>`
        SELECT "from", "table" FROM pragma_foreign_key_list(${name})`.execute(handle.db);
      for (const column of columns.rows) {
        const toAccounts = keys.rows.some((k) => k.from === column.name && k.table === 'accounts');
        if (toAccounts || column.name === 'account_id') referring.push(`${name}.${column.name}`);
      }
    }
    for (const column of ['orders.account_id', 'friend_requests.to_id', 'guilds.president_id']) {
      assert.ok(referring.includes(column), column);
    }
    const handled = new Set([
      ...[...PLAYER_ROWS, ...CUT_REFERENCES].map(([table, column]) => `${table}.${column}`),
      ...HANDLED_APART,
    ]);
    assert.deepEqual(
      referring.filter((column) => !handled.has(column)),
      [],
    );
  } finally {
    await handle.close();
  }
});
