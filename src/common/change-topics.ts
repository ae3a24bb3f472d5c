/** What the store publishes and in-memory projections hear (see core/changes.ts). */

/** An account's profile changed (key: account id). */
export const ACCOUNT_CHANGED = 'account';
/** Some tokens of an account were revoked or used up (key: account id). */
export const TOKENS_REVOKED = 'tokens';
/** An account's friends changed, or a friend of it started playing an app (key: account id). */
export const FRIENDS_CHANGED = 'friends';
/** An app's settings or credentials changed (key: app id). */
export const APP_CHANGED = 'app';
/** An account was given an id in an app, or logged in under one (key: account id). */
export const PLAYER_IDS_CHANGED = 'player-ids';
/** A group, or its members, changed (key: group id). */
export const GROUP_CHANGED = 'group';
/** A guild's name or leader changed (key: guild id). */
export const GUILD_CHANGED = 'guild';
