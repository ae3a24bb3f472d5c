import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { playStatsScenario, SCENARIO_ZONE, scenarioStats } from '../helpers/analytics.js';
import type { TestApp } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';

describeEachBackend('admin API: GET /v1/admin/apps/:app_id/stats', (server) => {
  let app: TestApp;
  before(async () => {
    app = await server().createApp('Stats Game', { timezone: SCENARIO_ZONE });
    await server().createApp('Quiet Game', { timezone: SCENARIO_ZONE });
    await playStatsScenario(server().guildhall, app, server().clock);
  });

  const stats = (query: string, target = app.id) =>
    server().admin('GET', `/v1/admin/apps/${target}/stats${query}`);

  it("counts active and new players, new players by first channel (on the day they joined), events by class (on the day they happened) and first-seen devices by model, on the app's calendar", async () => {
    const answer = await stats('?from=2026-11-20&to=2026-11-23');
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(answer.json, scenarioStats(app.id));
  });

  it('reads only the days asked for', async () => {
    const answer = await stats('?from=2026-11-22&to=2026-11-22');
    assert.deepEqual(answer.json.days, [{ day: '2026-11-22', active_players: 2, new_players: 0 }]);
    assert.deepEqual(answer.json.new_players_by_source, []);
    assert.deepEqual(answer.json.events, [
      { day: '2026-11-22', main_class: 'shop', sub_class: '1', events: 1 },
    ]);
    assert.deepEqual(answer.json.device_models, [
      { platform: 'android', model: 'SM-A515F', devices: 1 },
      { platform: 'ios', model: 'iPhone 14', devices: 1 },
    ]);
  });

  it("defaults to the 30 days up to today (the app's today), and to 30 days up to `to`", async () => {
    const answer = await stats('');
    assert.equal(answer.status, 200);
    assert.equal(answer.json.to, '2026-11-22');
    assert.equal(answer.json.from, '2026-10-24');
    assert.equal(answer.json.days.length, 30);
    const upTo = await stats('?to=2026-11-21');
    assert.equal(upTo.json.from, '2026-10-23');
  });

  it('answers 400 to a bad day, a reversed or too long range, or an unknown parameter; 404 to an unknown app; 401 without the admin token', async () => {
    for (const query of [
      '?from=2026-11-31&to=2026-12-01',
      '?from=21-11-2026',
      '?from=2026-11-22&to=2026-11-21',
      '?from=2025-01-01&to=2026-11-21',
      '?day=2026-11-21',
    ]) {
      const answer = await stats(query);
      assert.equal(answer.status, 400, query);
      assert.equal(answer.json.error.code, 'invalid_argument', query);
    }
    assert.equal((await stats('', 'app_nosuchapp')).status, 404);
    const anonymous = await server().request('GET', `/v1/admin/apps/${app.id}/stats`);
    assert.equal(anonymous.status, 401);
  });
});
