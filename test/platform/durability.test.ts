import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Guildhall, openGuildhall } from '../../src/guildhall.js';
import type { RankIndex, RankUpdate } from '../../src/core/leaderboards/rank-index.js';
import { REDIS_RANK_LAYOUT } from '../../src/store/rank/redis-rank-index.js';
import { testBackends } from '../helpers/backends.js';

/** A rank index that fails on demand, to break a transaction half-way. */
function failingOnBoard(inner: RankIndex, failingKeySuffix: string): RankIndex {
  return new Proxy(inner, {
    get(target, property, receiver) {
      if (property === 'apply') {
        return (board: string, updates: readonly RankUpdate[]) =>
          board.endsWith(failingKeySuffix)
            ? Promise.reject(new Error('index down'))
            : target.apply(board, updates);
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

for (const backend of testBackends()) {
  describe(`platform durability [${backend.name}]`, () => {
    it('rebuilds the rank index from the database on restart', async () => {
      const { options, cleanup } = await backend.provision();
      const sqliteFile =
        options.sqliteFile === ':memory:'
          ? join(mkdtempSync(join(tmpdir(), 'gh-rebuild-')), 'db.sqlite')
          : undefined;
      const storage = { ...options, ...(sqliteFile && { sqliteFile }) };
      const first = await openGuildhall(storage);
      const app = await first.apps.create('Rebuild');
      const ids: number[] = [];
      for (let i = 0; i < 5; i++)
        ids.push((await first.players.loginGuest(app.id, `rebuild-${i}`)).account.id);
      await first.leaderboards.submit(
        app.id,
        ids.map((accountId, i) => ({ accountId, board: '1', score: i * 10 })),
      );
      const before = await first.leaderboards.range(app.id, '1', 0, 10);
      await first.close();

      if (storage.redisUrl) {
        // A fresh Redis (restarted, nothing persisted) has lost the index: the next start rebuilds it.
        const { Redis } = await import('ioredis');
        const redis = new Redis(storage.redisUrl);
        const keys = await redis.keys(`${storage.redisKeyPrefix}*`);
        if (keys.length > 0) await redis.del(...keys);
        redis.disconnect();
      }
      const second = await openGuildhall(storage);
      assert.deepEqual(await second.leaderboards.range(app.id, '1', 0, 10), before);
      assert.equal(before.entries[0]?.score, 40);
      await second.close();
      await cleanup();
    });

    it('rebuilds a Redis index that holds an older key layout', async (t) => {
      const { options, cleanup } = await backend.provision();
      if (!options.redisUrl) {
        t.skip('no Redis');
        return cleanup();
      }
      const first = await openGuildhall(options);
      const app = await first.apps.create('Layout');
      const { account } = await first.players.loginGuest(app.id, 'layout');
      await first.leaderboards.submit(app.id, [{ accountId: account.id, board: '1', score: 7 }]);
      await first.close();

      // What servers of the first two layouts left: their markers and keys, none of the current
      // layout's keys; beside them, keys that only look like theirs.
      const { Redis } = await import('ioredis');
      const redis = new Redis(options.redisUrl);
      const prefix = options.redisKeyPrefix!;
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.set(`${prefix}built`, '1');
      const oldBoard = `${prefix}rank:3:1/1:`;
      const oldKeys = [`${oldBoard}z`, `${oldBoard}z:110000`, `${oldBoard}load:${randomUUID()}:z`];
      for (const key of oldKeys) await redis.zadd(key, 7, 'code');
      await redis.hset(`${oldBoard}h`, '1', 'code@110000');
      await redis.sadd(`${oldBoard}c`, '110000');
      oldKeys.push(`${prefix}built`, `${oldBoard}h`, `${oldBoard}c`);
      const v2Board = `${prefix}rank:v2:3:1/1:`;
      for (const key of [`${prefix}built:v2`, `${v2Board}z:110000`, `${v2Board}r:0`]) {
        await redis.set(key, '1');
        oldKeys.push(key);
      }
      const unrelated = [
        `${prefix}rank:3:1/1:x`,
        `${prefix}rank:9:1/1:z`,
        `${prefix}rank:v2:3:1/1:h`,
        `${prefix}session:1`,
      ];
      const outside = `other:${prefix}rank:3:1/1:z`;
      for (const key of [...unrelated, outside]) await redis.set(key, '1');

      const second = await openGuildhall(options);
      const range = await second.leaderboards.range(app.id, '1', 0, 10);
      assert.deepEqual(
        range.entries.map((entry) => entry.score),
        [7],
      );
      await second.close();
      assert.equal(await redis.exists(...oldKeys), 0, 'the older layouts are deleted');
      assert.equal(await redis.exists(...unrelated, outside), 5, 'other keys are kept');
      assert.equal(await redis.exists(`${prefix}built:${REDIS_RANK_LAYOUT}`), 1);
      const current = await redis.keys(`${prefix}rank:${REDIS_RANK_LAYOUT}:*`);
      assert.ok(current.length > 0, 'the current layout is intact');
      await redis.del(outside);
      redis.disconnect();
      await cleanup();
    });

    it('lands every one of many concurrent submissions touching the same players', async () => {
      const { options, cleanup } = await backend.provision();
      const guildhall = await openGuildhall(options);
      const app = await guildhall.apps.create('Concurrent');
      const ids: number[] = [];
      for (let i = 0; i < 30; i++) {
        ids.push((await guildhall.players.loginGuest(app.id, `concurrent-${i}`)).account.id);
      }
      await guildhall.leaderboards.setOperator(app.id, 'sum', 'increment');
      const batches = Array.from({ length: 25 }, (_, b) =>
        Array.from({ length: 20 }, (_, i) => ({
          accountId: ids[(b * 7 + i * 11) % ids.length] ?? 0,
          board: i % 2 === 0 ? 'sum' : 'other',
          score: 1,
        })),
      );
      await Promise.all(batches.map((batch) => guildhall.leaderboards.submit(app.id, batch)));
      const sum = await guildhall.leaderboards.range(app.id, 'sum', 0, 100);
      assert.equal(
        sum.entries.reduce((total, e) => total + e.score, 0),
        batches.flat().filter((s) => s.board === 'sum').length,
        'no increment lost',
      );
      await guildhall.leaderboards.compactJournal();
      const rows = await guildhall.store.scores.rowsOf(app.id, 'sum', ids);
      assert.deepEqual(
        new Map(rows.map((r) => [r.memberId, r.score])),
        new Map(sum.entries.map((e) => [e.memberId, e.score])),
        'database and index agree',
      );
      await guildhall.close();
      await cleanup();
    });

    it('leaves nothing half-written when a multi-board submission fails', async () => {
      const { options, cleanup } = await backend.provision();
      const opened = await openGuildhall(options);
      const guildhall = new Guildhall(
        opened.database,
        failingOnBoard(opened.rankIndex, '/broken'),
        opened.clock,
        opened.random,
        undefined,
        opened.options,
      );
      const app = await guildhall.apps.create('Atomic');
      const { account } = await guildhall.players.loginGuest(app.id, 'atomic-device');
      await guildhall.leaderboards.submit(app.id, [
        { accountId: account.id, board: 'fine', score: 1 },
      ]);
      await assert.rejects(
        guildhall.leaderboards.submit(app.id, [
          { accountId: account.id, board: 'fine', score: 99 },
          { accountId: account.id, board: 'broken', score: 5 },
        ]),
        /index down/,
      );
      await guildhall.leaderboards.compactJournal();
      const fine = await guildhall.leaderboards.range(app.id, 'fine', 0, 10);
      assert.deepEqual(
        fine.entries.map((e) => e.score),
        [1],
        'index back in line with the database',
      );
      const rows = await guildhall.store.scores.rowsOf(app.id, 'fine', [account.id]);
      assert.deepEqual(
        rows.map((r) => r.score),
        [1],
        'database rolled back',
      );
      assert.deepEqual(await guildhall.store.scores.rowsOf(app.id, 'broken', [account.id]), []);

      await assert.rejects(
        guildhall.leaderboards.submitGuilds(app.id, [
          { unionId: 'ok', name: 'OK', presidentId: null, board: 'g', score: 1 },
          { unionId: 'bad', name: 'Bad', presidentId: 987_654_321, board: 'g', score: 2 },
        ]),
      );
      assert.equal(
        await guildhall.store.guilds.byKey({
          appId: app.id,
          unionId: 'ok',
          zone: '',
          kind: 'guild',
        }),
        undefined,
        'first guild rolled back',
      );
      await opened.close();
      await cleanup();
    });
  });
}
