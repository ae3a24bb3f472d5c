import type { GooglePlaySetups } from '../../core/payments/google-play-setup.js';
import type { AppStore, StorePurchaseVerifier } from '../../core/payments/store-purchases.js';
import type { Clock } from '../../core/runtime.js';
import { GooglePlayVerifier } from './google-play.js';

/** Where the stores' APIs are reached (tests and relays replace Google's and Apple's). */
export interface StoreEndpoints {
  /** Replaces https://androidpublisher.googleapis.com. */
  googlePlayEndpoint?: string;
  /** Per-request timeout, ms (default 10 s). */
  timeoutMs?: number;
}

/** The store purchase verifiers the payments of dialects use, by store. */
export function storePurchaseVerifiers(
  endpoints: StoreEndpoints,
  googlePlay: GooglePlaySetups,
  clock: Clock,
): Partial<Record<AppStore, StorePurchaseVerifier>> {
  return {
    google_play: new GooglePlayVerifier({
      setups: googlePlay,
      clock,
      ...(endpoints.googlePlayEndpoint === undefined
        ? {}
        : { endpoint: endpoints.googlePlayEndpoint }),
      ...(endpoints.timeoutMs === undefined ? {} : { timeoutMs: endpoints.timeoutMs }),
    }),
  };
}
