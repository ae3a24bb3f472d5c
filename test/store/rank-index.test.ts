import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { MemoryRankIndex } from '../../src/store/rank/memory-rank-index.js';
import { KEEP_CITY, NO_CITY } from '../../src/core/leaderboards/rank-index.js';
import type { RankEntry, RankIndex, RankUpdate } from '../../src/core/leaderboards/rank-index.js';
import { RedisRankIndex } from '../../src/store/rank/redis-rank-index.js';

const redis = await connectRedis();
after(() => redis?.quit());

interface Subject {
  index: RankIndex;
  cleanup(): Promise<void>;
}

defineSuite('MemoryRankIndex', () => memorySubject(new MemoryRankIndex()));
defineSuite('MemoryRankIndex with tiny blocks', () =>
  memorySubject(new MemoryRankIndex({ maxBlockSize: 4 })),
);
defineSuite('RedisRankIndex', redisSubject, redis === null && 'Redis is unreachable');

describe('MemoryRankIndex memory', () => {
  const cities = Array.from({ length: 370 }, (_, i) => 110000 + i * 100);

  it('uses at most 64 bytes per entry at 200,000 members applied in random order', async () => {
    const index = new MemoryRankIndex();
    const random = mulberry32(7);
    const members = shuffled(
      Array.from({ length: 200_000 }, (_, i) => i),
      random,
    );
    for (let start = 0; start < members.length; start += 1000) {
      const batch = members
        .slice(start, start + 1000)
        .map((member) => update(member, Math.floor(random() * 1e6), member, pick(cities, random)));
      await index.apply('big', batch);
    }
    assert.equal(await index.size('big'), 200_000);
    assert.ok((await index.bytesUsed('big')) / 200_000 <= 64);
  });

  it('uses at most 64 bytes per entry at 200,000 members loaded', async () => {
    const index = new MemoryRankIndex();
    const random = mulberry32(8);
    const entries = Array.from({ length: 200_000 }, (_, i) =>
      update(i, 200_000 - i, i, pick(cities, random)),
    );
    await index.load('big', entries);
    assert.ok((await index.bytesUsed('big')) / 200_000 <= 64);
  });

  it('keeps small boards small and frees them when emptied or dropped', async () => {
    const index = new MemoryRankIndex();
    for (let b = 0; b < 1000; b++) {
      await index.apply(
        `b${b}`,
        [1, 2, 3, 4, 5].map((m) => update(m, m, 0, m % 2)),
      );
    }
    assert.ok((await index.bytesUsed('b999')) < 1024);
    await index.remove('b1', [1, 2, 3, 4, 5]);
    await index.drop('b2');
    assert.equal(await index.bytesUsed('b1'), 0);
    assert.equal(await index.bytesUsed('b2'), 0);
  });
});

describe('RedisRankIndex round trips', { skip: redis === null && 'Redis is unreachable' }, () => {
  it('applies a batch of 100 updates in one round trip', async () => {
    const client = redis!.duplicate();
    const prefix = `test:rank:${randomUUID()}:`;
    try {
      const index = new RedisRankIndex(client, prefix);
      await index.apply('b', [update(0, 1, 1)]); // loads the script into Redis if needed
      const sent: string[] = [];
      const send = client.sendCommand.bind(client);
      client.sendCommand = (...args: Parameters<Redis['sendCommand']>) => {
        sent.push(args[0].name);
        return send(...args);
      };
      await index.apply(
        'b',
        Array.from({ length: 100 }, (_, i) => update(i, i % 7, i, i % 3)),
      );
      assert.deepEqual(sent, ['evalsha']);
    } finally {
      await deleteKeys(client, prefix);
      await client.quit();
    }
  });

  it('never shows a half-loaded board and leaves no staging keys', async () => {
    const prefix = `test:rank:${randomUUID()}:`;
    const index = new RedisRankIndex(redis!, prefix);
    try {
      await index.load('b', sequence(1000, 5));
      const loading = index.load('b', sequence(30_000, 3));
      let done = false;
      const stop = (): void => {
        done = true;
      };
      loading.then(stop, stop);
      const seen = new Set<number>();
      while (!done) seen.add(await index.size('b'));
      await loading;
      seen.delete(1000);
      seen.delete(30_000);
      assert.deepEqual([...seen], []);
      assert.equal(await index.size('b'), 30_000);
      assert.deepEqual(await index.cities('b'), [3]);
      assert.deepEqual(await redis!.keys(`${prefix}*load:*`), []);
    } finally {
      await deleteKeys(redis!, prefix);
    }
  });
});

