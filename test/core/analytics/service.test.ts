import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { App } from '../../../src/core/apps/types.js';
import { DomainError } from '../../../src/core/errors.js';
import { describeEachBackend } from '../../helpers/server.js';

const TODAY = '2026-11-21';

describeEachBackend(
  'core analytics: counters under concurrent writes, and what it refuses',
  (server) => {
    let app: App;
    let accountId: number;
    before(async () => {
      app = await server().guildhall.apps.create('Concurrent Game', { timezone: 'UTC' });
      accountId = (await server().guildhall.players.loginGuest(app.id, 'core-analytics-1')).account
        .id;
    });
    const stats = () => server().guildhall.analytics.stats(app, { from: TODAY, to: TODAY });
    const channel = (source: string) => ({
      source,
      mainsource: '',
      subsource: '',
      entryType: '',
      entryName: '',
      entryLang: '',
    });

    it('counts every one of concurrent events, a player active once, a new player once, a first channel once', async () => {
      const { analytics, players } = server().guildhall;
      const at = server().clock.now();
      await Promise.all([
        ...Array.from({ length: 20 }, () =>
          analytics.recordEvent(app, {
            mainClass: 'match',
            subClass: '1',
            entryType: '',
            at,
            accountId,
          }),
        ),
        ...Array.from({ length: 5 }, () => analytics.markActive(app, accountId)),
        ...Array.from({ length: 5 }, () => players.loginGuest(app.id, 'core-analytics-2')),
      ]);
      const second = (await players.loginGuest(app.id, 'core-analytics-2')).account.id;
      await Promise.all(
        ['a', 'b', 'c', 'd'].map((s) => analytics.recordAcquisition(app, second, channel(s))),
      );
      const result = await stats();
      assert.deepEqual(result.events, [
        { day: TODAY, mainClass: 'match', subClass: '1', events: 20 },
      ]);
      assert.deepEqual(result.days, [{ day: TODAY, activePlayers: 2, newPlayers: 2 }]);
      assert.equal(result.newPlayersBySource.length, 1);
      assert.equal(result.newPlayersBySource[0]?.players, 1);
      const kept = await analytics.acquisitionOf(app.id, second);
      assert.equal(kept?.first.source, result.newPlayersBySource[0]?.source);
    });

    it('refuses an unknown platform, an empty device id, main class or source, too long text, a bad time', async () => {
      const { analytics } = server().guildhall;
      const refused = async (work: () => Promise<unknown>) => {
        await assert.rejects(
          work,
          (error) => error instanceof DomainError && error.code === 'invalid_argument',
        );
      };
      const device = { platform: 'ios' as const, deviceId: 'd', model: 'm', osVersion: '1' };
      await refused(() => analytics.recordDevice(app, { ...device, platform: 'windows' as 'ios' }));
      await refused(() => analytics.recordDevice(app, { ...device, deviceId: '' }));
      await refused(() => analytics.recordDevice(app, { ...device, model: 'm'.repeat(129) }));
      const event = { mainClass: 'x', subClass: '', entryType: '', at: 0 };
      await refused(() => analytics.recordEvent(app, { ...event, mainClass: '' }));
      await refused(() => analytics.recordEvent(app, { ...event, at: -1 }));
      await refused(() => analytics.recordEvent(app, { ...event, at: 1.5 }));
      await refused(() => analytics.recordAcquisition(app, accountId, channel('')));
      await refused(() => analytics.stats(app, { from: '2026-02-30', to: TODAY }));
    });
  },
);
