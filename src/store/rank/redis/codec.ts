import type { RankEntry } from '../../../core/leaderboards/rank-index.js';

/**
 * A member's code is its zset member string. ZREVRANGE orders equal scores reverse-lexically, so
 * the code is "<2^53 - 1 - seq>:<2^53 - member>", both zero-padded to 16 digits: among equal
 * scores the lower seq, then the lower member, sorts last lexically and so comes first.
 */
const TOP = 2 ** 53;
const DIGITS = 16;

export function encodeCode(member: number, seq: number): string {
  return `${pad(TOP - 1 - seq)}:${pad(TOP - member)}`;
}

/** The member hash's value: the member's code and city (the scripts parse and build it too). */
export function memberRecord(code: string, city: number): string {
  return `${code}@${city}`;
}

export function decodeEntry(code: string, score: string): RankEntry {
  return {
    member: TOP - Number(code.slice(DIGITS + 1)),
    score: Number(score),
    seq: decodeSeq(code),
  };
}

export function decodeSeq(code: string): number {
  return TOP - 1 - Number(code.slice(0, DIGITS));
}

function pad(value: number): string {
  return String(value).padStart(DIGITS, '0');
}