function defineSuite(name: string, open: () => Subject, skip: string | false = false): void {
  describe(name, { skip }, () => {
    let index: RankIndex;
    let cleanup: () => Promise<void>;
    beforeEach(() => {
      ({ index, cleanup } = open());
    });
    afterEach(async () => {
      await index.close();
      await cleanup();
    });

    it('orders by score, then earlier seq, then lower member', async () => {
      await index.apply('b', [
        update(1, 10, 5),
        update(2, 20, 9),
        update(3, 10, 3),
        update(4, 10, 5),
        update(5, -1.5, 0),
      ]);
      assert.deepEqual(await index.range('b', 0, 10), [
        entry(2, 20, 9),
        entry(3, 10, 3),
        entry(1, 10, 5),
        entry(4, 10, 5),
        entry(5, -1.5, 0),
      ]);
      assert.deepEqual(await index.rankOf('b', 4), { rank: 4, score: 10, seq: 5 });
      assert.equal(await index.rankOf('b', 99), null);
      assert.equal(await index.rankOf('other', 4), null);
      assert.equal(await index.size('b'), 5);
      assert.equal(await index.size('other'), 0);
    });

    it('keeps a member in its city when told KEEP_CITY; a newcomer then has none', async () => {
      await index.apply('b', [update(1, 5, 1, 10)]);
      await index.apply('b', [update(1, 8, 2, KEEP_CITY), update(2, 9, 3, KEEP_CITY)]);
      assert.deepEqual(await index.range('b', 0, 5, 10), [entry(1, 8, 2)]);
      assert.deepEqual(await index.range('b', 0, 5), [entry(2, 9, 3), entry(1, 8, 2)]);
      assert.deepEqual(await index.cities('b'), [10]);
      await assert.rejects(index.load('c', [update(1, 1, 1, KEEP_CITY)]), RangeError);
    });

    it('moves members; within a batch the last update wins', async () => {
      await index.apply('b', [update(1, 5, 1, 10), update(2, 6, 1, 10)]);
      await index.apply('b', [update(1, 9, 2, 20), update(1, 7, 3, 20)]);
      assert.deepEqual(await index.range('b', 0, 5), [entry(1, 7, 3), entry(2, 6, 1)]);
      assert.deepEqual(await index.cities('b'), [10, 20]);
      await index.apply('b', [update(1, 1, 3, 10)]);
      assert.deepEqual(await index.range('b', 0, 5), [entry(2, 6, 1), entry(1, 1, 3)]);
      assert.deepEqual(await index.cities('b'), [10]);
      assert.deepEqual(await index.rankOf('b', 1, 10), { rank: 2, score: 1, seq: 3 });
      await index.apply('b', [update(1, 1, 3, 10)]);
      assert.equal(await index.size('b'), 2);
    });

    it('keeps a sub-index per city', async () => {
      await index.apply('b', [
        update(1, 50, 1, 110000),
        update(2, 40, 1, 0),
        update(3, 30, 1, 110000),
        update(4, 20, 1, NO_CITY),
        update(5, 10, 1, 0),
      ]);
      assert.deepEqual(await index.cities('b'), [0, 110000]);
      assert.equal(await index.size('b', 110000), 2);
      assert.equal(await index.size('b', 0), 2);
      assert.equal(await index.size('b', NO_CITY), 0);
      assert.equal(await index.size('b', 12), 0);
      assert.deepEqual(await index.rankOf('b', 3, 110000), { rank: 2, score: 30, seq: 1 });
      assert.deepEqual(await index.rankOf('b', 5, 0), { rank: 2, score: 10, seq: 1 });
      assert.equal(await index.rankOf('b', 3, 0), null);
      assert.equal(await index.rankOf('b', 4, NO_CITY), null);
      assert.deepEqual(await index.range('b', 0, 10, 0), [entry(2, 40, 1), entry(5, 10, 1)]);
      assert.deepEqual(await index.range('b', 0, 10, NO_CITY), []);
      await index.apply('b', [update(2, 40, 1, NO_CITY), update(5, 10, 1, 7)]);
      assert.deepEqual(await index.cities('b'), [7, 110000]);
      assert.deepEqual(await index.range('b', 0, 10, 0), []);
    });

    it('removes members and ignores unknown ones', async () => {
      await index.apply('b', [update(1, 3, 0, 1), update(2, 2, 0, 2), update(3, 1, 0, 1)]);
      await index.remove('b', [2, 999]);
      await index.remove('other', [1]);
      assert.equal(await index.size('b'), 2);
      assert.deepEqual(await index.rankOf('b', 3), { rank: 2, score: 1, seq: 0 });
      assert.deepEqual(await index.cities('b'), [1]);
      await index.remove('b', [1, 3, 1]);
      assert.equal(await index.size('b'), 0);
      assert.deepEqual(await index.cities('b'), []);
      assert.deepEqual(await index.range('b', 0, 10), []);
    });

    it('returns entries in the order asked, null for absent members', async () => {
      await index.apply('b', [update(1, 3, 4), update(2, 5, 6)]);
      assert.deepEqual(await index.entriesOf('b', [2, 7, 1, 2]), [
        entry(2, 5, 6),
        null,
        entry(1, 3, 4),
        entry(2, 5, 6),
      ]);
      assert.deepEqual(await index.entriesOf('b', []), []);
      assert.deepEqual(await index.entriesOf('other', [1]), [null]);
    });

    it('pages through ranges', async () => {
      await index.apply('b', sequence(20));
      const all = await index.range('b', 0, 100);
      assert.equal(all.length, 20);
      assert.deepEqual(await index.range('b', 5, 3), all.slice(5, 8));
      assert.deepEqual(await index.range('b', 18, 10), all.slice(18));
      assert.deepEqual(await index.range('b', 20, 10), []);
      assert.deepEqual(await index.range('b', 3, 0), []);
      await assert.rejects(index.range('b', -1, 5), RangeError);
      await assert.rejects(index.range('b', 0.5, 5), RangeError);
    });

    it('rejects invalid updates without applying any of the batch', async () => {
      for (const bad of [
        update(1, Number.NaN, 0),
        update(1, Infinity, 0),
        update(1.5, 1, 0),
        update(-1, 1, 0),
        update(1, 1, -1),
        update(1, 1, 0, 1.5),
        update(1, 1, 0, -3),
      ]) {
        await assert.rejects(index.apply('b', [update(2, 1, 0), bad]), RangeError);
        await assert.rejects(index.load('b', [bad]), RangeError);
      }
      assert.equal(await index.size('b'), 0);
    });

    it('handles extreme members, seqs and scores', async () => {
      const top = 2 ** 53;
      const updates = [
        update(top, 1e300, 0),
        update(0, 1e300, 0),
        update(top - 1, 5e-324, top - 1),
        update(12, 5e-324, top - 1),
        update(7, -1e300, 1),
        update(8, 0.1, 2),
      ];
      await index.apply('b', updates);
      assert.deepEqual(await index.range('b', 0, 10), [
        entry(0, 1e300, 0),
        entry(top, 1e300, 0),
        entry(8, 0.1, 2),
        entry(12, 5e-324, top - 1),
        entry(top - 1, 5e-324, top - 1),
        entry(7, -1e300, 1),
      ]);
      assert.deepEqual(await index.rankOf('b', top - 1), { rank: 5, score: 5e-324, seq: top - 1 });
    });

    it('loads sorted input, replacing the previous content', async () => {
      await index.apply('b', [update(1_000_000, 1e9, 0, 99)]);
      const entries = sequence(3000, 4).map((u, i) => ({
        ...u,
        city: i % 5 === 0 ? NO_CITY : i % 4,
      }));
      await index.load('b', entries);
      await expectBoard(index, 'b', entries);
    });

    it('loads unsorted input; a repeated member keeps its last entry', async () => {
      const random = mulberry32(3);
      const entries = shuffled(sequence(3000), random).map((u) => ({
        ...u,
        score: u.score % 17,
        city: u.member % 3,
      }));
      entries.push(update(5, 1e6, 0, 2), update(6, -1, 0, NO_CITY), update(5, 1e5, 3, 1));
      await index.load('b', entries);
      await expectBoard(index, 'b', entries);
      await index.load('b', []);
      assert.equal(await index.size('b'), 0);
      assert.deepEqual(await index.cities('b'), []);
    });

    it('drops one board and its cities only', async () => {
      await index.apply('a', [update(1, 1, 0, 5)]);
      await index.apply('b', [update(1, 1, 0, 5), update(2, 2, 0, 6)]);
      await index.drop('b');
      await index.drop('never');
      assert.equal(await index.size('b'), 0);
      assert.equal(await index.size('b', 5), 0);
      assert.deepEqual(await index.cities('b'), []);
      assert.equal(await index.bytesUsed('b'), 0);
      assert.deepEqual(await index.range('a', 0, 5, 5), [entry(1, 1, 0)]);
    });

    it('keeps many boards apart', async () => {
      const boards = Array.from({ length: 300 }, (_, b) => `app${b}/score:${b % 3}`);
      await Promise.all(
        boards.map((board, b) => index.apply(board, [update(1, b, 0, b), update(2, -b, 0, b)])),
      );
      await Promise.all(boards.filter((_, b) => b % 2 === 0).map((board) => index.drop(board)));
      for (const [b, board] of boards.entries()) {
        const expected = b % 2 === 0 ? [] : [entry(1, b, 0), entry(2, -b, 0)];
        assert.deepEqual(await index.range(board, 0, 5), expected);
        assert.deepEqual(await index.cities(board), b % 2 === 0 ? [] : [b]);
      }
    });

    it('reports bytes used per board', async () => {
      assert.equal(await index.bytesUsed('b'), 0);
      await index.apply('b', sequence(100, 1));
      const small = await index.bytesUsed('b');
      assert.ok(small > 0);
      await index.apply('b', sequence(5000, 1));
      assert.ok((await index.bytesUsed('b')) > small);
    });

    it('matches a naive model under random operations', async () => {
      await checkAgainstModel(index, 20240611);
    });
  });
}

