import type { AppStoreSetups } from '../../core/payments/app-store-setup.js';
import type { GooglePlaySetups } from '../../core/payments/google-play-setup.js';
import type {
  StoreNotificationReader,
  StorePurchaseVerifiers,
} from '../../core/payments/store-purchases.js';
import type { Clock } from '../../core/runtime.js';
import type { AppStoreEndpoints } from './app-store.js';
import { AppStoreVerifier } from './app-store.js';
import { appleRootCertificates } from './apple-roots.js';
import { GooglePlayVerifier } from './google-play.js';

/** Where the stores' APIs are reached (tests and relays replace Google's and Apple's). */
export interface StoreEndpoints {
  /** Replaces https://androidpublisher.googleapis.com. */
  googlePlayEndpoint?: string;
  /** Per-request timeout, ms (default 10 s). */
  timeoutMs?: number;
  /** Apple's endpoints and roots (default: Apple's, and the roots in apple-roots/). */
  appStore?: Partial<AppStoreEndpoints>;
}

/** The apps' set-ups with each store. */
export interface StoreSetups {
  googlePlay: GooglePlaySetups;
  appStore: AppStoreSetups;
}

/** The stores' clients: purchase verifiers by store, and the App Store's notification reader. */
export interface StoreClients {
  verifiers: StorePurchaseVerifiers;
  appStoreNotifications: StoreNotificationReader;
}

export function storeClients(
  endpoints: StoreEndpoints,
  setups: StoreSetups,
  clock: Clock,
): StoreClients {
  const appStore = new AppStoreVerifier((appId) => setups.appStore.get(appId), {
    rootCertificates: appleRootCertificates(),
    ...(endpoints.timeoutMs === undefined ? {} : { timeoutMs: endpoints.timeoutMs }),
    ...endpoints.appStore,
  });
  const verifiers = {
    google_play: new GooglePlayVerifier({
      setups: setups.googlePlay,
      clock,
      ...(endpoints.googlePlayEndpoint === undefined
        ? {}
        : { endpoint: endpoints.googlePlayEndpoint }),
      ...(endpoints.timeoutMs === undefined ? {} : { timeoutMs: endpoints.timeoutMs }),
    }),
    app_store: appStore,
  };
  return {
    verifiers,
    appStoreNotifications: { read: (app, payload) => appStore.decodeNotification(app, payload) },
  };
}
