import type { ServiceAccount } from '../../providers/fcm/service-account.js';
import type { Store, StoreSlice } from '../../store/store.js';
import { fail } from '../errors.js';
import type { DeliveryAttempt, OutboxSignal } from '../outbox/types.js';
import type { Clock } from '../runtime.js';
import type { AppSecrets } from '../secrets/app-secrets.js';
import type { PushClients } from './providers.js';
import type {
  DevicePlatform,
  PushJob,
  PushMessage,
  PushResult,
  PushTarget,
  StoredApnsCertificate,
} from './types.js';
import {
  DEVICE_PLATFORMS,
  MESSAGING_LIMITS,
  PUSH_OUTBOX_KIND,
  PUSH_TARGET_KINDS,
} from './types.js';

export interface NewPush {
  appId: string;
  platform: DevicePlatform;
  message: PushMessage;
  target: PushTarget;
}

/** An operator's notification: a title and a body to some players' devices, or to every one. */
export interface Notice {
  appId: string;
  title: string;
  body: string;
  /** null: every device of the app. */
  accountIds: readonly number[] | null;
  platforms: readonly DevicePlatform[];
}

/** The same title and body in each platform's message format. */
function noticeMessage(platform: DevicePlatform, { title, body }: Notice): PushMessage {
  return platform === 'ios'
    ? { aps: { alert: { title, body } } }
    : { android: { title, text: body } };
}

/** APNs takes payloads up to 4 KB; FCM notifications are held to the same. */
export const MAX_MESSAGE_BYTES = 4_096;

/** Rejects a push no job may hold; returns the target with its values de-duplicated. */
function checkPush(push: NewPush): PushTarget {
  const { platform, message, target } = push;
  if (!DEVICE_PLATFORMS.includes(platform)) fail('invalid_argument', 'platform: ios or android');
  if (platform === 'ios' ? !message.aps : !message.android) {
    fail('invalid_argument', `the message has no ${platform === 'ios' ? 'aps' : 'android'} part`);
  }
  if (Buffer.byteLength(JSON.stringify(message)) > MAX_MESSAGE_BYTES) {
    fail('invalid_argument', `the message is over ${MAX_MESSAGE_BYTES} bytes of JSON`);
  }
  if (!PUSH_TARGET_KINDS.includes(target.kind)) fail('invalid_argument', 'unknown target kind');
  const values = [...new Set(target.values)];
  if (target.kind === 'all' ? values.length > 0 : values.length === 0) {
    fail(
      'invalid_argument',
      `target ${target.kind}: ${target.kind === 'all' ? 'no' : 'some'} values`,
    );
  }
  if (values.length > MESSAGING_LIMITS.targetValues) {
    fail('invalid_argument', `target: at most ${MESSAGING_LIMITS.targetValues} values`);
  }
  return { kind: target.kind, values };
}

/**
 * Push jobs and the credentials they go out with. A job is written with its outbox item in one
 * transaction and fanned out later by the outbox worker (see push-handler.ts).
 */
export class PushService {
  constructor(
    private readonly store: StoreSlice<'devices' | 'outbox' | 'pushJobs'>,
    private readonly secrets: AppSecrets,
    private readonly clock: Clock,
    private readonly signal: OutboxSignal,
    private readonly clients: PushClients,
  ) {}

  /** Queues a push job; the caller does not wait for any device. */
  async send(push: NewPush): Promise<PushJob> {
    const job = await this.store.transaction((store) => this.queue(store, push));
    this.signal.notify();
    return job;
  }

  /**
   * Writes the job and its outbox item inside the caller's transaction; the caller notifies
   * the outbox signal after committing.
   */
  async queue(store: Store, push: NewPush): Promise<PushJob> {
    const target = checkPush(push);
    const now = this.clock.now();
    const job = await store.pushJobs.insert({ ...push, target, createdAt: now });
    await store.outbox.enqueue({
      kind: PUSH_OUTBOX_KIND,
      appId: push.appId,
      ref: String(job.id),
      at: now,
    });
    return job;
  }

