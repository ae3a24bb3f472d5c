import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { DerivedAchievements, ReportProfile } from '../../core/achievements/types.js';
import { ACHIEVEMENT, kindInfo } from '../../core/achievements/types.js';
import type { Services } from '../../services.js';
import { appParams } from './admin.js';
import type { NativeEndpoint } from './endpoint.js';
import { parse } from './validation.js';

const playerParams = appParams.extend({ player_id: z.string().min(1) });

const profileBody = z
  .object({ require_platform: z.boolean(), multi_mode: z.boolean(), multi_zone: z.boolean() })
  .partial()
  .strict();

function profileView(profile: ReportProfile) {
  return {
    require_platform: profile.requirePlatform,
    multi_mode: profile.multiMode,
    multi_zone: profile.multiZone,
    first_report_at: profile.firstReportAt,
  };
}

/** The derived values under the type numbers games know them by. */
function derivedView(derived: DerivedAchievements) {
  const values: [number, number][] = [
    [ACHIEVEMENT.bestScore, derived.bestScore],
    [ACHIEVEMENT.lastWeekRank, derived.lastWeekRank],
    [ACHIEVEMENT.gamesToday, derived.gamesToday],
    [ACHIEVEMENT.gamesThisWeek, derived.gamesThisWeek],
    [ACHIEVEMENT.bestToday, derived.bestToday],
    [ACHIEVEMENT.bestThisWeek, derived.bestThisWeek],
    [ACHIEVEMENT.rankThisWeek, derived.rankThisWeek],
  ];
  return values.map(([type, value]) => ({ type, name: kindInfo(type)?.name ?? '', value }));
}

/** The app the path names. */
const appOf = (services: Services, request: FastifyRequest) =>
  services.apps.get(parse(appParams, request.params).app_id);

/**
 * Achievement reports as operators see them: an app's companion rules (report profile), and a
 * player's held values, derived values and latest battle report.
 */
export const adminReportEndpoints: NativeEndpoint[] = [
  {
    method: 'GET',
    url: '/v1/admin/apps/:app_id/report-profile',
    access: 'admin',
    async handle({ services, request }) {
      const app = await appOf(services, request);
      return profileView(await services.achievements.profile(app.id));
    },
  },

  {
    method: 'PUT',
    url: '/v1/admin/apps/:app_id/report-profile',
    access: 'admin',
    body: profileBody,
    async handle({ services, request }) {
      const app = await appOf(services, request);
      const body = parse(profileBody, request.body);
      const profile = await services.achievements.setProfile(app.id, {
        requirePlatform: body.require_platform,
        multiMode: body.multi_mode,
        multiZone: body.multi_zone,
      });
      return profileView(profile);
    },
  },

  {
    method: 'GET',
    url: '/v1/admin/apps/:app_id/players/:player_id/reports',
    access: 'admin',
    params: playerParams,
    async handle({ services, request }) {
      const { player_id } = parse(playerParams, request.params);
      const [app, account] = await Promise.all([
        appOf(services, request),
        services.directory.accountByPublicId(player_id),
      ]);
      const [held, derived, battle] = await Promise.all([
        services.achievements.held(app.id, account.id),
        services.achievements.derived(app, account.id),
        services.battles.latest(app.id, account.id),
      ]);
      return {
        player_id: account.publicId,
        reports: held.map((a) => ({
          type: a.kind,
          name: kindInfo(a.kind)?.name ?? '',
          data: a.data,
          expires_at: a.expiresAt,
          updated_at: a.updatedAt,
        })),
        derived: derivedView(derived),
        battle: battle
          ? { report: battle.report, best_score: battle.bestScore, updated_at: battle.updatedAt }
          : null,
      };
    },
  },
];
