import { createHash, randomBytes, randomInt } from 'node:crypto';

/** Time source; tests inject a controllable one. */
export interface Clock {
  /** Unix milliseconds. */
  now(): number;
}

/** Randomness source; tests may inject a seeded one. */
export interface Random {
  bytes(length: number): Buffer;
  /** Integer in [min, max). */
  int(min: number, max: number): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export const cryptoRandom: Random = {
  bytes: (length) => randomBytes(length),
  int: (min, max) => randomInt(min, max),
};

const BASE32 = 'abcdefghijkmnpqrstuvwxyz23456789';

/** Random identifier in an unambiguous lowercase alphabet. */
export function randomId(random: Random, length: number): string {
  const bytes = random.bytes(length);
  let id = '';
  for (const byte of bytes) id += BASE32[byte % BASE32.length];
  return id;
}

export function randomHex(random: Random, bytes: number): string {
  return random.bytes(bytes).toString('hex');
}

/** Tokens are stored only as this hash. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
