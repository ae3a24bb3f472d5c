/** The third-party identity providers players log in with. */
export const EXTERNAL_PROVIDERS = ['facebook', 'google', 'apple', 'accountkit'] as const;
export type ExternalProvider = (typeof EXTERNAL_PROVIDERS)[number];

/** What a provider (or, unverified, a caller) says of a person. */
export interface IdentityProfile {
  displayName: string;
  email: string;
  picture: string;
  /** Anything else worth keeping (names, locale, the provider's other ids...). */
  extra: Readonly<Record<string, unknown>>;
}

/** An identity presented at a login or a bind: who, and whether the provider confirmed it. */
export interface IdentityClaim extends IdentityProfile {
  provider: ExternalProvider;
  subject: string;
  verified: boolean;
}

/** A third-party identity of a player in an app. */
export interface ExternalIdentity extends IdentityClaim {
  appId: string;
  accountId: number;
  createdAt: number;
  updatedAt: number;
}

/** A proof of identity a client presents, checked with the provider. */
export type IdentityProof =
  | { provider: 'facebook'; accessToken: string }
  | { provider: 'google'; idToken: string }
  | { provider: 'apple'; identityToken: string };

/** Facebook as an app configures it: its Facebook app id and app secret. */
export interface FacebookApp {
  appId: string;
  appSecret: string;
}

/** What a verifier learnt from a proof: the subject and what the provider told of the person. */
export interface VerifiedIdentity extends IdentityProfile {
  subject: string;
}

/**
 * The providers' checks (providers/identity). Each throws identity.bad_proof when the proof is
 * not valid for the app, identity.provider_unavailable when the provider cannot be asked.
 */
export interface IdentityVerifiers {
  /** A user access token, for the app: the subject is the token_for_business. */
  facebook(app: FacebookApp, accessToken: string): Promise<VerifiedIdentity & { userId: string }>;
  /** A Google ID token whose audience is one of `clientIds`: the subject is `sub`. */
  google(clientIds: readonly string[], idToken: string): Promise<VerifiedIdentity>;
  /** A Sign in with Apple identity token whose audience is one of `clientIds`. */
  apple(clientIds: readonly string[], identityToken: string): Promise<VerifiedIdentity>;
}
