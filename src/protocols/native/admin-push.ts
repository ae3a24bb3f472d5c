import { z } from 'zod';
import { fail } from '../../core/errors.js';
import type { PushJob, PushResult } from '../../core/messaging/types.js';
import { DEVICE_PLATFORMS, MESSAGING_LIMITS } from '../../core/messaging/types.js';
import type { DeliveryAttempt } from '../../core/outbox/types.js';
import type { Services } from '../../services.js';
import { appParams } from './admin.js';
import type { NativeEndpoint } from './endpoint.js';
import { parse } from './validation.js';

const jobParams = z.object({ job_id: z.coerce.number().int().min(1) });

const jobsQuery = z.object({
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

const noticeText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((text) => text.trim() !== '', 'must not be blank');

/** An operator's push: to every device of the app (`all`), or to the players listed. */
const noticeBody = z
  .object({
    title: noticeText(128),
    body: noticeText(1_024),
    all: z.literal(true).optional(),
    player_ids: z
      .array(z.string().min(1).max(64))
      .min(1)
      .max(MESSAGING_LIMITS.targetValues)
      .optional(),
    platforms: z
      .array(z.enum(DEVICE_PLATFORMS))
      .min(1)
      .max(DEVICE_PLATFORMS.length)
      .default([...DEVICE_PLATFORMS]),
  })
  .strict()
  .refine((notice) => (notice.all === true) !== (notice.player_ids !== undefined), {
    path: ['player_ids'],
    message: 'give either player_ids or all: true',
  });

/** The accounts of these player ids (player.not_found for any unknown one). */
async function accountIdsOf(services: Services, playerIds: readonly string[]) {
  const accounts = await Promise.all(
    [...new Set(playerIds)].map((id) => services.directory.accountByPublicId(id)),
  );
  return accounts.map((account) => account.id);
}

const resultsQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
});

/** A push job as operators see it; a player target shows player ids. */
function pushJobView(job: PushJob, playerIds: ReadonlyMap<number, string>, pending: number) {
  const target =
    job.target.kind === 'account'
      ? {
          kind: 'player',
          values: job.target.values.map((id) => playerIds.get(Number(id)) ?? `#${id}`),
        }
      : job.target;
  return {
    id: job.id,
    app_id: job.appId,
    platform: job.platform,
    message: job.message,
    target,
    status: job.status,
    note: job.note,
    sent: job.sent,
    failed: job.failed,
    invalid: job.invalid,
    pending,
    created_at: job.createdAt,
    finished_at: job.finishedAt,
  };
}

export function pushResultView(result: PushResult) {
  return {
    device_id: result.deviceId,
    token: result.token,
    status: result.status,
    detail: result.detail,
    created_at: result.createdAt,
  };
}

function attemptView(attempt: DeliveryAttempt) {
  return {
    attempt: attempt.attempt,
    started_at: attempt.startedAt,
    outcome: attempt.outcome,
    summary: attempt.body,
    latency_ms: attempt.latencyMs,
  };
}

export type PushJobView = ReturnType<typeof pushJobView>;

/** Jobs as operators see them, with the player ids they target and their pending sends. */
export async function pushJobViews(services: Services, jobs: readonly PushJob[]) {
  const [playerIds, pending] = await Promise.all([
    jobPlayerIds(services, jobs),
    Promise.all(jobs.map((job) => services.messaging.push.pending(job))),
  ]);
  return jobs.map((job, i) => pushJobView(job, playerIds, pending[i] ?? 0));
}

/** Player ids of the accounts that push jobs target directly (msg/one). */
async function jobPlayerIds(
  services: Services,
  jobs: readonly PushJob[],
): Promise<Map<number, string>> {
  const ids = jobs.flatMap((job) =>
    job.target.kind === 'account' ? job.target.values.map(Number) : [],
  );
  if (ids.length === 0) return new Map();
  const accounts = await services.directory.accounts([...new Set(ids)]);
  return new Map(accounts.map((account) => [account.id, account.publicId]));
}

/** A job with a page of its per-device results and the fan-out's attempts. */
export async function pushJobDetail(services: Services, jobId: number, after = 0, limit = 100) {
  const push = services.messaging.push;
  const job = await push.job(jobId);
  const [results, attempts, playerIds, pending] = await Promise.all([
    push.results(job.id, after, limit),
    push.attempts(job.id),
    jobPlayerIds(services, [job]),
    push.pending(job),
  ]);
  return {
    ...pushJobView(job, playerIds, pending),
    attempts: attempts.map(attemptView),
    results: results.map(pushResultView),
    next_after: results.length === limit ? (results[results.length - 1]?.deviceId ?? null) : null,
  };
}

