import { OAuth2Client } from 'google-auth-library';
import { DomainError } from '../../core/errors.js';
import type { VerifiedIdentity } from '../../core/identity/external/types.js';

/**
 * Checks Google ID tokens with `google-auth-library`: signed by one of Google's keys (fetched
 * from `certsUrl`, cached as Google's cache headers say), issued by accounts.google.com, for
 * one of the app's client ids, not expired.
 */
export class GoogleVerifier {
  private readonly client: OAuth2Client;

  constructor(certsUrl?: string) {
    this.client = new OAuth2Client(
      certsUrl === undefined ? {} : { endpoints: { oauth2FederatedSignonPemCertsUrl: certsUrl } },
    );
  }

  async verify(clientIds: readonly string[], idToken: string): Promise<VerifiedIdentity> {
    try {
      await this.client.getFederatedSignonCertsAsync();
    } catch (error) {
      throw new DomainError(
        'identity.provider_unavailable',
        `Google's keys cannot be fetched: ${(error as Error).message}`,
      );
    }
    let payload;
    try {
      const ticket = await this.client.verifyIdToken({ idToken, audience: [...clientIds] });
      payload = ticket.getPayload();
    } catch (error) {
      throw new DomainError('identity.bad_proof', `Google ID token: ${(error as Error).message}`);
    }
    if (!payload?.sub) throw new DomainError('identity.bad_proof', 'Google ID token has no sub');
    return {
      subject: payload.sub,
      displayName: payload.name ?? '',
      email: payload.email ?? '',
      picture: payload.picture ?? '',
      extra: {
        ...(payload.email_verified !== undefined && { email_verified: payload.email_verified }),
        ...(payload.given_name !== undefined && { given_name: payload.given_name }),
        ...(payload.family_name !== undefined && { family_name: payload.family_name }),
        audience: payload.aud,
      },
    };
  }
}
