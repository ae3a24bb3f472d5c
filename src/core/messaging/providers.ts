import { createHash } from 'node:crypto';
import { APNS_ORIGINS, ApnsClient } from '../../providers/apns/client.js';
import { FCM_ENDPOINT, FcmClient } from '../../providers/fcm/client.js';
import { parseServiceAccount } from '../../providers/fcm/service-account.js';
import type { PushProvider } from '../../providers/push/types.js';
import type { App } from '../apps/types.js';
import type { Clock } from '../runtime.js';
import type { AppSecrets } from '../secrets/app-secrets.js';
import type { DevicePlatform, StoredApnsCertificate } from './types.js';

/** Where the push services are reached (tests and private relays replace Apple's and Google's). */
export interface PushEndpoints {
  /** Replaces the APNs origin of the app's environment, e.g. https://127.0.0.1:8443. */
  apnsOrigin?: string;
  /** A CA certificate (PEM) to trust for APNs besides the system roots. */
  apnsCa?: string;
  /** Replaces https://fcm.googleapis.com. */
  fcmEndpoint?: string;
  /** Per-request timeout of both services, ms (default 10 s). */
  timeoutMs?: number;
}

/** The provider an app's job of a platform goes out through, or why there is none. */
export type ProviderChoice =
  { provider: PushProvider; endpoint: string } | { provider?: undefined; unavailable: string };

/** Hands out the push provider of an app and platform. */
export interface PushProviderSource {
  forApp(app: App, platform: DevicePlatform): Promise<ProviderChoice>;
}

interface CachedProvider {
  /** Hash of the credentials and settings the client was made with. */
  fingerprint: string;
  choice: ProviderChoice;
}

/**
 * Push clients per app and platform, made on first use from the app's sealed credentials and
 * kept (one HTTP/2 session per app for APNs). The credentials are read for every job, so a
 * certificate replaced by any process takes effect with the next job.
 */
export class PushProviders implements PushProviderSource {
  private readonly cache = new Map<string, CachedProvider>();
  private readonly lookUps = new Map<string, Promise<ProviderChoice>>();

  constructor(
    private readonly secrets: AppSecrets,
    private readonly clock: Clock,
    private readonly endpoints: PushEndpoints = {},
  ) {}

  forApp(app: App, platform: DevicePlatform): Promise<ProviderChoice> {
    // One look-up per app and platform at a time, so concurrent jobs share one client.
    const key = `${app.id}:${platform}`;
    const previous = this.lookUps.get(key) ?? Promise.resolve();
    const next = previous.then(
      () => this.lookUp(key, app, platform),
      () => this.lookUp(key, app, platform),
    );
    this.lookUps.set(key, next);
    const forget = () => {
      if (this.lookUps.get(key) === next) this.lookUps.delete(key);
    };
    next.then(forget, forget);
    return next;
  }

  private async lookUp(key: string, app: App, platform: DevicePlatform): Promise<ProviderChoice> {
    const kind = platform === 'ios' ? 'apns_certificate' : 'fcm_service_account';
    const secret = await this.secrets.get(app.id, kind);
    if (!secret) {
      await this.drop(key);
      return {
        unavailable:
          platform === 'ios' ? 'no APNs certificate uploaded' : 'no FCM service account configured',
      };
    }
    const environment = app.settings.apnsEnvironment;
    const fingerprint = createHash('sha256')
      .update(secret)
      .update(platform === 'ios' ? environment : '')
      .digest('hex');
    const cached = this.cache.get(key);
    if (cached?.fingerprint === fingerprint) return cached.choice;
    await this.drop(key);
    const choice = platform === 'ios' ? this.apns(secret, environment) : this.fcm(secret);
    this.cache.set(key, { fingerprint, choice });
    return choice;
  }

  /** Closes every client (platform shutdown). */
  async close(): Promise<void> {
    const keys = [...this.cache.keys()];
    await Promise.all(keys.map((key) => this.drop(key)));
  }

  private async drop(key: string): Promise<void> {
    const cached = this.cache.get(key);
    this.cache.delete(key);
    await cached?.choice.provider?.close();
  }

  private apns(secret: Buffer, environment: App['settings']['apnsEnvironment']): ProviderChoice {
    try {
      const stored = JSON.parse(secret.toString('utf8')) as StoredApnsCertificate;
      const origin = this.endpoints.apnsOrigin ?? APNS_ORIGINS[environment];
      const provider = new ApnsClient({
        pfx: Buffer.from(stored.pfx, 'base64'),
        passphrase: stored.passphrase,
        environment,
        origin,
        ...(this.endpoints.apnsCa === undefined ? {} : { ca: this.endpoints.apnsCa }),
        ...(this.endpoints.timeoutMs === undefined ? {} : { timeoutMs: this.endpoints.timeoutMs }),
      });
      return { provider, endpoint: origin };
    } catch (error) {
      return { unavailable: `the APNs certificate is unusable: ${errorText(error)}` };
    }
  }

  private fcm(secret: Buffer): ProviderChoice {
    try {
      const endpoint = this.endpoints.fcmEndpoint ?? FCM_ENDPOINT;
      const provider = new FcmClient({
        serviceAccount: parseServiceAccount(secret.toString('utf8')),
        endpoint,
        clock: this.clock,
        ...(this.endpoints.timeoutMs === undefined ? {} : { timeoutMs: this.endpoints.timeoutMs }),
      });
      return { provider, endpoint };
    } catch (error) {
      return { unavailable: `the FCM service account is unusable: ${errorText(error)}` };
    }
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
