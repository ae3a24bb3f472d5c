import { createPrivateKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { z } from 'zod';
import type { Clock } from '../../core/runtime.js';
import type { ServiceAccount } from '../fcm/service-account.js';

const ASSERTION_LIFETIME_S = 3600;
/** A cached access token is replaced this long before it expires. */
const REFRESH_MARGIN_MS = 60_000;

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
});

interface AccessToken {
  value: string;
  refreshAt: number;
}

/**
 * OAuth 2.0 access tokens of a Google service account for one scope: the JWT-bearer grant of
 * "Using OAuth 2.0 for Server to Server Applications", posted to the key file's `token_uri` (which
 * google-auth-library's JWT client ignores, so that tests and relays could not replace it).
 */
export class ServiceAccountTokens {
  private readonly signingKey: KeyObject;
  private accessToken: AccessToken | undefined;
  /** Shared by concurrent callers so that they cause one token request. */
  private tokenRequest: Promise<AccessToken> | undefined;

  constructor(
    private readonly account: ServiceAccount,
    private readonly scope: string,
    private readonly timeoutMs: number,
    private readonly clock: Clock,
  ) {
    this.signingKey = createPrivateKey(account.privateKey);
  }

  /** A valid access token, cached until shortly before it expires. */
  async current(): Promise<string> {
    if (this.accessToken && this.clock.now() < this.accessToken.refreshAt) {
      return this.accessToken.value;
    }
    this.tokenRequest ??= this.request().finally(() => {
      this.tokenRequest = undefined;
    });
    this.accessToken = await this.tokenRequest;
    return this.accessToken.value;
  }

  /** Drops the cached token (the service refused it), so the next call fetches a new one. */
  forget(): void {
    this.accessToken = undefined;
  }

  private async request(): Promise<AccessToken> {
    const requestedAt = this.clock.now();
    const issuedAt = Math.floor(requestedAt / 1000);
    const assertion = await new SignJWT({ scope: this.scope })
      .setProtectedHeader({
        alg: 'RS256',
        typ: 'JWT',
        ...(this.account.privateKeyId === undefined ? {} : { kid: this.account.privateKeyId }),
      })
      .setIssuer(this.account.clientEmail)
      .setAudience(this.account.tokenUri)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + ASSERTION_LIFETIME_S)
      .sign(this.signingKey);
    const response = await fetch(this.account.tokenUri, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion,
      }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const body = await response.text();
    if (!response.ok) throw new AccessTokenRefused(response.status, body);
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      json = undefined;
    }
    const token = tokenResponseSchema.safeParse(json);
    if (!token.success) throw new Error(`unexpected token response: ${body}`);
    return {
      value: token.data.access_token,
      refreshAt: requestedAt + token.data.expires_in * 1000 - REFRESH_MARGIN_MS,
    };
  }
}

/** The token endpoint answered with an HTTP error (the grant was refused). */
export class AccessTokenRefused extends Error {
  constructor(
    readonly status: number,
    body: string,
  ) {
    super(`${status} ${body}`.trim());
    this.name = 'AccessTokenRefused';
  }
}
