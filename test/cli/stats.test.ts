import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { resolveConfig, sqliteFileOf } from '../../src/config.js';
import { openGuildhall } from '../../src/guildhall.js';
import { playStatsScenario, SCENARIO_ZONE, scenarioStats } from '../helpers/analytics.js';
import type { CliStorage } from '../helpers/cli.js';
import { postgresStorage, runCli, sqliteStorage } from '../helpers/cli.js';

const storages: (() => Promise<CliStorage>)[] = [() => Promise.resolve(sqliteStorage())];
if (process.env.DATABASE_URL) {
  const url = process.env.DATABASE_URL;
  storages.push(() => postgresStorage(url));
}

const SECRET_KEY = 'ab'.repeat(32);

for (const open of storages) {
  describe('guildhall stats', () => {
    let storage: CliStorage;
    let appId: string;
    const cli = (...args: string[]) =>
      runCli([...args, ...storage.flags], { GUILDHALL_SECRET_KEY: SECRET_KEY });

    before(async () => {
      storage = await open();
      const created = await cli('app', 'create', '--name', 'Stats CLI', '--json');
      assert.equal(created.code, 0, created.stderr);
      appId = JSON.parse(created.stdout).id;
      const set = await cli('app', 'update', appId, '--timezone', SCENARIO_ZONE);
      assert.equal(set.code, 0, set.stderr);
      const [flag, value = ''] = storage.flags;
      const clock = { time: 0, now: () => clock.time };
      const guildhall = await openGuildhall({
        ...(flag === '--data-dir'
          ? { sqliteFile: sqliteFileOf(resolveConfig({ dataDir: value })) }
          : { databaseUrl: value }),
        secretKey: Buffer.from(SECRET_KEY, 'hex'),
        rebuild: 'never',
        clock,
      });
      try {
        await playStatsScenario(guildhall, await guildhall.apps.get(appId), clock);
      } finally {
        await guildhall.close();
      }
    });
    after(() => storage.cleanup());

    it('--json prints what the admin API answers', async () => {
      const result = await cli(
        'stats',
        appId,
        '--from',
        '2026-11-20',
        '--to',
        '2026-11-23',
        '--json',
      );
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(JSON.parse(result.stdout), scenarioStats(appId));
    });

    it('prints the days, channels, events and device models as tables', async () => {
      const result = await cli('stats', appId, '--from', '2026-11-21', '--to', '2026-11-22');
      assert.equal(result.code, 0, result.stderr);
      const lines = result.stdout.split('\n');
      assert.equal(lines[0], `${appId}  2026-11-21 .. 2026-11-22`);
      assert.ok(lines.includes('2026-11-21       3    3'), result.stdout);
      assert.ok(lines.includes('2026-11-22       2    0'), result.stdout);
      assert.ok(
        lines.includes('2026-11-21  googleplay  ads         br               1'),
        result.stdout,
      );
      assert.ok(lines.includes('2026-11-22  shop        1               1'), result.stdout);
      assert.ok(lines.includes('ios       iPhone 14        2'), result.stdout);
    });

    it('fails with a message for a bad range or an unknown app', async () => {
      const reversed = await cli('stats', appId, '--from', '2026-11-22', '--to', '2026-11-21');
      assert.equal(reversed.code, 1);
      assert.match(reversed.stderr, /from must not be after to/);
      const unknown = await cli('stats', 'app_nosuchapp');
      assert.equal(unknown.code, 1);
      assert.match(unknown.stderr, /app_nosuchapp/);
    });
  });
}
