import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ACHIEVEMENT_LIMITS, BATTLE_BOARD } from '../../../src/core/achievements/types.js';
import { domainError, newApp, newPlayers, useCoreGuildhall } from '../helpers.js';

describe('battle reports', () => {
  const core = useCoreGuildhall();

  it('keeps each player latest report and feeds their best score to the battle board', async () => {
    const { battles, leaderboards } = core.guildhall;
    const appId = await newApp(core.guildhall);
    const [a, b] = await newPlayers(core.guildhall, appId, `battle-${appId}`, 2);
    await battles.report(appId, [
      { accountId: a!, report: { map: 'desert' }, score: 40 },
      { accountId: a!, report: { map: 'forest' }, score: 70 },
      { accountId: a!, report: { map: 'swamp' }, score: 10 },
      { accountId: b!, report: { map: 'desert' }, score: null },
    ]);
    const latest = await battles.latest(appId, a!);
    assert.deepEqual([latest?.report, latest?.bestScore], [{ map: 'swamp' }, 70]);
    assert.deepEqual((await battles.latest(appId, b!))?.bestScore, null);
    core.clock.advance(1_000);
    await battles.report(appId, [{ accountId: a!, report: { map: 'ice' }, score: 50 }]);
    assert.equal((await battles.latest(appId, a!))?.bestScore, 70, 'the best stays');
    await battles.report(appId, [{ accountId: b!, report: { map: 'ice' }, score: 90 }]);
    const board = await leaderboards.range(appId, BATTLE_BOARD, 0, 10);
    assert.deepEqual(
      board.entries.map((e) => [e.memberId, e.score]),
      [
        [b, 90],
        [a, 70],
      ],
    );
  });

  it('takes 1 to 50 reports of at most 8 KB each, all or none', async () => {
    const { battles } = core.guildhall;
    const appId = await newApp(core.guildhall);
    const [a] = await newPlayers(core.guildhall, appId, `limits-${appId}`, 1);
    const one = { accountId: a!, report: { ok: true }, score: 1 };
    await assert.rejects(battles.report(appId, []), domainError('invalid_argument'));
    await assert.rejects(
      battles.report(
        appId,
        Array.from({ length: ACHIEVEMENT_LIMITS.battles + 1 }, () => one),
      ),
      domainError('invalid_argument'),
    );
    await assert.rejects(
      battles.report(appId, [
        one,
        { ...one, report: { blob: 'x'.repeat(ACHIEVEMENT_LIMITS.battleBytes) } },
      ]),
      domainError('invalid_argument'),
    );
    assert.equal(await battles.latest(appId, a!), undefined);
  });
});
