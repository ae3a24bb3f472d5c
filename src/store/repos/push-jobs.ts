import type { Kysely, Selectable } from 'kysely';
import type {
  DevicePlatform,
  PushJob,
  PushJobStatus,
  PushMessage,
  PushResult,
  PushResultStatus,
  PushTargetKind,
} from '../../core/messaging/types.js';
import type { Database } from '../schema.js';
import type { PushJobsTable, PushResultsTable } from '../tables/messaging.js';

function toJob(row: Selectable<PushJobsTable>): PushJob {
  return {
    id: row.id,
    appId: row.app_id,
    platform: row.platform as DevicePlatform,
    message: JSON.parse(row.message) as PushMessage,
    target: {
      kind: row.target_kind as PushTargetKind,
      values: JSON.parse(row.targets) as string[],
    },
    status: row.status as PushJobStatus,
    note: row.note,
    cursor: row.cursor,
    sent: row.sent,
    failed: row.failed,
    invalid: row.invalid,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

function toResult(row: Selectable<PushResultsTable>): PushResult {
  return {
    id: row.id,
    jobId: row.job_id,
    deviceId: row.device_id,
    token: row.token,
    status: row.status as PushResultStatus,
    detail: row.detail,
    createdAt: row.created_at,
  };
}

export type NewPushJob = Pick<PushJob, 'appId' | 'platform' | 'message' | 'target' | 'createdAt'>;

/** One device's outcome, to be recorded. */
export interface DeviceOutcome {
  deviceId: number;
  token: string;
  status: PushResultStatus;
  detail: string;
}

/** Push jobs, their progress and one result per device reached. */
export class PushJobRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(job: NewPushJob): Promise<PushJob> {
    const row = await this.db
      .insertInto('push_jobs')
      .values({
        app_id: job.appId,
        platform: job.platform,
        message: JSON.stringify(job.message),
        target_kind: job.target.kind,
        targets: JSON.stringify(job.target.values),
        status: 'pending',
        note: '',
        cursor: 0,
        sent: 0,
        failed: 0,
        invalid: 0,
        created_at: job.createdAt,
        finished_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toJob(row);
  }

  async byId(id: number): Promise<PushJob | undefined> {
    const row = await this.db
      .selectFrom('push_jobs')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toJob(row);
  }

  /** Jobs of the app, newest first, before job id `beforeId` (null: from the newest). */
  async ofApp(appId: string, beforeId: number | null, limit: number): Promise<PushJob[]> {
    const rows = await this.db
      .selectFrom('push_jobs')
      .selectAll()
      .where('app_id', '=', appId)
      .$if(beforeId !== null, (qb) => qb.where('id', '<', beforeId ?? 0))
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toJob);
  }

  /** Which of these devices already have a result in the job. */
  async recordedDevices(jobId: number, deviceIds: readonly number[]): Promise<Set<number>> {
    if (deviceIds.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('push_results')
      .select('device_id')
      .where('job_id', '=', jobId)
      .where('device_id', 'in', deviceIds)
      .execute();
    return new Set(rows.map((r) => r.device_id));
  }

  /**
   * Records outcomes (a device already recorded keeps its first result and is not counted
   * again) and moves the cursor to `cursor`; run it in a transaction.
   */
  async record(
    jobId: number,
    cursor: number,
    outcomes: readonly DeviceOutcome[],
    at: number,
  ): Promise<Record<PushResultStatus, number>> {
    const counts = { sent: 0, failed: 0, invalid: 0 };
    if (outcomes.length > 0) {
      const inserted = await this.db
        .insertInto('push_results')
        .values(
          outcomes.map((o) => ({
            job_id: jobId,
            device_id: o.deviceId,
            token: o.token,
            status: o.status,
            detail: o.detail.slice(0, 1_000),
            created_at: at,
          })),
        )
        .onConflict((oc) => oc.columns(['job_id', 'device_id']).doNothing())
        .returning('status')
        .execute();
      for (const row of inserted) counts[row.status as PushResultStatus] += 1;
    }
    await this.db
      .updateTable('push_jobs')
      .set((eb) => ({
        cursor: eb.case().when('cursor', '<', cursor).then(cursor).else(eb.ref('cursor')).end(),
        sent: eb('sent', '+', counts.sent),
        failed: eb('failed', '+', counts.failed),
        invalid: eb('invalid', '+', counts.invalid),
      }))
      .where('id', '=', jobId)
      .execute();
    return counts;
  }

  /** Marks the job done (once); false when it already was. */
  async finish(jobId: number, note: string, at: number): Promise<boolean> {
    const result = await this.db
      .updateTable('push_jobs')
      .set({ status: 'done', note, finished_at: at })
      .where('id', '=', jobId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Results of the job in device order, after device id `afterDeviceId`. */
  async results(jobId: number, afterDeviceId: number, limit: number): Promise<PushResult[]> {
    const rows = await this.db
      .selectFrom('push_results')
      .selectAll()
      .where('job_id', '=', jobId)
      .where('device_id', '>', afterDeviceId)
      .orderBy('device_id')
      .limit(limit)
      .execute();
    return rows.map(toResult);
  }
}
