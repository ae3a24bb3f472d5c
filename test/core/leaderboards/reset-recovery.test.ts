import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { GuildhallOptions } from '../../../src/guildhall.js';
import { openGuildhall } from '../../../src/guildhall.js';
import { testBackends } from '../../helpers/backends.js';
import { TestClock } from '../../helpers/server.js';
import { newApp, newPlayers } from '../helpers.js';

for (const backend of testBackends()) {
  describe(`board reset recovery [${backend.name}]`, () => {
    it('finishes at start a reset whose process stopped after deleting the scores', async () => {
      const { options, cleanup } = await backend.provision();
      const folder = await mkdtemp(join(tmpdir(), 'guildhall-reset-'));
      const durable: GuildhallOptions =
        backend.name === 'sqlite' ? { ...options, sqliteFile: join(folder, 'db.sqlite') } : options;
      const clock = new TestClock();
      try {
        const before = await openGuildhall({ ...durable, clock });
        const appId = await newApp(before);
        const [first, second] = (await newPlayers(before, appId, 'reset-recovery', 2)) as [
          number,
          number,
        ];
        await before.leaderboards.submit(appId, [
          { accountId: first, board: 'season', score: 9 },
          { accountId: second, board: 'season', score: 3 },
        ]);
        await before.leaderboards.compactJournal();
        // The reset's transaction commits; the process stops before the index catches up.
        await before.store.transaction((store) => store.scores.resetBoard(appId, 'season', 0));
        assert.equal((await before.leaderboards.range(appId, 'season', 0, 10)).total, 2);
        await before.close();

        const after = await openGuildhall({ ...durable, clock });
        try {
          assert.deepEqual(await after.leaderboards.range(appId, 'season', 0, 10), {
            total: 0,
            entries: [],
          });
          assert.deepEqual(await after.store.scores.pendingResets(), []);
          await after.leaderboards.submit(appId, [
            { accountId: second, board: 'season', score: 1 },
          ]);
          const again = await after.leaderboards.range(appId, 'season', 0, 10);
          assert.deepEqual(again.entries, [{ memberId: second, rank: 1, score: 1 }]);
        } finally {
          await after.close();
        }
      } finally {
        await cleanup();
        await rm(folder, { recursive: true, force: true });
      }
    });
  });
}
