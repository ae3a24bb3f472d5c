import type { App } from '../../src/core/apps/types.js';
import type { Guildhall } from '../../src/guildhall.js';

const HOUR = 3_600_000;

/** 2026-11-21 04:00 UTC: 01:00 of 2026-11-21 in São Paulo (UTC-3), the scenario's app zone. */
export const SCENARIO_START = Date.UTC(2026, 10, 21, 4, 0, 0);
export const SCENARIO_ZONE = 'America/Sao_Paulo';

/**
 * Two days of a São Paulo app, written through the core services: logins (new and returning
 * players, one late in the evening that is still the first day there though the next in UTC),
 * events (one reported a day late), devices (one re-reported with another model) and channels
 * (reported the day after the players joined).
 */
export async function playStatsScenario(
  guildhall: Guildhall,
  app: App,
  clock: { time: number },
): Promise<void> {
  const { players, analytics } = guildhall;
  clock.time = SCENARIO_START;
  const a = (await players.loginGuest(app.id, 'stats-a')).account.id;
  const b = (await players.loginGuest(app.id, 'stats-b')).account.id;
  await analytics.recordDevice(app, {
    platform: 'ios',
    deviceId: 'd1',
    model: 'iPhone 14',
    osVersion: '16',
  });
  clock.time = SCENARIO_START + 22 * HOUR;
  const c = (await players.loginGuest(app.id, 'stats-c')).account.id;
  clock.time = SCENARIO_START + 30 * HOUR;
  await players.loginGuest(app.id, 'stats-a');
  await analytics.recordEvent(app, {
    mainClass: 'shop',
    subClass: '1',
    entryType: '1',
    at: clock.time,
    accountId: a,
  });
  await analytics.recordEvent(app, {
    mainClass: 'tutorial',
    subClass: '1',
    entryType: '1',
    at: SCENARIO_START,
    accountId: b,
  });
  await analytics.recordDevice(app, {
    platform: 'android',
    deviceId: 'd2',
    model: 'SM-A515F',
    osVersion: '',
  });
  await analytics.recordDevice(app, {
    platform: 'ios',
    deviceId: 'd3',
    model: 'iPhone 14',
    osVersion: '17',
  });
  await analytics.recordDevice(app, {
    platform: 'ios',
    deviceId: 'd1',
    model: 'iPhone 15',
    osVersion: '17',
  });
  const channel = {
    source: 'googleplay',
    mainsource: 'ads',
    subsource: 'br',
    entryType: 'XC',
    entryName: '',
    entryLang: 'pt',
  };
  await analytics.recordAcquisition(app, a, channel);
  await analytics.recordAcquisition(app, a, { ...channel, source: 'organic' });
  await analytics.recordAcquisition(app, c, {
    ...channel,
    source: 'facebook',
    mainsource: '',
    subsource: '',
  });
}

/** What the admin API (and `guildhall stats --json`) shows of the scenario, 2026-11-20 to 23. */
export function scenarioStats(appId: string) {
  return {
    app_id: appId,
    from: '2026-11-20',
    to: '2026-11-23',
    days: [
      { day: '2026-11-20', active_players: 0, new_players: 0 },
      { day: '2026-11-21', active_players: 3, new_players: 3 },
      { day: '2026-11-22', active_players: 2, new_players: 0 },
      { day: '2026-11-23', active_players: 0, new_players: 0 },
    ],
    new_players_by_source: [
      { day: '2026-11-21', source: 'facebook', mainsource: '', subsource: '', players: 1 },
      { day: '2026-11-21', source: 'googleplay', mainsource: 'ads', subsource: 'br', players: 1 },
    ],
    events: [
      { day: '2026-11-21', main_class: 'tutorial', sub_class: '1', events: 1 },
      { day: '2026-11-22', main_class: 'shop', sub_class: '1', events: 1 },
    ],
    device_models: [
      { platform: 'ios', model: 'iPhone 14', devices: 2 },
      { platform: 'android', model: 'SM-A515F', devices: 1 },
    ],
  };
}
