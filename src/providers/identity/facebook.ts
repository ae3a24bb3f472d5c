import { createHmac } from 'node:crypto';
import { DomainError, fail } from '../../core/errors.js';
import type { FacebookApp, VerifiedIdentity } from '../../core/identity/external/types.js';

export const FACEBOOK_GRAPH_URL = 'https://graph.facebook.com/v19.0';

interface DebugToken {
  data?: { app_id?: string; is_valid?: boolean; user_id?: string };
}

interface Person {
  id?: string;
  token_for_business?: string;
  name?: string;
  email?: string;
  first_name?: string;
  last_name?: string;
  picture?: { data?: { url?: string } };
}

/**
 * Checks Facebook user access tokens with the Graph API: `debug_token` (with the app access
 * token `appid|secret`) says whether the token is valid and for this app and which user; the
 * user's `token_for_business` (the same for every app of the business) is then read back.
 */
export class FacebookVerifier {
  constructor(
    private readonly graphUrl = FACEBOOK_GRAPH_URL,
    private readonly timeoutMs = 10_000,
  ) {}

  async verify(
    app: FacebookApp,
    accessToken: string,
  ): Promise<VerifiedIdentity & { userId: string }> {
    if (!accessToken) fail('identity.bad_proof', 'no Facebook access token');
    const debug = await this.get<DebugToken>('/debug_token', {
      input_token: accessToken,
      access_token: `${app.appId}|${app.appSecret}`,
    });
    const data = debug?.data;
    if (!data?.is_valid) fail('identity.bad_proof', 'the Facebook access token is not valid');
    if (String(data.app_id) !== app.appId)
      fail('identity.bad_proof', 'the Facebook access token is for another app');
    const userId = String(data.user_id ?? '');
    if (!userId) fail('identity.bad_proof', 'the Facebook access token names no user');
    const person = await this.get<Person>('/me', {
      fields: 'id,token_for_business,name,email,first_name,last_name,picture',
      access_token: accessToken,
      appsecret_proof: createHmac('sha256', app.appSecret).update(accessToken).digest('hex'),
    });
    if (person?.id !== undefined && String(person.id) !== userId)
      fail('identity.bad_proof', 'the Facebook token answers for another user');
    const tokenForBusiness = person?.token_for_business;
    if (!tokenForBusiness)
      fail('identity.bad_proof', 'Facebook gives no token_for_business for this user');
    return {
      subject: tokenForBusiness,
      userId,
      displayName: person.name ?? '',
      email: person.email ?? '',
      picture: person.picture?.data?.url ?? '',
      extra: {
        ...(person.first_name !== undefined && { first_name: person.first_name }),
        ...(person.last_name !== undefined && { last_name: person.last_name }),
      },
    };
  }

  /** A Graph call: the JSON answer; a 4xx about the token → bad_proof; unreachable → unavailable. */
  private async get<T>(path: string, query: Record<string, string>): Promise<T | undefined> {
    let response: Response;
    try {
      response = await fetch(`${this.graphUrl}${path}?${new URLSearchParams(query).toString()}`, {
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new DomainError(
        'identity.provider_unavailable',
        `Facebook cannot be reached: ${(error as Error).message}`,
      );
    }
    if (response.status >= 500)
      fail('identity.provider_unavailable', `Facebook answered HTTP ${response.status}`);
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      fail('identity.provider_unavailable', 'Facebook answered no JSON');
    }
    if (!response.ok) {
      const message = (body as { error?: { message?: string } } | undefined)?.error?.message;
      fail('identity.bad_proof', `Facebook refused the token: ${message ?? response.status}`);
    }
    return body as T;
  }
}
