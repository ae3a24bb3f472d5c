import type { App } from '../../core/apps/types.js';
import type { IdentityClaim, IdentityProfile } from '../../core/identity/external/types.js';
import type { Services } from '../../services.js';
import { XcloudFailure } from './failure.js';
import { XCLOUD_STATUS } from './status.js';

/**
 * The proofs an SDK may send beside the document's fields (not signed, as every field the
 * document does not list): a Facebook user access token, a Google ID token.
 */
export const PROOF_FIELDS = ['access_token', 'id_token'] as const;

/** What a call says of the person: its profile fields, without the empty ones. */
export function sentProfile(
  displayName: string | undefined,
  email: string | undefined,
  picture: string | undefined,
  extra: Readonly<Record<string, string | undefined>>,
): IdentityProfile {
  return {
    displayName: displayName ?? '',
    email: email ?? '',
    picture: picture ?? '',
    extra: Object.fromEntries(Object.entries(extra).filter(([, value]) => value)),
  };
}

function refused(detail: string): never {
  throw new XcloudFailure(XCLOUD_STATUS.verificationFailed, detail);
}

/** The profile a provider verified, filled in with what the call sent. */
function withSent(verified: IdentityClaim, sent: IdentityProfile): IdentityClaim {
  return {
    ...verified,
    displayName: verified.displayName || sent.displayName,
    email: verified.email || sent.email,
    picture: verified.picture || sent.picture,
    extra: { ...sent.extra, ...verified.extra },
  };
}

/**
 * A Facebook identity keyed by its token_for_business. When the app configures its Facebook
 * app, the call must send the user's `access_token` and Facebook must confirm that it is this
 * facebook_id's, with this token_for_business (else 119); otherwise it is kept unverified.
 */
export async function facebookClaim(
  services: Services,
  app: App,
  sent: { tokenForBusiness: string; facebookId: string; accessToken?: string },
  profile: IdentityProfile,
): Promise<IdentityClaim> {
  const unverified: IdentityClaim = {
    provider: 'facebook',
    subject: sent.tokenForBusiness,
    verified: false,
    ...profile,
    extra: { ...profile.extra, facebook_id: sent.facebookId },
  };
  if (!(await services.externalIdentities.verifies(app, 'facebook'))) return unverified;
  if (!sent.accessToken) refused('access_token is required to verify the Facebook identity');
  const verified = await services.externalIdentities.verify(app, {
    provider: 'facebook',
    accessToken: sent.accessToken,
  });
  if (verified.extra.user_id !== sent.facebookId) refused('the token is not this facebook_id');
  if (verified.subject !== sent.tokenForBusiness)
    refused('the token is not this token_for_business');
  return withSent(verified, unverified);
}

/**
 * A Google identity keyed by the Google account id. When the app configures Google client ids,
 * the call must send an `id_token` that verifies (and names this person_id, when sent);
 * otherwise `person_id` is taken as sent (114 without one), unverified.
 */
export async function googleClaim(
  services: Services,
  app: App,
  sent: { personId?: string; idToken?: string },
  profile: IdentityProfile,
): Promise<IdentityClaim> {
  if (!(await services.externalIdentities.verifies(app, 'google'))) {
    if (!sent.personId)
      throw new XcloudFailure(XCLOUD_STATUS.missingParameter, 'person_id is required');
    return { provider: 'google', subject: sent.personId, verified: false, ...profile };
  }
  if (!sent.idToken) refused('id_token is required to verify the Google identity');
  const verified = await services.externalIdentities.verify(app, {
    provider: 'google',
    idToken: sent.idToken,
  });
  if (sent.personId && sent.personId !== verified.subject)
    refused('the id_token is not this person_id');
  return withSent(verified, profile);
}

/**
 * An Account Kit identity. Facebook shut Account Kit down in 2020: no proof can be checked any
 * more, so it is kept as sent, unverified, keyed by `accountkit_id` (by the phone number when
 * the call sends no id).
 */
export function accountKitClaim(
  sent: { accountKitId?: string; phoneNumber: string },
  profile: IdentityProfile,
): IdentityClaim {
  return {
    provider: 'accountkit',
    subject: sent.accountKitId || `phone:${sent.phoneNumber}`,
    verified: false,
    ...profile,
    extra: { ...profile.extra, phone_number: sent.phoneNumber },
  };
}
