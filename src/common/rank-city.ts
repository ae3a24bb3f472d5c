/**
 * City sentinels of the rank index (core/leaderboards/rank-index.ts), shared by the leaderboards
 * domain and the index implementations in the store. A real city is an area id such as 110000
 * (0 is overseas).
 */

/** Keeps the member out of every city sub-index. */
export const NO_CITY = -1;
/** In apply(): keep the member's current city (NO_CITY for a member new to the board). */
export const KEEP_CITY = -2;
