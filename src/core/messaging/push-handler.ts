import type { PushOutcome } from '../../providers/push/types.js';
import type { StoreSlice } from '../../store/store.js';
import type { DeviceOutcome } from '../../store/repos/push-jobs.js';
import type { AppService } from '../apps/service.js';
import type { AttemptReport, Lease, OutboxHandler, OutboxItem } from '../outbox/types.js';
import type { Clock } from '../runtime.js';
import type { PushProviderSource } from './providers.js';
import type { PushJob } from './types.js';
import { PUSH_OUTBOX_KIND } from './types.js';

const MINUTE = 60_000;

/**
 * When each attempt of a fan-out is due after the job was queued. An attempt fails as a whole
 * only when something unexpected stops it (the database, a lost claim); the next one resumes
 * after the last device recorded.
 */
export const PUSH_SCHEDULE: readonly number[] = [0, MINUTE, 5 * MINUTE, 30 * MINUTE, 120 * MINUTE];

export interface PushFanoutOptions {
  /** Devices read per page (keyset by device id). */
  pageSize?: number;
  /** Sends in flight at once; their outcomes and the cursor are recorded after each batch. */
  concurrency?: number;
}

export interface PushFanoutDeps {
  store: StoreSlice<'devices' | 'pushJobs'>;
  apps: AppService;
  providers: PushProviderSource;
  clock: Clock;
}

/**
 * The outbox handler of push jobs: walks the job's devices in pages of device ids, sends each
 * through the provider of the job's platform, records one result per device (a device recorded
 * already is never sent to again, also after a crash), counts outcomes and drops devices the
 * service calls invalid. Without a configured provider the job ends with a note saying why.
 */
export function pushFanoutHandler(
  deps: PushFanoutDeps,
  options: PushFanoutOptions = {},
): OutboxHandler {
  const pageSize = options.pageSize ?? 500;
  const concurrency = options.concurrency ?? 50;
  const { store, clock } = deps;

  const summary = (job: PushJob, endpoint: string, startedAt: number): AttemptReport => ({
    url: endpoint,
    httpStatus: null,
    body:
      `sent ${job.sent}, failed ${job.failed}, invalid ${job.invalid}` +
      (job.note ? `; ${job.note}` : ''),
    latencyMs: clock.now() - startedAt,
    outcome: 'acknowledged',
  });

  const finish = async (jobId: number, note: string) => {
    await store.pushJobs.finish(jobId, note, clock.now());
    return (await store.pushJobs.byId(jobId)) as PushJob;
  };

  return {
    kind: PUSH_OUTBOX_KIND,
    schedule: PUSH_SCHEDULE,
    async attempt(item: OutboxItem, lease: Lease): Promise<AttemptReport> {
      const startedAt = clock.now();
      const job = await store.pushJobs.byId(Number(item.ref));
      if (!job) {
        const body = `no push job ${item.ref}`;
        return { url: '', httpStatus: null, body, latencyMs: 0, outcome: 'acknowledged' };
      }
      if (job.status === 'done') return summary(job, '', startedAt);
      const app = await deps.apps.get(job.appId);
      let cursor = job.cursor;
      let endpoint = '';
      for (;;) {
        // Credentials are looked up per page: a certificate replaced meanwhile is used from the
        // next page on.
        const choice = await deps.providers.forApp(app, job.platform);
        if (!choice.provider) {
          return summary(await finish(job.id, choice.unavailable), endpoint, startedAt);
        }
        endpoint = choice.endpoint;
        const provider = choice.provider;
        const page = await store.devices.targetPage(
          job.appId,
          job.platform,
          job.target,
          cursor,
          pageSize,
        );
        if (page.length === 0) break;
        await lease.renew();
        const recorded = await store.pushJobs.recordedDevices(
          job.id,
          page.map((device) => device.id),
        );
        for (let i = 0; i < page.length; i += concurrency) {
          const batch = page.slice(i, i + concurrency);
          const due = batch.filter((device) => !recorded.has(device.id));
          const outcomes: DeviceOutcome[] = await Promise.all(
            due.map(async (device) => ({
              deviceId: device.id,
              token: device.token,
              ...(await sendSafely(() => provider.send(device.token, job.message))),
            })),
          );
          // Still ours? Otherwise another process has resumed the job: record nothing.
          await lease.renew();
          const last = batch[batch.length - 1]?.id ?? cursor;
          await store.transaction(async (trx) => {
            await trx.pushJobs.record(job.id, last, outcomes, clock.now());
            await trx.devices.remove(
              outcomes.filter((o) => o.status === 'invalid').map((o) => o.deviceId),
            );
          });
          cursor = last;
        }
      }
      return summary(await finish(job.id, ''), endpoint, startedAt);
    },
  };
}

/** A provider never throws for a device; should one do so anyway, it is that device's failure. */
async function sendSafely(send: () => Promise<PushOutcome>): Promise<PushOutcome> {
  try {
    return await send();
  } catch (error) {
    return { status: 'failed', detail: error instanceof Error ? error.message : String(error) };
  }
}
