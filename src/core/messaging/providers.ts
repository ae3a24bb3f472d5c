import { createHash } from 'node:crypto';
import type { ServiceAccount } from '../../providers/fcm/service-account.js';
import type { PushProvider } from '../../providers/push/types.js';
import type { ApnsEnvironment, App } from '../apps/types.js';
import type { AppSecrets } from '../secrets/app-secrets.js';
import type { DevicePlatform, StoredApnsCertificate } from './types.js';

/** A push client with the address it sends to. */
export interface PushClient {
  provider: PushProvider;
  endpoint: string;
}

/**
 * What messaging needs of the APNs and FCM clients; the composition root builds it from
 * src/providers (providers/push/clients.ts) and hands it in.
 */
export interface PushClients {
  /** An APNs client for the certificate's app; throws when the certificate is unusable. */
  apns(pfx: Buffer, passphrase: string, environment: ApnsEnvironment): PushClient;
  /** An FCM client for the service-account key file; throws when the key file is unusable. */
  fcm(keyFile: string): PushClient;
  /** Throws a clear Error when the PKCS#12 file does not open with this passphrase. */
  checkApnsCertificate(pfx: Buffer, passphrase: string): void;
  /** Reads a service-account key file; throws a clear Error when it is unusable. */
  parseServiceAccount(keyFile: string): ServiceAccount;
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
    private readonly clients: PushClients,
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
      return this.clients.apns(Buffer.from(stored.pfx, 'base64'), stored.passphrase, environment);
    } catch (error) {
      return { unavailable: `the APNs certificate is unusable: ${errorText(error)}` };
    }
  }

  private fcm(secret: Buffer): ProviderChoice {
    try {
      return this.clients.fcm(secret.toString('utf8'));
    } catch (error) {
      return { unavailable: `the FCM service account is unusable: ${errorText(error)}` };
    }
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