/** Random applies (many ties, city moves), removes, loads and drops, checked against a model. */
async function checkAgainstModel(index: RankIndex, seed: number): Promise<void> {
  const random = mulberry32(seed);
  const memberPool = [...Array.from({ length: 120 }, (_, i) => i), 2 ** 53, 2 ** 40 + 1];
  const cityPool = [NO_CITY, 0, 7, 110000];
  const randomUpdate = (): RankUpdate =>
    update(
      pick(memberPool, random),
      Math.floor(random() * 7) - 2,
      Math.floor(random() * 4),
      pick(cityPool, random),
    );
  const model = new Map<number, RankUpdate>();
  let step = 0;
  try {
    for (; step < 3000; step++) {
      const roll = random();
      if (roll < 0.6) {
        const batch = Array.from({ length: 1 + Math.floor(random() * 4) }, randomUpdate);
        await index.apply('r', batch);
        for (const u of batch) model.set(u.member, u);
      } else if (roll < 0.97) {
        const members = Array.from({ length: 1 + Math.floor(random() * 3) }, () =>
          pick(memberPool, random),
        );
        await index.remove('r', members);
        for (const member of members) model.delete(member);
      } else if (roll < 0.995) {
        const entries = Array.from({ length: Math.floor(random() * 100) }, randomUpdate);
        const loaded =
          random() < 0.5 ? sortedEntries(new Map(entries.map((u) => [u.member, u]))) : entries;
        await index.load('r', loaded);
        model.clear();
        for (const u of loaded) model.set(u.member, u);
      } else {
        await index.drop('r');
        model.clear();
      }
      if (step % 25 === 0) await compare(index, model, memberPool, cityPool, random);
    }
    await compare(index, model, memberPool, cityPool, random);
  } catch (error) {
    if (error instanceof Error) error.message = `seed ${seed}, step ${step}: ${error.message}`;
    throw error;
  }
}

