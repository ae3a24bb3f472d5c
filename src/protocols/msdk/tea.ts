/**
 * `msdktea` body encryption of Tencent MSDK: the QQ TEA scheme (a.k.a. OICQ
 * `oi_symmetry_encrypt2` / "qqtea").
 *
 * - Block cipher: TEA, 16 rounds (not the usual 32), delta 0x9E3779B9,
 *   64-bit blocks and 128-bit keys read as big-endian 32-bit words.
 * - Framing: header byte (low 3 bits = pad length, high 5 bits random),
 *   pad length random bytes, 2 random salt bytes, the data, 7 zero bytes;
 *   the pad length makes the total a multiple of 8.
 * - Chaining ("CBC with two feedbacks"): each plaintext block is XORed with the
 *   previous ciphertext block, TEA-encrypted, then XORed with the previous
 *   pre-encryption block (both feedbacks start at zero).
 */
import { randomBytes } from 'node:crypto';

export const MSDK_TEA_KEY = Buffer.from('msdkmsdkmsdkmsdk');

const DELTA = 0x9e3779b9;
const QQ_TEA_ROUNDS = 16;
const BLOCK_SIZE = 8;
const SALT_LENGTH = 2;
const ZERO_TAIL_LENGTH = 7;
/** Header byte + salt + zero tail: the fixed overhead besides the pad. */
const FIXED_OVERHEAD = 1 + SALT_LENGTH + ZERO_TAIL_LENGTH;
const MIN_CIPHER_LENGTH = 16;

type KeyWords = readonly [number, number, number, number];

function keyWords(key: Buffer): KeyWords {
  if (key.length !== 16) {
    throw new Error(`TEA key must be 16 bytes, got ${key.length}`);
  }
  return [key.readUInt32BE(0), key.readUInt32BE(4), key.readUInt32BE(8), key.readUInt32BE(12)];
}

function checkBlock(block: Buffer): void {
  if (block.length !== BLOCK_SIZE) {
    throw new Error(`TEA block must be ${BLOCK_SIZE} bytes, got ${block.length}`);
  }
}

/** One TEA mixing half-step: ((v << 4) + ka) ^ (v + sum) ^ ((v >>> 5) + kb), mod 2^32. */
function mix(v: number, sum: number, ka: number, kb: number): number {
  return ((((v << 4) >>> 0) + ka) ^ (v + sum) ^ ((v >>> 5) + kb)) >>> 0;
}

function encryptWords(v0: number, v1: number, k: KeyWords, rounds: number): [number, number] {
  let y = v0;
  let z = v1;
  let sum = 0;
  for (let i = 0; i < rounds; i++) {
    sum = (sum + DELTA) >>> 0;
    y = (y + mix(z, sum, k[0], k[1])) >>> 0;
    z = (z + mix(y, sum, k[2], k[3])) >>> 0;
  }
  return [y, z];
}

function decryptWords(v0: number, v1: number, k: KeyWords, rounds: number): [number, number] {
  let y = v0;
  let z = v1;
  let sum = Math.imul(DELTA, rounds) >>> 0;
  for (let i = 0; i < rounds; i++) {
    z = (z - mix(y, sum, k[2], k[3])) >>> 0;
    y = (y - mix(z, sum, k[0], k[1])) >>> 0;
    sum = (sum - DELTA) >>> 0;
  }
  return [y, z];
}

function wordsToBlock(words: [number, number]): Buffer {
  const out = Buffer.alloc(BLOCK_SIZE);
  out.writeUInt32BE(words[0], 0);
  out.writeUInt32BE(words[1], 4);
  return out;
}

/** Raw TEA on one 8-byte block (big-endian). QQ TEA uses 16 rounds; classic TEA uses 32. */
export function teaEncryptBlock(block8: Buffer, key: Buffer, rounds = QQ_TEA_ROUNDS): Buffer {
  checkBlock(block8);
  const words = encryptWords(block8.readUInt32BE(0), block8.readUInt32BE(4), keyWords(key), rounds);
  return wordsToBlock(words);
}

/** Inverse of {@link teaEncryptBlock}. */
export function teaDecryptBlock(block8: Buffer, key: Buffer, rounds = QQ_TEA_ROUNDS): Buffer {
  checkBlock(block8);
  const words = decryptWords(block8.readUInt32BE(0), block8.readUInt32BE(4), keyWords(key), rounds);
  return wordsToBlock(words);
}

