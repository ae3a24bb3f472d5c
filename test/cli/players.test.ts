import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { resolveConfig, sqliteFileOf } from '../../src/config.js';
import type { Guildhall } from '../../src/guildhall.js';
import { openGuildhall } from '../../src/guildhall.js';
import type { CliStorage } from '../helpers/cli.js';
import { postgresStorage, runCli, sqliteStorage } from '../helpers/cli.js';

const storages: (() => Promise<CliStorage>)[] = [() => Promise.resolve(sqliteStorage())];
if (process.env.DATABASE_URL) {
  const url = process.env.DATABASE_URL;
  storages.push(() => postgresStorage(url));
}

const SECRET_KEY = 'ab'.repeat(32);

for (const open of storages) {
  describe('guildhall player', () => {
    let storage: CliStorage;
    let appId: string;
    let playerId: string;
    let sessionToken: string;
    const cli = (...args: string[]) =>
      runCli([...args, ...storage.flags], { GUILDHALL_SECRET_KEY: SECRET_KEY });

    /** The platform the CLI points at, opened in the test process. */
    async function withPlatform<T>(work: (guildhall: Guildhall) => Promise<T>): Promise<T> {
      const [flag, value = ''] = storage.flags;
      const guildhall = await openGuildhall({
        ...(flag === '--data-dir'
          ? { sqliteFile: sqliteFileOf(resolveConfig({ dataDir: value })) }
          : { databaseUrl: value }),
        secretKey: Buffer.from(SECRET_KEY, 'hex'),
        rebuild: 'never',
      });
      try {
        return await work(guildhall);
      } finally {
        await guildhall.close();
      }
    }

    before(async () => {
      storage = await open();
      const created = await cli('app', 'create', '--name', 'Privacy CLI', '--json');
      assert.equal(created.code, 0, created.stderr);
      appId = JSON.parse(created.stdout).id;
      const login = await withPlatform((g) =>
        g.players.register(appId, 'cli@example.com', 'correct horse battery'),
      );
      playerId = login.account.publicId;
      sessionToken = login.sessionToken;
    });
    after(() => storage.cleanup());

    it('search finds the player by an id, --json as the admin API answers', async () => {
      const result = await cli('player', 'search', appId, 'CLI@example.com', '--json');
      assert.equal(result.code, 0, result.stderr);
      const found = JSON.parse(result.stdout);
      assert.equal(found.total, 1);
      assert.equal(found.players[0].player_id, playerId);
      assert.deepEqual(found.players[0].matched, ['email']);
      const text = await cli('player', 'search', appId, playerId);
      assert.match(text.stdout, new RegExp(`^${playerId} .* player_id\\n$`));
      const none = await cli('player', 'search', appId, 'nobody');
      assert.equal(none.stdout, 'no player has this id\n');
      const noApp = await cli('player', 'search', 'app_nope', 'nobody');
      assert.equal(noApp.code, 1);
      assert.match(noApp.stderr, /app/);
    });

    it('export prints the document, or writes it to --out', async () => {
      const printed = await cli('player', 'export', playerId);
      assert.equal(printed.code, 0, printed.stderr);
      const document = JSON.parse(printed.stdout);
      assert.equal(document.player_id, playerId);
      assert.equal(document.tables.identities[0].has_password, true);
      assert.ok(!printed.stdout.includes(sessionToken));
      const out = join(mkdtempSync(join(tmpdir(), 'guildhall-export-')), 'player.json');
      const written = await cli('player', 'export', playerId, '--out', out);
      assert.equal(written.code, 0, written.stderr);
      assert.equal(written.stdout, '');
      assert.equal(JSON.parse(readFileSync(out, 'utf8')).player_id, playerId);
      const unknown = await cli('player', 'export', 'nobody');
      assert.equal(unknown.code, 1);
      assert.match(unknown.stderr, /no such player/);
    });

    it('delete refuses without --yes and changes nothing', async () => {
      const result = await cli('player', 'delete', playerId);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /cannot be undone; add --yes/);
      assert.equal((await cli('player', 'export', playerId)).code, 0);
    });

    it('delete --yes deletes the player and ends their sessions', async () => {
      const result = await cli('player', 'delete', playerId, '--yes');
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, `deleted player ${playerId}\n`);
      assert.equal((await cli('player', 'export', playerId)).code, 1);
      const found = JSON.parse((await cli('player', 'search', appId, playerId, '--json')).stdout);
      assert.equal(found.total, 0);
      await withPlatform(async (g) => {
        await assert.rejects(g.players.authenticateSession(sessionToken), /session token/);
      });
      const again = await cli('player', 'delete', playerId, '--yes');
      assert.equal(again.code, 1);
      assert.match(again.stderr, /no such player/);
    });
  });
}
