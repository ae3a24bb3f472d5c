import type { ServiceAccount } from '../../providers/fcm/service-account.js';
import type { AppService } from '../apps/service.js';
import { secretsEqual } from '../apps/service.js';
import { fail } from '../errors.js';
import type { Random } from '../runtime.js';
import { randomHex } from '../runtime.js';
import type { AppSecrets } from '../secrets/app-secrets.js';

/** An app's Google Play set-up; either part may be missing until an operator gives it. */
export interface GooglePlaySetup {
  packageName: string | null;
  serviceAccount: ServiceAccount | null;
}

/** Changes to the set-up: a package name, a service-account key file (JSON text), or both. */
export interface GooglePlaySetupChanges {
  packageName?: string;
  keyFile?: string;
}

/** Android's application id rule: two or more dot-separated segments, each opening with a letter. */
const PACKAGE_NAME = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$/;

/**
 * Per-app Google Play set-up: the package name (a setting) and the service-account key that
 * reads its purchases (sealed among the app's secrets).
 */
export class GooglePlaySetups {
  constructor(
    private readonly apps: AppService,
    private readonly secrets: AppSecrets,
    /** Reads a key file; throws an Error saying what is wrong (the FCM one is reused). */
    private readonly parseServiceAccount: (keyFile: string) => ServiceAccount,
    private readonly random: Random,
  ) {}

  /**
   * The secret the app's notification push URL carries (`?token=`), made on first use;
   * `renew` replaces it (the old URL stops working).
   */
  async notificationToken(appId: string, renew = false): Promise<string> {
    const app = await this.apps.get(appId);
    const stored = renew
      ? undefined
      : await this.secrets.get(app.id, 'google_play_notification_token');
    if (stored) return stored.toString('utf8');
    const token = randomHex(this.random, 24);
    await this.secrets.put(app.id, 'google_play_notification_token', token);
    return token;
  }

  /** auth.bad_token unless `given` is the app's notification token (constant time). */
  async checkNotificationToken(appId: string, given: string): Promise<void> {
    const stored = await this.secrets.get(appId, 'google_play_notification_token');
    if (!stored || !secretsEqual(given, stored.toString('utf8'))) {
      fail('auth.bad_token', 'wrong or missing notification token');
    }
  }

  /** Checks everything before changing anything; returns the set-up after the change. */
  async set(appId: string, changes: GooglePlaySetupChanges): Promise<GooglePlaySetup> {
    const app = await this.apps.get(appId);
    const { packageName, keyFile } = changes;
    if (packageName === undefined && keyFile === undefined) {
      fail('invalid_argument', 'give a package name, a service account key, or both');
    }
    if (
      packageName !== undefined &&
      (packageName.length > 255 || !PACKAGE_NAME.test(packageName))
    ) {
      fail('invalid_argument', `package name: not an Android package name: ${packageName}`);
    }
    const account = keyFile === undefined ? undefined : this.parse(keyFile);
    if (keyFile !== undefined)
      await this.secrets.put(app.id, 'google_play_service_account', keyFile);
    if (packageName !== undefined) {
      await this.apps.update(app.id, { settings: { googlePlayPackageName: packageName } });
    }
    return {
      packageName: packageName ?? app.settings.googlePlayPackageName,
      serviceAccount: account ?? (await this.serviceAccount(app.id)),
    };
  }

  /** The app's set-up as it is. */
  async get(appId: string): Promise<GooglePlaySetup> {
    const app = await this.apps.get(appId);
    return {
      packageName: app.settings.googlePlayPackageName,
      serviceAccount: await this.serviceAccount(app.id),
    };
  }

  /** Forgets the package name and the key; false when the app had neither. */
  async remove(appId: string): Promise<boolean> {
    const app = await this.apps.get(appId);
    const hadKey = await this.secrets.remove(app.id, 'google_play_service_account');
    const hadName = app.settings.googlePlayPackageName !== null;
    if (hadName) await this.apps.update(app.id, { settings: { googlePlayPackageName: null } });
    return hadKey || hadName;
  }

  private async serviceAccount(appId: string): Promise<ServiceAccount | null> {
    const keyFile = await this.secrets.get(appId, 'google_play_service_account');
    return keyFile ? this.parseServiceAccount(keyFile.toString('utf8')) : null;
  }

  private parse(keyFile: string): ServiceAccount {
    try {
      return this.parseServiceAccount(keyFile);
    } catch (error) {
      return fail('invalid_argument', error instanceof Error ? error.message : String(error));
    }
  }
}
