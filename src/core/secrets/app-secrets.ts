import type { KeyObject } from 'node:crypto';
import { createPrivateKey, generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import type { AppSecretRepo } from '../../store/repos/app-secrets.js';
import type { Clock } from '../runtime.js';
import type { SecretBox } from './secret-box.js';

const generateRsa = promisify(generateKeyPair);

export type AppSecretKind =
  | 'notify_rsa_key'
  | 'apns_certificate'
  | 'fcm_service_account'
  /** The service-account key file that reads the app's Google Play purchases. */
  | 'google_play_service_account'
  /** The secret in the URL Google Play's notifications are pushed to. */
  | 'google_play_notification_token'
  /** The app's App Store set-up with its In-App Purchase key (see payments/app-store-setup.ts). */
  | 'app_store_key'
  /** The app secret of the app's Facebook app (identity verification). */
  | 'facebook_app_secret'
  /** The secret of a video channel (memberships). */
  | `video_channel:${number}`;

/** An RSA key pair: the public key in PEM, the private key ready to sign with. */
export interface KeyPair {
  publicKey: string;
  /** Parsed once: parsing the PEM costs as much as a signature. */
  privateKey: KeyObject;
}

/** Secrets of apps, sealed at rest with the server key. */
export class AppSecrets {
  private readonly keyPairs = new Map<string, KeyPair>();

  constructor(
    private readonly repo: AppSecretRepo,
    private readonly box: SecretBox,
    private readonly clock: Clock,
  ) {}

  async put(appId: string, kind: AppSecretKind, secret: Buffer | string): Promise<void> {
    await this.repo.put(appId, kind, {
      publicPart: null,
      sealed: this.box.seal(secret),
      updatedAt: this.clock.now(),
    });
  }

  /** The secret, or undefined when the app has none of that kind. */
  async get(appId: string, kind: AppSecretKind): Promise<Buffer | undefined> {
    const stored = await this.repo.get(appId, kind);
    return stored && this.box.open(stored.sealed);
  }

  /** Deletes the secret; false when the app had none of that kind. */
  remove(appId: string, kind: AppSecretKind): Promise<boolean> {
    return this.repo.remove(appId, kind);
  }

  /** The public half of the app's notify signing key (made on first use). */
  async notifyPublicKey(appId: string): Promise<string> {
    const stored = await this.repo.get(appId, 'notify_rsa_key');
    return stored?.publicPart ?? (await this.notifyKeyPair(appId)).publicKey;
  }

  /**
   * The app's RSA-2048 key pair for signing what it receives (payment notifications), made on first
   * use. Two processes making one at once agree on whichever was stored first.
   */
  async notifyKeyPair(appId: string): Promise<KeyPair> {
    const cached = this.keyPairs.get(appId);
    if (cached) return cached;
    let stored = await this.repo.get(appId, 'notify_rsa_key');
    if (!stored) {
      const made = await generateRsa('rsa', {
        modulusLength: 2048,
        publicKeyEncoding: { type: 'spki', format: 'pem' },
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      });
      stored = await this.repo.putIfAbsent(appId, 'notify_rsa_key', {
        publicPart: made.publicKey,
        sealed: this.box.seal(made.privateKey),
        updatedAt: this.clock.now(),
      });
    }
    const pair = {
      publicKey: stored.publicPart ?? '',
      privateKey: createPrivateKey(this.box.open(stored.sealed)),
    };
    this.keyPairs.set(appId, pair);
    return pair;
  }
}