async function compare(
  index: RankIndex,
  model: Map<number, RankUpdate>,
  memberPool: readonly number[],
  cityPool: readonly number[],
  random: () => number,
): Promise<void> {
  const all = sortedEntries(model);
  const cities = [...new Set(all.map((u) => u.city))].filter((c) => c !== NO_CITY);
  assert.deepEqual(
    await index.cities('r'),
    cities.sort((a, b) => a - b),
  );
  assert.deepEqual(
    await index.entriesOf('r', memberPool),
    memberPool.map((member) => {
      const u = model.get(member);
      return u === undefined ? null : entry(u.member, u.score, u.seq);
    }),
  );
  for (const city of [undefined, ...cityPool, 12345]) {
    const expected =
      city === undefined ? all : all.filter((u) => u.city === city && city !== NO_CITY);
    const entries = expected.map((u) => entry(u.member, u.score, u.seq));
    assert.equal(await index.size('r', city), expected.length);
    assert.deepEqual(await index.range('r', 0, 1000, city), entries);
    for (let i = 0; i < 3; i++) {
      const offset = Math.floor(random() * (entries.length + 3));
      const count = Math.floor(random() * 12);
      assert.deepEqual(
        await index.range('r', offset, count, city),
        entries.slice(offset, offset + count),
      );
    }
    const ranks = await Promise.all(memberPool.map((member) => index.rankOf('r', member, city)));
    assert.deepEqual(
      ranks,
      memberPool.map((member) => {
        const at = expected.findIndex((u) => u.member === member);
        const u = expected[at];
        return u === undefined ? null : { rank: at + 1, score: u.score, seq: u.seq };
      }),
    );
  }
}