  /** Queues an operator's notice as one job per platform, all of them in one transaction. */
  async sendNotice(notice: Notice): Promise<PushJob[]> {
    const target: PushTarget = notice.accountIds
      ? { kind: 'account', values: notice.accountIds.map(String) }
      : { kind: 'all', values: [] };
    const jobs = await this.store.transaction(async (store) => {
      const queued: PushJob[] = [];
      for (const platform of new Set(notice.platforms)) {
        const message = noticeMessage(platform, notice);
        queued.push(await this.queue(store, { appId: notice.appId, platform, message, target }));
      }
      return queued;
    });
    this.signal.notify();
    return jobs;
  }

  /** Devices the job has still to reach: those of its target past its cursor (0 once done). */
  async pending(job: PushJob): Promise<number> {
    if (job.status === 'done') return 0;
    return this.store.devices.targetCount(job.appId, job.platform, job.target, job.cursor);
  }

  notifyQueued(): void {
    this.signal.notify();
  }

  async job(id: number): Promise<PushJob> {
    return (await this.store.pushJobs.byId(id)) ?? fail('not_found', `no push job ${id}`);
  }

  /** Jobs of the app, newest first, before job id `beforeId` (null: from the newest). */
  jobs(appId: string, beforeId: number | null, limit: number): Promise<PushJob[]> {
    return this.store.pushJobs.ofApp(appId, beforeId, limit);
  }

  /** Per-device results of the job in device order, after device id `afterDeviceId`. */
  results(jobId: number, afterDeviceId: number, limit: number): Promise<PushResult[]> {
    return this.store.pushJobs.results(jobId, afterDeviceId, limit);
  }

  /** Attempts of the job's fan-out, as the outbox recorded them. */
  async attempts(jobId: number): Promise<DeliveryAttempt[]> {
    const items = await this.store.outbox.byRef([PUSH_OUTBOX_KIND], String(jobId));
    return this.store.outbox.attemptsOf(items.map((item) => item.id));
  }

  /**
   * Stores the app's APNs certificate (PKCS#12 with its private key), replacing the previous
   * one; it must open with the passphrase.
   */
  async setApnsCertificate(appId: string, pfx: Buffer, passphrase: string): Promise<void> {
    try {
      this.clients.checkApnsCertificate(pfx, passphrase);
    } catch (error) {
      fail('push.bad_certificate', error instanceof Error ? error.message : String(error));
    }
    const stored: StoredApnsCertificate = { pfx: pfx.toString('base64'), passphrase };
    await this.secrets.put(appId, 'apns_certificate', JSON.stringify(stored));
  }

  /** Stores the app's FCM service-account key file, replacing the previous one. */
  async setFcmServiceAccount(appId: string, keyFile: string): Promise<ServiceAccount> {
    let account: ServiceAccount;
    try {
      account = this.clients.parseServiceAccount(keyFile);
    } catch (error) {
      return fail(
        'push.bad_service_account',
        error instanceof Error ? error.message : String(error),
      );
    }
    await this.secrets.put(appId, 'fcm_service_account', keyFile);
    return account;
  }

  /** Forgets the app's FCM service account; false when it had none. */
  removeFcmServiceAccount(appId: string): Promise<boolean> {
    return this.secrets.remove(appId, 'fcm_service_account');
  }

  /** The app's FCM service account, if one is configured. */
  async fcmServiceAccount(appId: string): Promise<ServiceAccount | undefined> {
    const keyFile = await this.secrets.get(appId, 'fcm_service_account');
    return keyFile && this.clients.parseServiceAccount(keyFile.toString('utf8'));
  }

  async hasFcm(appId: string): Promise<boolean> {
    return (await this.secrets.get(appId, 'fcm_service_account')) !== undefined;
  }

  async hasApnsCertificate(appId: string): Promise<boolean> {
    return (await this.secrets.get(appId, 'apns_certificate')) !== undefined;
  }
}
