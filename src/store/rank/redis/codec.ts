import { NO_CITY } from '../../../common/rank-city.js';
import type { RankEntry } from '../../../core/leaderboards/rank-index.js';

/**
 * A member's code is its zset member: 7 bytes of seq then 7 bytes of member id, big-endian with
 * every byte inverted. ZREVRANGE orders equal scores reverse-lexically, so among equal scores the
 * lower seq, then the lower member, comes first. 14 bytes keep the string in a 16-byte allocation.
 * The scripts build the same code (see codeOf in scripts.ts).
 */
const WIDTH = 7;

/**
 * A member's record is an 11-byte slot of its bucket, a string of BUCKET_SIZE slots: the 7 bytes of
 * its code's seq, then city + 1 in 4 big-endian bytes (0: no city). An inverted seq below 2^53
 * never starts with a 0 byte, so a slot starting with one is empty. A string costs no per-field
 * overhead, unlike a hash; 139 slots (1529 bytes, 1535 with the sds header and terminator) are the
 * most that fit one 1536-byte allocation.
 * The scripts read and write the same slots (see RECORDS in scripts.ts).
 */
export const SLOT = WIDTH + 4;
export const BUCKET_SIZE = 139;
export const BUCKET_BYTES = BUCKET_SIZE * SLOT;

export function encodeCode(member: number, seq: number): Buffer {
  const code = Buffer.allocUnsafe(2 * WIDTH);
  writeInverted(code, 0, seq);
  writeInverted(code, WIDTH, member);
  return code;
}

export function decodeEntry(code: Buffer, score: string): RankEntry {
  return {
    member: readInverted(code, WIDTH),
    score: Number(score),
    seq: readInverted(code, 0),
  };
}

/** The record bucket holding the member. */
export function bucketOf(member: number): string {
  return String(Math.floor(member / BUCKET_SIZE));
}

/** The byte offset of the member's slot in its bucket. */
export function slotOf(member: number): number {
  return (member % BUCKET_SIZE) * SLOT;
}

/** Writes a member's record into its slot of `bucket`. */
export function writeRecord(bucket: Buffer, member: number, seq: number, city: number): void {
  const at = slotOf(member);
  writeInverted(bucket, at, seq);
  bucket.writeUInt32BE(city - NO_CITY, at + WIDTH);
}

function writeInverted(target: Buffer, at: number, value: number): void {
  for (let i = WIDTH - 1; i >= 0; i--) {
    const byte = value % 256;
    target[at + i] = 255 - byte;
    value = (value - byte) / 256;
  }
}

function readInverted(source: Buffer, at: number): number {
  let value = 0;
  for (let i = 0; i < WIDTH; i++) value = value * 256 + (255 - source[at + i]!);
  return value;
}
