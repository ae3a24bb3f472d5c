import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AchievementEntry } from '../../../src/core/achievements/types.js';
import { ACHIEVEMENT } from '../../../src/core/achievements/types.js';
import {
  appOf,
  befriend,
  domainError,
  giveTestIds,
  newApp,
  newPlayers,
  testDialect,
  useCoreGuildhall,
} from '../helpers.js';

const score = (value: number): AchievementEntry => ({
  kind: ACHIEVEMENT.score,
  data: String(value),
  expiresAt: null,
  overwrite: false,
});

describe('achievement rules of a dialect', () => {
  const core = useCoreGuildhall({ dialects: [testDialect] });

  it("ranks among friends active under the rules' namespace, and invites the others", async () => {
    const { guildhall } = core;
    const appId = await newApp(guildhall);
    const app = await appOf(guildhall, appId);
    const [me, playing, notPlaying, stranger] = await newPlayers(guildhall, appId, `r-${appId}`, 4);
    await befriend(guildhall, me!, playing!);
    await befriend(guildhall, me!, notPlaying!);
    await giveTestIds(guildhall, appId, me!, { person: true });
    await giveTestIds(guildhall, appId, playing!, { person: true });
    await giveTestIds(guildhall, appId, notPlaying!, { device: true });
    await assert.rejects(
      guildhall.achievements.derived(app, stranger!),
      domainError('player.not_found'),
    );
    await guildhall.achievements.report(app, me!, [score(100)]);
    await guildhall.achievements.report(app, playing!, [score(200)]);
    await guildhall.achievements.report(app, notPlaying!, [score(300)]);
    const derived = await guildhall.achievements.derived(app, me!);
    assert.equal(derived.bestScore, 100);
    assert.equal(derived.rankThisWeek, 2, 'behind the friend who plays, not the one who does not');
    const invited = await guildhall.achievements.friendsToInvite(appId, me!, 10);
    assert.deepEqual(
      invited.map((a) => a.id),
      [notPlaying],
    );
  });
});
