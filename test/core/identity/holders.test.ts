import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  domainError,
  giveTestIds,
  newApp,
  newPlayer,
  testDialect,
  useCoreGuildhall,
} from '../helpers.js';

describe('per-player feature holders', () => {
  const core = useCoreGuildhall({ dialects: [testDialect] });

  it('keeps free-flow plans and memberships for players with ids of every declared namespace', async () => {
    const { guildhall } = core;
    const appId = await newApp(guildhall);
    const player = await newPlayer(guildhall, appId, `holder-${appId}`);
    await assert.rejects(
      guildhall.freeflow.setPlan(appId, player, { isFree: true }),
      domainError('player.not_found'),
    );
    await assert.rejects(
      guildhall.memberships.checkHolder(appId, player),
      domainError('player.not_found'),
    );
    // Ids, active or not, are enough.
    await giveTestIds(guildhall, appId, player, {});
    assert.equal((await guildhall.freeflow.setPlan(appId, player, { isFree: true })).isFree, true);
    await guildhall.memberships.checkHolder(appId, player);
  });

  it('keeps them for nobody when no dialect declares holders', async () => {
    const { openCoreGuildhall } = await import('../helpers.js');
    const bare = await openCoreGuildhall(undefined, { dialects: [] });
    try {
      const appId = await newApp(bare);
      const player = await newPlayer(bare, appId, `bare-${appId}`);
      await assert.rejects(
        bare.freeflow.checkHolder(appId, player),
        domainError('player.not_found'),
      );
    } finally {
      await bare.close();
    }
  });
});