const serviceAccountPath = '/v1/admin/apps/:app_id/fcm-service-account';

/** FCM and APNs credentials of apps and push jobs, for operators. Bearer admin token. */
export const adminPushEndpoints: NativeEndpoint[] = [
  {
    method: 'PUT',
    url: serviceAccountPath,
    access: 'admin',
    params: appParams,
    async handle({ services, request }) {
      const appRecord = await services.apps.get(parse(appParams, request.params).app_id);
      if (!request.body || typeof request.body !== 'object' || Array.isArray(request.body)) {
        fail('invalid_argument', 'body: the service account key file (a JSON object)');
      }
      const account = await services.messaging.push.setFcmServiceAccount(
        appRecord.id,
        JSON.stringify(request.body),
      );
      return { project_id: account.projectId, client_email: account.clientEmail };
    },
  },

  {
    method: 'GET',
    url: serviceAccountPath,
    access: 'admin',
    params: appParams,
    async handle({ services, request }) {
      const appRecord = await services.apps.get(parse(appParams, request.params).app_id);
      const account =
        (await services.messaging.push.fcmServiceAccount(appRecord.id)) ??
        fail('not_found', 'the app has no FCM service account');
      return { project_id: account.projectId, client_email: account.clientEmail };
    },
  },

  {
    method: 'DELETE',
    url: serviceAccountPath,
    access: 'admin',
    params: appParams,
    async handle({ services, request, reply }) {
      const appRecord = await services.apps.get(parse(appParams, request.params).app_id);
      if (!(await services.messaging.push.removeFcmServiceAccount(appRecord.id))) {
        fail('not_found', 'the app has no FCM service account');
      }
      return reply.code(204).send();
    },
  },

  // The certificate itself is uploaded through Momo's messagepush/upload.
  {
    method: 'GET',
    url: '/v1/admin/apps/:app_id/apns-certificate',
    access: 'admin',
    params: appParams,
    async handle({ services, request }) {
      const appRecord = await services.apps.get(parse(appParams, request.params).app_id);
      if (!(await services.messaging.push.hasApnsCertificate(appRecord.id))) {
        fail('not_found', 'the app has no APNs certificate');
      }
      return { environment: appRecord.settings.apnsEnvironment };
    },
  },

  // Newest first; pass `next_before` back as `before` for older jobs.
  {
    method: 'GET',
    url: '/v1/admin/apps/:app_id/push-jobs',
    access: 'admin',
    params: appParams,
    query: jobsQuery,
    async handle({ services, request }) {
      const appRecord = await services.apps.get(parse(appParams, request.params).app_id);
      const { before, limit } = parse(jobsQuery, request.query);
      const jobs = await services.messaging.push.jobs(appRecord.id, before ?? null, limit);
      return {
        jobs: await pushJobViews(services, jobs),
        next_before: jobs.length === limit ? (jobs[jobs.length - 1]?.id ?? null) : null,
      };
    },
  },

  // One job per platform, queued together; the outbox worker fans them out.
  {
    method: 'POST',
    url: '/v1/admin/apps/:app_id/push-jobs',
    access: 'admin',
    params: appParams,
    body: noticeBody,
    status: 202,
    async handle({ services, request, reply }) {
      const appRecord = await services.apps.get(parse(appParams, request.params).app_id);
      const notice = parse(noticeBody, request.body);
      const jobs = await services.messaging.push.sendNotice({
        appId: appRecord.id,
        title: notice.title,
        body: notice.body,
        accountIds: notice.player_ids ? await accountIdsOf(services, notice.player_ids) : null,
        platforms: notice.platforms,
      });
      reply.code(202);
      return { jobs: await pushJobViews(services, jobs) };
    },
  },

  {
    method: 'GET',
    url: '/v1/admin/push-jobs/:job_id',
    access: 'admin',
    params: jobParams,
    query: resultsQuery,
    async handle({ services, request }) {
      const { job_id } = parse(jobParams, request.params);
      const { after, limit } = parse(resultsQuery, request.query);
      return pushJobDetail(services, job_id, after, limit);
    },
  },
];