async function expectBoard(index: RankIndex, board: string, entries: readonly RankUpdate[]) {
  const expected = sortedEntries(new Map(entries.map((u) => [u.member, u])));
  assert.equal(await index.size(board), expected.length);
  assert.deepEqual(
    await index.range(board, 0, expected.length + 1),
    expected.map((u) => entry(u.member, u.score, u.seq)),
  );
  const cities = [...new Set(expected.map((u) => u.city))].filter((c) => c !== NO_CITY);
  assert.deepEqual(
    await index.cities(board),
    cities.sort((a, b) => a - b),
  );
  for (const city of cities) {
    const inCity = expected.filter((u) => u.city === city);
    assert.deepEqual(
      await index.range(board, 0, expected.length, city),
      inCity.map((u) => entry(u.member, u.score, u.seq)),
    );
    const last = inCity[inCity.length - 1]!;
    assert.deepEqual(await index.rankOf(board, last.member, city), {
      rank: inCity.length,
      score: last.score,
      seq: last.seq,
    });
  }
}

function sortedEntries(byMember: ReadonlyMap<number, RankUpdate>): RankUpdate[] {
  return [...byMember.values()].sort((a, b) => {
    if (a.score !== b.score) return a.score > b.score ? -1 : 1;
    if (a.seq !== b.seq) return a.seq < b.seq ? -1 : 1;
    return a.member < b.member ? -1 : 1;
  });
}

/** `count` updates in rank order: member i has score count - i. */
function sequence(count: number, city = NO_CITY): RankUpdate[] {
  return Array.from({ length: count }, (_, i) => update(i, count - i, i, city));
}

function update(member: number, score: number, seq: number, city = NO_CITY): RankUpdate {
  return { member, score, seq, city };
}

function entry(member: number, score: number, seq: number): RankEntry {
  return { member, score, seq };
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)]!;
}

function shuffled<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function memorySubject(index: MemoryRankIndex): Subject {
  return { index, cleanup: async () => {} };
}

function redisSubject(): Subject {
  const prefix = `test:rank:${randomUUID()}:`;
  return { index: new RedisRankIndex(redis!, prefix), cleanup: () => deleteKeys(redis!, prefix) };
}

async function deleteKeys(client: Redis, prefix: string): Promise<void> {
  const keys = await client.keys(`${prefix}*`);
  if (keys.length > 0) await client.unlink(...keys);
}

/** The test Redis (REDIS_URL, else the local default), or null when the default is unreachable. */
async function connectRedis(): Promise<Redis | null> {
  const url = process.env.REDIS_URL;
  const client = new Redis(url ?? 'redis://127.0.0.1:6379', {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
  });
  const ignore = (): void => {};
  client.on('error', ignore);
  try {
    await client.connect();
    client.off('error', ignore);
    return client;
  } catch (error) {
    client.disconnect();
    if (url !== undefined) throw error;
    return null;
  }
}
