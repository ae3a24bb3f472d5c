import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import { DomainError } from '../../core/errors.js';
import type { VerifiedIdentity } from '../../core/identity/external/types.js';
import type { Clock } from '../../core/runtime.js';

export const APPLE_JWKS_URL = 'https://appleid.apple.com/auth/keys';
const APPLE_ISSUER = 'https://appleid.apple.com';

/** Errors that say Apple's key set could not be had, not that the token is bad. */
const UNAVAILABLE = new Set(['ERR_JWKS_TIMEOUT', 'ERR_JWKS_INVALID', 'ERR_JOSE_GENERIC']);

/**
 * Checks Sign in with Apple identity tokens with `jose`: signed by a key of Apple's published
 * JWKS, issued by https://appleid.apple.com, for one of the app's client ids, not expired.
 */
export class AppleVerifier {
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;

  constructor(
    private readonly clock: Clock,
    jwksUrl = APPLE_JWKS_URL,
    timeoutMs = 10_000,
  ) {
    this.jwks = createRemoteJWKSet(new URL(jwksUrl), { timeoutDuration: timeoutMs });
  }

  async verify(clientIds: readonly string[], identityToken: string): Promise<VerifiedIdentity> {
    let payload;
    try {
      ({ payload } = await jwtVerify(identityToken, this.jwks, {
        issuer: APPLE_ISSUER,
        audience: [...clientIds],
        currentDate: new Date(this.clock.now()),
      }));
    } catch (error) {
      const unavailable = !(error instanceof errors.JOSEError) || UNAVAILABLE.has(error.code);
      throw new DomainError(
        unavailable ? 'identity.provider_unavailable' : 'identity.bad_proof',
        `Apple identity token: ${(error as Error).message}`,
      );
    }
    if (!payload.sub)
      throw new DomainError('identity.bad_proof', 'Apple identity token has no sub');
    const email = typeof payload.email === 'string' ? payload.email : '';
    return {
      subject: payload.sub,
      displayName: '',
      email,
      picture: '',
      extra: {
        audience: payload.aud,
        ...(payload.is_private_email !== undefined && {
          is_private_email: payload.is_private_email,
        }),
      },
    };
  }
}
