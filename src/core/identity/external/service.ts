import type { AppService } from '../../apps/service.js';
import type { App } from '../../apps/types.js';
import { fail } from '../../errors.js';
import type { LoginResult, PlayerService } from '../../players/service.js';
import type { Clock } from '../../runtime.js';
import type { AppSecrets } from '../../secrets/app-secrets.js';
import type { Store } from '../../../store/store.js';
import type {
  ExternalIdentity,
  ExternalProvider,
  FacebookApp,
  IdentityClaim,
  IdentityProof,
  IdentityVerifiers,
} from './types.js';

const FACEBOOK_SECRET = 'facebook_app_secret';

/** What is kept of a newer claim over a stored identity: newer non-empty values win. */
function merged(stored: ExternalIdentity, claim: IdentityClaim, now: number): ExternalIdentity {
  return {
    ...stored,
    verified: stored.verified || claim.verified,
    displayName: claim.displayName || stored.displayName,
    email: claim.email || stored.email,
    picture: claim.picture || stored.picture,
    extra: { ...stored.extra, ...claim.extra },
    updatedAt: now,
  };
}

/**
 * Third-party identities (Facebook, Google, Apple, ...) of players, per app: proofs verified
 * with the provider where the app configures it, logins by identity (a new account the first
 * time), and identities bound to an account that already plays.
 */
export class ExternalIdentities {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly apps: AppService,
    private readonly secrets: AppSecrets,
    private readonly players: PlayerService,
    private readonly verifiers: IdentityVerifiers,
  ) {}

  /** The app's Facebook app, when it configures both its id and its secret. */
  async facebookApp(app: App): Promise<FacebookApp | undefined> {
    const appId = app.settings.facebookAppId;
    if (!appId) return undefined;
    const secret = await this.secrets.get(app.id, FACEBOOK_SECRET);
    return secret && { appId, appSecret: secret.toString('utf8') };
  }

  /** Whether the app verifies the provider's proofs (otherwise claims are kept unverified). */
  async verifies(app: App, provider: ExternalProvider): Promise<boolean> {
    switch (provider) {
      case 'facebook':
        return (await this.facebookApp(app)) !== undefined;
      case 'google':
        return app.settings.googleClientIds.length > 0;
      case 'apple':
        return app.settings.appleClientIds.length > 0;
      case 'accountkit':
        return false;
    }
  }

  /** Whether the app has a Facebook app secret (shown to operators, never the secret). */
  async hasFacebookSecret(appId: string): Promise<boolean> {
    return (await this.secrets.get(appId, FACEBOOK_SECRET)) !== undefined;
  }

  /** Sets (or, null, removes) the app secret of the app's Facebook app, sealed at rest. */
  async setFacebookSecret(appId: string, secret: string | null): Promise<void> {
    await this.apps.get(appId);
    if (secret === null) await this.secrets.remove(appId, FACEBOOK_SECRET);
    else if (!secret.trim() || secret.length > 256)
      fail('invalid_argument', 'facebook app secret: 1 to 256 characters');
    else await this.secrets.put(appId, FACEBOOK_SECRET, secret);
  }

  /**
   * Checks a proof with its provider, as configured for the app: identity.not_configured when
   * the app does not configure the provider.
   */
  async verify(app: App, proof: IdentityProof): Promise<IdentityClaim> {
    switch (proof.provider) {
      case 'facebook': {
        const facebook =
          (await this.facebookApp(app)) ??
          fail('identity.not_configured', 'the app configures no Facebook app id and secret');
        const { userId, ...found } = await this.verifiers.facebook(facebook, proof.accessToken);
        return {
          provider: 'facebook',
          verified: true,
          ...found,
          extra: { ...found.extra, user_id: userId },
        };
      }
      case 'google': {
        const { googleClientIds } = app.settings;
        if (googleClientIds.length === 0)
          fail('identity.not_configured', 'the app configures no Google client id');
        const found = await this.verifiers.google(googleClientIds, proof.idToken);
        return { provider: 'google', verified: true, ...found };
      }
      case 'apple': {
        const { appleClientIds } = app.settings;
        if (appleClientIds.length === 0)
          fail('identity.not_configured', 'the app configures no Apple client id');
        const found = await this.verifiers.apple(appleClientIds, proof.identityToken);
        return { provider: 'apple', verified: true, ...found };
      }
    }
  }

  /** Logs in by identity: its account, or a new account the first time it is seen in the app. */
  async login(appId: string, claim: IdentityClaim): Promise<LoginResult> {
    await this.apps.get(appId);
    const now = this.clock.now();
    const stored = await this.store.externalIdentities.find(appId, claim.provider, claim.subject);
    if (stored) {
      await this.store.externalIdentities.refresh(merged(stored, claim, now));
      return this.players.issueLogin(appId, stored.accountId);
    }
    let accountId: number;
    try {
      accountId = await this.players.newAccount('external', (store, id) =>
        store.externalIdentities.insert(this.identity(appId, id, claim, now)),
      );
    } catch (error) {
      // A concurrent first login with the same identity won the race: use its account.
      const winner = await this.store.externalIdentities.find(appId, claim.provider, claim.subject);
      if (!winner) throw error;
      accountId = winner.accountId;
    }
    return this.players.issueLogin(appId, accountId);
  }

  /**
   * Binds the identity to an account of the app: identity.taken when another account has it,
   * identity.already_bound when the account has another of that provider. Binding it again to
   * the same account refreshes it.
   */
  async bind(appId: string, accountId: number, claim: IdentityClaim): Promise<ExternalIdentity> {
    await this.apps.get(appId);
    const now = this.clock.now();
    try {
      return await this.store.transaction(async (store) => {
        const stored = await this.ownerCheck(store, appId, accountId, claim);
        if (stored) {
          const refreshed = merged(stored, claim, now);
          await store.externalIdentities.refresh(refreshed);
          return refreshed;
        }
        const identity = this.identity(appId, accountId, claim, now);
        await store.externalIdentities.insert(identity);
        return identity;
      });
    } catch (error) {
      // A concurrent bind won the race: say what it took.
      await this.ownerCheck(this.store, appId, accountId, claim);
      throw error;
    }
  }

  /** The account's identities in the app (in every app when none is named). */
  ofAccount(accountId: number, appId?: string): Promise<ExternalIdentity[]> {
    return this.store.externalIdentities.ofAccount(accountId, appId);
  }

  /** The stored identity when the account has it already; fails when it may not take it. */
  private async ownerCheck(
    store: Pick<Store, 'externalIdentities'>,
    appId: string,
    accountId: number,
    claim: IdentityClaim,
  ): Promise<ExternalIdentity | undefined> {
    const stored = await store.externalIdentities.find(appId, claim.provider, claim.subject);
    if (stored && stored.accountId !== accountId)
      fail('identity.taken', `this ${claim.provider} identity belongs to another player`);
    if (stored) return stored;
    const held = await store.externalIdentities.ofAccount(accountId, appId);
    if (held.some((identity) => identity.provider === claim.provider))
      fail('identity.already_bound', `the player has another ${claim.provider} identity`);
    return undefined;
  }

  private identity(
    appId: string,
    accountId: number,
    claim: IdentityClaim,
    now: number,
  ): ExternalIdentity {
    return { ...claim, appId, accountId, createdAt: now, updatedAt: now };
  }
}
