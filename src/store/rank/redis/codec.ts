import { NO_CITY } from '../../../common/rank-city.js';
import type { RankEntry } from '../../../core/leaderboards/rank-index.js';

/**
 * A member's code is its zset member: 7 bytes of seq then 7 bytes of member id, big-endian with
 * every byte inverted. ZREVRANGE orders equal scores reverse-lexically, so among equal scores the
 * lower seq, then the lower member, comes first. 14 bytes keep the string in a 16-byte allocation.
 * The scripts build the same code (see CODE_OF in scripts.ts).
 */
const WIDTH = 7;

/** Members per record bucket: a bucket hash stays in Redis's compact listpack encoding. */
export const BUCKET_SIZE = 128;

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

/** The record bucket holding the member, and its field in that bucket. */
export function bucketOf(member: number): string {
  return String(Math.floor(member / BUCKET_SIZE));
}

export function fieldOf(member: number): string {
  return String(member % BUCKET_SIZE);
}

/** A member's record: its seq, and ":city" when it has one (the scripts parse and build it too). */
export function memberRecord(seq: number, city: number): string {
  return city === NO_CITY ? String(seq) : `${seq}:${city}`;
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