function xorBlocks(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.alloc(BLOCK_SIZE);
  for (let i = 0; i < BLOCK_SIZE; i++) {
    out[i] = a[i]! ^ b[i]!;
  }
  return out;
}

/** Pad length that makes header + pad + salt + data + zero tail a multiple of 8. */
function padLengthFor(dataLength: number): number {
  return (BLOCK_SIZE - ((dataLength + FIXED_OVERHEAD) % BLOCK_SIZE)) % BLOCK_SIZE;
}

/**
 * Encrypts `plain` with QQ TEA. `random(n)` is called once, with
 * n = 1 + pad length + 2: its first byte supplies the header's high 5 bits,
 * the rest the pad and salt bytes. Inject it only to get deterministic output.
 */
export function teaEncrypt(
  plain: Buffer,
  key: Buffer,
  random: (n: number) => Buffer = randomBytes,
): Buffer {
  const k = keyWords(key);
  const padLength = padLengthFor(plain.length);
  const randomLength = 1 + padLength + SALT_LENGTH;
  const noise = random(randomLength);
  if (noise.length !== randomLength) {
    throw new Error(`TEA random source returned ${noise.length} bytes, expected ${randomLength}`);
  }

  const framed = Buffer.alloc(randomLength + plain.length + ZERO_TAIL_LENGTH);
  noise.copy(framed, 0);
  framed[0] = (noise[0]! & 0xf8) | padLength;
  plain.copy(framed, randomLength);

  const out = Buffer.alloc(framed.length);
  let prevCipher: Buffer = Buffer.alloc(BLOCK_SIZE);
  let prevMixed: Buffer = Buffer.alloc(BLOCK_SIZE);
  for (let offset = 0; offset < framed.length; offset += BLOCK_SIZE) {
    const mixed = xorBlocks(framed.subarray(offset, offset + BLOCK_SIZE), prevCipher);
    const [y, z] = encryptWords(mixed.readUInt32BE(0), mixed.readUInt32BE(4), k, QQ_TEA_ROUNDS);
    const cipherBlock = xorBlocks(wordsToBlock([y, z]), prevMixed);
    cipherBlock.copy(out, offset);
    prevCipher = cipherBlock;
    prevMixed = mixed;
  }
  return out;
}

/** Decrypts QQ TEA output; throws on malformed input or a wrong key (bad framing). */
export function teaDecrypt(cipher: Buffer, key: Buffer): Buffer {
  const k = keyWords(key);
  if (cipher.length < MIN_CIPHER_LENGTH || cipher.length % BLOCK_SIZE !== 0) {
    throw new Error(
      `msdktea: ciphertext length ${cipher.length} is invalid (must be a multiple of 8 and at least 16)`,
    );
  }

  const framed = Buffer.alloc(cipher.length);
  let prevCipher: Buffer = Buffer.alloc(BLOCK_SIZE);
  let prevMixed: Buffer = Buffer.alloc(BLOCK_SIZE);
  for (let offset = 0; offset < cipher.length; offset += BLOCK_SIZE) {
    const cipherBlock = cipher.subarray(offset, offset + BLOCK_SIZE);
    const unmixed = xorBlocks(cipherBlock, prevMixed);
    const mixed = wordsToBlock(
      decryptWords(unmixed.readUInt32BE(0), unmixed.readUInt32BE(4), k, QQ_TEA_ROUNDS),
    );
    xorBlocks(mixed, prevCipher).copy(framed, offset);
    prevCipher = cipherBlock;
    prevMixed = mixed;
  }

  const dataStart = 1 + (framed[0]! & 0x07) + SALT_LENGTH;
  const dataEnd = framed.length - ZERO_TAIL_LENGTH;
  if (dataStart > dataEnd) {
    throw new Error('msdktea: decryption failed (pad length exceeds ciphertext; wrong key?)');
  }
  if (framed.subarray(dataEnd).some((byte) => byte !== 0)) {
    throw new Error(
      'msdktea: decryption failed (trailing zero bytes missing; wrong key or corrupted data)',
    );
  }
  return Buffer.from(framed.subarray(dataStart, dataEnd));
}
