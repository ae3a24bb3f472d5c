import type { IdentityVerifiers } from '../../core/identity/external/types.js';
import type { Clock } from '../../core/runtime.js';
import { AppleVerifier } from './apple.js';
import { FacebookVerifier } from './facebook.js';
import { GoogleVerifier } from './google.js';

/** Where the identity providers are reached (tests replace Facebook's, Google's and Apple's). */
export interface IdentityEndpoints {
  /** Replaces https://graph.facebook.com/v19.0. */
  facebookGraphUrl?: string;
  /** Replaces Google's PEM certificates URL (oauth2/v1/certs). */
  googleCertsUrl?: string;
  /** Replaces https://appleid.apple.com/auth/keys. */
  appleJwksUrl?: string;
  /** Per-request timeout, ms (default 10 s). */
  timeoutMs?: number;
}

/** The provider checks core's external identities verify proofs with. */
export function identityVerifiers(endpoints: IdentityEndpoints, clock: Clock): IdentityVerifiers {
  const facebook = new FacebookVerifier(endpoints.facebookGraphUrl, endpoints.timeoutMs);
  const google = new GoogleVerifier(endpoints.googleCertsUrl);
  const apple = new AppleVerifier(clock, endpoints.appleJwksUrl, endpoints.timeoutMs);
  return {
    facebook: (app, token) => facebook.verify(app, token),
    google: (clientIds, token) => google.verify(clientIds, token),
    apple: (clientIds, token) => apple.verify(clientIds, token),
  };
}
