import { createPrivateKey } from 'node:crypto';
import { fail } from '../errors.js';
import type { AppSecrets } from '../secrets/app-secrets.js';

export type AppStoreEnvironment = 'production' | 'sandbox';

export const APP_STORE_ENVIRONMENTS: readonly AppStoreEnvironment[] = ['production', 'sandbox'];

/** The In-App Purchase key of App Store Connect that signs App Store Server API requests. */
export interface AppStoreApiKey {
  issuerId: string;
  keyId: string;
  /** The .p8 file: an EC P-256 private key in PKCS#8 PEM. */
  privateKey: string;
}

/** How an app's App Store purchases are verified. */
export interface AppStoreSetup {
  bundleId: string;
  /** The only environment whose transactions the app accepts. */
  environment: AppStoreEnvironment;
  /** The app's Apple id (App Store Connect); Apple's verifier needs it in production. */
  appAppleId: number | null;
  /** Needed to look transaction ids up with the App Store Server API. */
  apiKey: AppStoreApiKey | null;
  /** The app-specific shared secret sent with legacy receipts to verifyReceipt. */
  sharedSecret: string | null;
}

/** The set-up as operators see it: never the key nor the shared secret. */
export interface AppStoreSetupView {
  bundleId: string;
  environment: AppStoreEnvironment;
  appAppleId: number | null;
  issuerId: string | null;
  keyId: string | null;
  hasSharedSecret: boolean;
}

const BUNDLE_ID = /^[A-Za-z0-9.-]{1,155}$/;
const KEY_ID = /^[A-Z0-9]{10}$/;
const ISSUER_ID = /^[0-9a-fA-F-]{36}$/;

function checkApiKey(key: AppStoreApiKey): void {
  if (!ISSUER_ID.test(key.issuerId)) fail('invalid_argument', 'issuer id: a UUID');
  if (!KEY_ID.test(key.keyId)) fail('invalid_argument', 'key id: 10 capital letters or digits');
  let curve: string | undefined;
  try {
    const parsed = createPrivateKey(key.privateKey);
    curve = parsed.asymmetricKeyType === 'ec' ? parsed.asymmetricKeyDetails?.namedCurve : '';
  } catch {
    fail('invalid_argument', 'key: not a PEM private key (the .p8 file)');
  }
  if (curve !== 'prime256v1') fail('invalid_argument', 'key: not an EC P-256 key (the .p8 file)');
}

/** Rejects a set-up that could verify nothing. */
function checkSetup(setup: AppStoreSetup): void {
  if (!BUNDLE_ID.test(setup.bundleId)) fail('invalid_argument', 'bundle id: letters, digits, . -');
  if (!APP_STORE_ENVIRONMENTS.includes(setup.environment)) {
    fail('invalid_argument', 'environment: production or sandbox');
  }
  if (
    setup.appAppleId !== null &&
    (!Number.isSafeInteger(setup.appAppleId) || setup.appAppleId <= 0)
  ) {
    fail('invalid_argument', 'apple id: a positive whole number');
  }
  if (setup.environment === 'production' && setup.appAppleId === null) {
    fail('invalid_argument', 'apple id: required in production');
  }
  if (setup.apiKey) checkApiKey(setup.apiKey);
  if (setup.sharedSecret !== null && !/^[0-9a-zA-Z]{1,128}$/.test(setup.sharedSecret)) {
    fail('invalid_argument', 'shared secret: letters and digits');
  }
}

export function appStoreSetupView(setup: AppStoreSetup): AppStoreSetupView {
  return {
    bundleId: setup.bundleId,
    environment: setup.environment,
    appAppleId: setup.appAppleId,
    issuerId: setup.apiKey?.issuerId ?? null,
    keyId: setup.apiKey?.keyId ?? null,
    hasSharedSecret: setup.sharedSecret !== null,
  };
}

/** Apps' App Store set-ups, sealed at rest among the app's secrets as one record. */
export class AppStoreSetups {
  constructor(private readonly secrets: AppSecrets) {}

  /** Stores the app's set-up, replacing the previous one; a bad one changes nothing. */
  async put(appId: string, setup: AppStoreSetup): Promise<AppStoreSetupView> {
    checkSetup(setup);
    await this.secrets.put(appId, 'app_store_key', JSON.stringify(setup));
    return appStoreSetupView(setup);
  }

  async get(appId: string): Promise<AppStoreSetup | undefined> {
    const sealed = await this.secrets.get(appId, 'app_store_key');
    return sealed && (JSON.parse(sealed.toString('utf8')) as AppStoreSetup);
  }

  /** Forgets the app's set-up; false when it had none. */
  remove(appId: string): Promise<boolean> {
    return this.secrets.remove(appId, 'app_store_key');
  }
}
