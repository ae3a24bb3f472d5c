import { KEEP_CITY, NO_CITY } from '../../common/rank-city.js';
import type { RankUpdate } from '../../core/leaderboards/rank-index.js';

const MAX_MEMBER = 2 ** 53;

/** Rejects updates that would break the order or the storage of either index implementation. */
export function assertValidUpdates(updates: readonly RankUpdate[], mayKeepCity: boolean): void {
  for (const update of updates) assertValidUpdate(update, mayKeepCity);
}

/** `mayKeepCity`: KEEP_CITY is allowed (apply), not when a board is loaded whole. */
export function assertValidUpdate(
  { member, score, seq, city }: RankUpdate,
  mayKeepCity = false,
): void {
  const valid =
    Number.isInteger(member) &&
    member >= 0 &&
    member <= MAX_MEMBER &&
    Number.isFinite(score) &&
    Number.isSafeInteger(seq) &&
    seq >= 0 &&
    (city | 0) === city &&
    city >= (mayKeepCity ? KEEP_CITY : NO_CITY);
  if (!valid) {
    throw new RangeError(
      `invalid rank update: member ${member}, score ${score}, seq ${seq}, city ${city}`,
    );
  }
}

/** A range starts at a non-negative integer offset and asks for a non-negative integer count. */
export function assertValidRange(offset: number, count: number): void {
  if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(count) || count < 0) {
    throw new RangeError(`invalid range: offset ${offset}, count ${count}`);
  }
}
