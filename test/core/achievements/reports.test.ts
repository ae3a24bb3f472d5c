import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AchievementEntry } from '../../../src/core/achievements/types.js';
import { ACHIEVEMENT, ACHIEVEMENT_LIMITS } from '../../../src/core/achievements/types.js';
import {
  TEST_BOARD,
  appOf,
  domainError,
  newApp,
  newPlayer,
  testDialect,
  useCoreGuildhall,
} from '../helpers.js';

const LEVEL = 1;
const ROLE_NAME = 29;
const GUILD_NAME = 301;

function entry(kind: number, data: string, more: Partial<AchievementEntry> = {}): AchievementEntry {
  return { kind, data, expiresAt: null, overwrite: false, ...more };
}

describe('achievement reports', () => {
  const core = useCoreGuildhall({ dialects: [testDialect] });

  async function setUp() {
    const appId = await newApp(core.guildhall);
    const app = await appOf(core.guildhall, appId);
    const player = await newPlayer(core.guildhall, appId, `ach-${appId}`);
    const held = async () =>
      Object.fromEntries(
        (await core.guildhall.achievements.held(appId, player)).map((a) => [a.kind, a.data]),
      );
    return { appId, app, player, held };
  }

  it('keeps the higher number unless the report overwrites; words are always replaced', async () => {
    const { achievements } = core.guildhall;
    const { app, player, held } = await setUp();
    await achievements.report(app, player, [entry(LEVEL, '10'), entry(ROLE_NAME, 'Knight')]);
    await achievements.report(app, player, [entry(LEVEL, '7'), entry(ROLE_NAME, 'Squire')]);
    assert.deepEqual(await held(), { [LEVEL]: '10', [ROLE_NAME]: 'Squire' });
    await achievements.report(app, player, [entry(LEVEL, '7', { overwrite: true })]);
    assert.deepEqual((await held())[LEVEL], '7');
    await achievements.report(app, player, [entry(LEVEL, '12.5')]);
    assert.deepEqual((await held())[LEVEL], '12.5');
  });

  it('reads an expired value as absent, and lets any value replace it', async () => {
    const { achievements } = core.guildhall;
    const { app, player, held } = await setUp();
    const expiresAt = core.clock.now() + 60_000;
    await achievements.report(app, player, [entry(LEVEL, '50', { expiresAt })]);
    assert.equal((await held())[LEVEL], '50');
    core.clock.advance(60_000);
    assert.deepEqual(await held(), {});
    await achievements.report(app, player, [entry(LEVEL, '3')]);
    assert.equal((await held())[LEVEL], '3');
  });

  it('feeds held scores to the score board', async () => {
    const { achievements, leaderboards } = core.guildhall;
    const { app, player } = await setUp();
    await achievements.report(app, player, [entry(ACHIEVEMENT.score, '300')]);
    await achievements.report(app, player, [entry(ACHIEVEMENT.score, '200')]);
    const board = await leaderboards.range(app.id, TEST_BOARD, 0, 10);
    assert.deepEqual(
      board.entries.map((e) => [e.memberId, e.score]),
      [[player, 300]],
    );
    await achievements.report(app, player, [
      entry(ACHIEVEMENT.score, '900', { overwrite: true, expiresAt: core.clock.now() - 1 }),
    ]);
    assert.equal(
      (await leaderboards.range(app.id, TEST_BOARD, 0, 10)).entries[0]?.score,
      300,
      'an already expired score does not reach the board',
    );
  });

  it('refuses a report that breaks any rule, storing none of it', async () => {
    const { achievements } = core.guildhall;
    const { app, player, held } = await setUp();
    const many = Array.from({ length: ACHIEVEMENT_LIMITS.entries + 1 }, () => entry(LEVEL, '1'));
    for (const report of [
      [],
      many,
      [entry(LEVEL, '1'), entry(999, '1')],
      [entry(LEVEL, '1'), entry(ACHIEVEMENT.bestScore, '1')],
      [entry(LEVEL, '1', { expiresAt: -1 })],
      [entry(LEVEL, 'ten')],
      [entry(LEVEL, '1'.repeat(ACHIEVEMENT_LIMITS.numberLength + 1))],
      [entry(ROLE_NAME, '')],
      [entry(ROLE_NAME, 'x'.repeat(ACHIEVEMENT_LIMITS.textLength + 1))],
      [entry(ACHIEVEMENT.platform, '3')],
      [entry(LEVEL, '1'), entry(LEVEL, '2')],
      [entry(LEVEL, '1'), entry(GUILD_NAME, 'Wolves')],
    ]) {
      await assert.rejects(
        achievements.report(app, player, report),
        domainError('invalid_argument'),
        JSON.stringify(report).slice(0, 80),
      );
    }
    assert.deepEqual(await held(), {});
    await achievements.report(app, player, [
      entry(ACHIEVEMENT.guild, '42'),
      entry(GUILD_NAME, 'Wolves'),
    ]);
    assert.equal((await held())[GUILD_NAME], 'Wolves');
  });

  it('requires the companions the app profile asks for, and records the first report', async () => {
    const { achievements } = core.guildhall;
    const { app, player } = await setUp();
    assert.equal((await achievements.profile(app.id)).firstReportAt, null);
    await assert.rejects(
      achievements.friendsToInvite(app.id, player, 10),
      domainError('not_permitted'),
    );
    const profile = await achievements.setProfile(app.id, {
      requirePlatform: true,
      multiZone: true,
    });
    assert.deepEqual(
      [profile.requirePlatform, profile.multiMode, profile.multiZone],
      [true, false, true],
    );
    const zone = [
      entry(ACHIEVEMENT.zone, '1'),
      entry(ACHIEVEMENT.server, '2'),
      entry(ACHIEVEMENT.role, '3'),
    ];
    await assert.rejects(
      achievements.report(app, player, [entry(LEVEL, '1'), ...zone]),
      domainError('invalid_argument'),
    );
    await assert.rejects(
      achievements.report(app, player, [entry(LEVEL, '1'), entry(ACHIEVEMENT.platform, '1')]),
      domainError('invalid_argument'),
    );
    await achievements.report(app, player, [entry(ACHIEVEMENT.platform, '2')]);
    await achievements.report(app, player, [
      entry(LEVEL, '1'),
      entry(ACHIEVEMENT.platform, '1'),
      ...zone,
    ]);
    assert.equal((await achievements.profile(app.id)).firstReportAt, core.clock.now());
  });
});
