import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BoardOperator } from '../../../src/core/apps/types.js';
import { MAX_SCORES_PER_SUBMISSION } from '../../../src/core/leaderboards/types.js';
import type { Guildhall } from '../../../src/guildhall.js';
import {
  accountOf,
  domainError,
  newApp,
  newPlayer,
  newPlayers,
  useCoreGuildhall,
} from '../helpers.js';

/** The board's entries as [account, rank, score], best first. */
async function standings(guildhall: Guildhall, appId: string, board: string) {
  const { entries } = await guildhall.leaderboards.range(appId, board, 0, 100);
  return entries.map((e) => [e.memberId, e.rank, e.score]);
}

describe('leaderboard scores', () => {
  const core = useCoreGuildhall();

  async function scoreTwice(operator: BoardOperator | undefined, first: number, second: number) {
    const { guildhall } = core;
    const appId = await newApp(guildhall);
    const player = await newPlayer(guildhall, appId, `op-${operator}-${appId}`);
    if (operator) await guildhall.leaderboards.setOperator(appId, 'stars', operator);
    await guildhall.leaderboards.submit(appId, [
      { accountId: player, board: 'stars', score: first },
    ]);
    core.clock.advance(1_000);
    await guildhall.leaderboards.submit(appId, [
      { accountId: player, board: 'stars', score: second },
    ]);
    return (await standings(guildhall, appId, 'stars'))[0]?.[2];
  }

  it('keeps the last score on a set board (the default), the higher on best, the sum on increment', async () => {
    assert.equal(await scoreTwice(undefined, 50, 20), 20);
    assert.equal(await scoreTwice('set', 50, 20), 20);
    assert.equal(await scoreTwice('best', 50, 20), 50);
    assert.equal(await scoreTwice('best', 20, 50), 50);
    assert.equal(await scoreTwice('increment', 50, 20), 70);
    assert.equal(await scoreTwice('increment', 50, -60), -10);
  });

  it('applies the operator to repeated entries of one submission in order', async () => {
    const { guildhall } = core;
    const appId = await newApp(guildhall);
    const player = await newPlayer(guildhall, appId, `repeat-${appId}`);
    await guildhall.leaderboards.setOperator(appId, 'coins', 'increment');
    await guildhall.leaderboards.setOperator(appId, 'best', 'best');
    await guildhall.leaderboards.submit(appId, [
      { accountId: player, board: 'coins', score: 5 },
      { accountId: player, board: 'coins', score: 7 },
      { accountId: player, board: 'best', score: 9 },
      { accountId: player, board: 'best', score: 3 },
      { accountId: player, board: 'last', score: 9 },
      { accountId: player, board: 'last', score: 3 },
    ]);
    assert.deepEqual(await standings(guildhall, appId, 'coins'), [[player, 1, 12]]);
    assert.deepEqual(await standings(guildhall, appId, 'best'), [[player, 1, 9]]);
    assert.deepEqual(await standings(guildhall, appId, 'last'), [[player, 1, 3]]);
  });

  it('applies concurrent submissions one after another, refusing only a bad one', async () => {
    const { guildhall } = core;
    const appId = await newApp(guildhall);
    const players = await newPlayers(guildhall, appId, 'concurrent', 3);
    await guildhall.leaderboards.setOperator(appId, 'sum', 'increment');
    const writes = Array.from({ length: 10 }, (_, n) =>
      guildhall.leaderboards.submit(
        appId,
        players.map((accountId) => ({ accountId, board: 'sum', score: n + 1 })),
      ),
    );
    const bad = guildhall.leaderboards.submit(appId, [
      { accountId: players[0] ?? 0, board: 'sum', score: Number.POSITIVE_INFINITY },
    ]);
    await assert.rejects(bad, domainError('invalid_argument'));
    await Promise.all(writes);
    assert.deepEqual(
      (await standings(guildhall, appId, 'sum')).map(([, , score]) => score),
      [55, 55, 55],
    );
  });

  it('ranks from 1, best first; equal scores rank by who reached the score first', async () => {
    const { guildhall, clock } = core;
    const appId = await newApp(guildhall);
    const [a, b, c] = await newPlayers(guildhall, appId, `tie-${appId}`, 3);
    const board = (accountId: number, score: number) =>
      guildhall.leaderboards.submit(appId, [{ accountId: accountId!, board: 'main', score }]);
    await board(b!, 100);
    clock.advance(10);
    await board(a!, 100);
    clock.advance(10);
    await board(c!, 150);
    assert.deepEqual(await standings(guildhall, appId, 'main'), [
      [c, 1, 150],
      [b, 2, 100],
      [a, 3, 100],
    ]);
    clock.advance(10);
    await board(b!, 100);
    assert.equal(
      (await standings(guildhall, appId, 'main'))[1]?.[0],
      b,
      'submitting the same score again keeps the earlier place',
    );
    clock.advance(10);
    await board(b!, 90);
    await board(b!, 100);
    assert.deepEqual(
      (await standings(guildhall, appId, 'main')).map((e) => e[0]),
      [c, a, b],
      'reaching the score again counts from then',
    );
  });

  it('answers rank 0 and score 0 for a player with no score, and pages the board', async () => {
    const { guildhall } = core;
    const appId = await newApp(guildhall);
    const players = await newPlayers(guildhall, appId, `page-${appId}`, 5);
    await guildhall.leaderboards.submit(
      appId,
      players.slice(0, 4).map((accountId, i) => ({ accountId, board: 'main', score: i * 10 })),
    );
    const outsider = await accountOf(guildhall, players[4]!);
    const page = await guildhall.leaderboards.page(
      appId,
      'main',
      { kind: 'total' },
      outsider,
      2,
      0,
    );
    assert.equal(page.total, 4);
    assert.equal(page.rank, 0);
    assert.equal(page.score, 0);
    assert.deepEqual(
      page.entries.map((e) => [e.accountId, e.rank, e.score]),
      [
        [players[3], 1, 30],
        [players[2], 2, 20],
      ],
    );
    const third = await accountOf(guildhall, players[1]!);
    const mine = await guildhall.leaderboards.page(appId, 'main', { kind: 'total' }, third, 1, 0);
    assert.deepEqual([mine.rank, mine.score], [3, 10]);
    const rest = await guildhall.leaderboards.range(appId, 'main', 2, 10);
    assert.deepEqual(
      rest.entries.map((e) => [e.memberId, e.rank]),
      [
        [players[1], 3],
        [players[0], 4],
      ],
    );
    const empty = await guildhall.leaderboards.page(appId, 'none', { kind: 'total' }, third, 5, 0);
    assert.deepEqual(empty, { total: 0, rank: 0, score: 0, areaId: null, entries: [] });
  });

  it('ranks a friends board among the player and their friends only', async () => {
    const { guildhall } = core;
    const appId = await newApp(guildhall);
    const [me, friend, stranger] = await newPlayers(guildhall, appId, `fr-${appId}`, 3);
    await guildhall.leaderboards.submit(appId, [
      { accountId: me!, board: 'main', score: 10 },
      { accountId: friend!, board: 'main', score: 20 },
      { accountId: stranger!, board: 'main', score: 30 },
    ]);
    const page = await guildhall.leaderboards.page(
      appId,
      'main',
      { kind: 'friends', friendIds: [friend!] },
      await accountOf(guildhall, me!),
      10,
      0,
    );
    assert.deepEqual(
      page.entries.map((e) => [e.accountId, e.rank]),
      [
        [friend, 1],
        [me, 2],
      ],
    );
    assert.deepEqual([page.total, page.rank, page.score], [2, 2, 10]);
  });

  it('resets a board: nobody is ranked on it any more, other boards stay', async () => {
    const { guildhall } = core;
    const appId = await newApp(guildhall);
    const player = await newPlayer(guildhall, appId, `reset-${appId}`);
    await guildhall.leaderboards.submit(appId, [
      { accountId: player, board: 'season', score: 5 },
      { accountId: player, board: 'forever', score: 5 },
    ]);
    await guildhall.leaderboards.reset(appId, 'season');
    const account = await accountOf(guildhall, player);
    const season = await guildhall.leaderboards.page(
      appId,
      'season',
      { kind: 'total' },
      account,
      10,
      0,
    );
    assert.deepEqual([season.total, season.rank, season.score], [0, 0, 0]);
    assert.deepEqual(await standings(guildhall, appId, 'forever'), [[player, 1, 5]]);
    await guildhall.leaderboards.submit(appId, [{ accountId: player, board: 'season', score: 1 }]);
    assert.deepEqual(await standings(guildhall, appId, 'season'), [[player, 1, 1]]);
  });

  it('keeps boards of different apps apart', async () => {
    const { guildhall } = core;
    const [one, two] = [await newApp(guildhall), await newApp(guildhall)];
    const player = await newPlayer(guildhall, one, `apps-${one}`);
    await newPlayer(guildhall, two, `apps-${one}`);
    await guildhall.leaderboards.submit(one, [{ accountId: player, board: 'main', score: 1 }]);
    assert.equal((await guildhall.leaderboards.range(two, 'main', 0, 10)).total, 0);
  });

  it('ranks the same after the journal is folded into the database and the index rebuilt', async () => {
    const { guildhall } = core;
    const appId = await newApp(guildhall);
    const players = await newPlayers(guildhall, appId, `rebuild-${appId}`, 3);
    await guildhall.leaderboards.setOperator(appId, 'main', 'increment');
    for (const round of [1, 2]) {
      await guildhall.leaderboards.submit(
        appId,
        players.map((accountId, i) => ({ accountId, board: 'main', score: round * (i + 1) })),
      );
    }
    const before = await standings(guildhall, appId, 'main');
    await guildhall.leaderboards.compactJournal();
    await guildhall.leaderboards.rebuild();
    assert.deepEqual(await standings(guildhall, appId, 'main'), before);
    assert.deepEqual(
      before.map((e) => e[2]),
      [9, 6, 3],
    );
  });

  it('refuses oversized submissions, bad board names and non-finite scores, writing nothing', async () => {
    const { guildhall } = core;
    const appId = await newApp(guildhall);
    const player = await newPlayer(guildhall, appId, `bad-${appId}`);
    const many = Array.from({ length: MAX_SCORES_PER_SUBMISSION + 1 }, () => ({
      accountId: player,
      board: 'main',
      score: 1,
    }));
    await assert.rejects(
      guildhall.leaderboards.submit(appId, many),
      domainError('leaderboard.too_many'),
    );
    for (const [board, score] of [
      ['', 1],
      ['x'.repeat(65), 1],
      ['main', Number.NaN],
      ['main', Number.POSITIVE_INFINITY],
    ] as const) {
      await assert.rejects(
        guildhall.leaderboards.submit(appId, [
          { accountId: player, board: 'ok', score: 1 },
          { accountId: player, board, score },
        ]),
        domainError('invalid_argument'),
      );
    }
    assert.equal((await guildhall.leaderboards.range(appId, 'ok', 0, 10)).total, 0);
    await guildhall.leaderboards.submit(appId, many.slice(1));
    assert.equal((await guildhall.leaderboards.range(appId, 'main', 0, 10)).total, 1);
  });
});
