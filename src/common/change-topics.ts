/** What the store publishes and in-memory projections hear (see core/changes.ts). */

/** An account's profile changed (key: account id). */
export const ACCOUNT_CHANGED = 'account';
/** Some tokens of an account were revoked or used up (key: account id). */
export const TOKENS_REVOKED = 'tokens';
