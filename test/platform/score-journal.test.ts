import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openGuildhall } from '../../src/guildhall.js';
import { areaIdOfCode } from '../../src/core/players/service.js';

/** SQLite with the in-process index journals its score writes (see ScoreWriter). */
describe('score journal [sqlite]', () => {
  it('folds journaled scores into the scores table, keeping operators, order and cities', async () => {
    const guildhall = await openGuildhall({ sqliteFile: ':memory:' });
    const app = await guildhall.apps.create('Journal');
    const ids: number[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await guildhall.players.loginGuest(app.id, `journal-${i}`)).account.id);
    const [a, b, c] = ids as [number, number, number];
    await guildhall.players.updateProfile(a, { areaId: areaIdOfCode('110000') });
    await guildhall.leaderboards.setOperator(app.id, 'best', 'best');

    await guildhall.leaderboards.submit(app.id, [
      { accountId: a, board: 'best', score: 50 },
      { accountId: b, board: 'best', score: 70 },
    ]);
    await guildhall.leaderboards.submit(app.id, [
      { accountId: a, board: 'best', score: 20 },
      { accountId: c, board: 'best', score: 70 },
      { accountId: b, board: 'best', score: 60 },
    ]);
    assert.deepEqual(
      await guildhall.store.scores.rowsOf(app.id, 'best', ids),
      [],
      'still journaled',
    );
    const page = await guildhall.leaderboards.range(app.id, 'best', 0, 10);
    assert.deepEqual(
      page.entries.map((e) => [e.memberId, e.score]),
      [
        [b, 70],
        [c, 70],
        [a, 50],
      ],
    );

    // A move to another city before the journal is folded in reaches both the table and the index.
    await guildhall.players.updateProfile(a, { areaId: areaIdOfCode('120000') });
    assert.equal(await guildhall.leaderboards.compactJournal(), 5);
    assert.equal(await guildhall.leaderboards.compactJournal(), 0);
    const rows = await guildhall.store.scores.rowsOf(app.id, 'best', ids);
    const byMember = new Map(rows.map((r) => [r.memberId, r]));
    assert.deepEqual(
      [a, b, c].map((id) => byMember.get(id)?.score),
      [50, 70, 70],
    );
    assert.equal(byMember.get(a)?.areaId, 120000);
    assert.equal(byMember.get(b)?.areaId, null);
    assert.ok((byMember.get(b)?.seq ?? 0) < (byMember.get(c)?.seq ?? 0), 'b reached 70 first');
    assert.deepEqual(
      (await guildhall.rankIndex.range(`${app.id}/best`, 0, 10, 120000)).map((e) => e.member),
      [a],
    );

    // Rebuilding from the folded table gives the same board.
    await guildhall.leaderboards.submit(app.id, [{ accountId: c, board: 'best', score: 90 }]);
    const before = await guildhall.leaderboards.range(app.id, 'best', 0, 10);
    await guildhall.leaderboards.rebuild();
    assert.deepEqual(await guildhall.leaderboards.range(app.id, 'best', 0, 10), before);
    assert.equal(await guildhall.leaderboards.compactJournal(), 0, 'the rebuild folded the rest');
    await guildhall.close();
  });

  it('commits concurrent submissions together, in arrival order, refusing only a bad one', async () => {
    const guildhall = await openGuildhall({ sqliteFile: ':memory:' });
    const app = await guildhall.apps.create('Group commit');
    const ids: number[] = [];
    for (let i = 0; i < 150; i++)
      ids.push((await guildhall.players.loginGuest(app.id, `group-${i}`)).account.id);
    await guildhall.leaderboards.setOperator(app.id, 'sum', 'increment');

    const writes = Array.from({ length: 20 }, (_, n) =>
      guildhall.leaderboards.submit(
        app.id,
        ids.slice(0, 100).map((accountId) => ({ accountId, board: 'sum', score: n + 1 })),
      ),
    );
    const bad = guildhall.leaderboards.submit(app.id, [
      { accountId: ids[100] ?? 0, board: 'sum', score: Number.NaN },
    ]);
    const late = guildhall.leaderboards.submit(
      app.id,
      ids.slice(100).map((accountId) => ({ accountId, board: 'sum', score: 7 })),
    );
    await assert.rejects(bad, /finite/);
    await Promise.all([...writes, late]);

    // 20 rounds of 100 entries (statements of 64 + 16 + 16 + 4 rows) and one of 50.
    assert.equal(await guildhall.leaderboards.compactJournal(100_000), 2_050);
    const rows = await guildhall.store.scores.rowsOf(app.id, 'sum', ids);
    const total = (20 * 21) / 2;
    assert.deepEqual(
      rows.map((r) => r.score),
      ids.map((_, i) => (i < 100 ? total : 7)),
    );
    const top = await guildhall.leaderboards.range(app.id, 'sum', 0, 2);
    assert.deepEqual(
      top.entries.map((e) => [e.memberId, e.score]),
      [
        [ids[0], total],
        [ids[1], total],
      ],
      'ties in the order the members first reached the score',
    );
    await guildhall.close();
  });
});
