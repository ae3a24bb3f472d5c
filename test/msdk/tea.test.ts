import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  MSDK_TEA_KEY,
  teaDecrypt,
  teaDecryptBlock,
  teaEncrypt,
  teaEncryptBlock,
} from '../../src/protocols/msdk/tea.js';

const hex = (s: string): Buffer => Buffer.from(s, 'hex');
const bytes = (list: number[]): Buffer => Buffer.from(list);

/** A deterministic random source: header byte `first`, then `fill` for pad and salt. */
const fixedNoise =
  (first: number, fill: number) =>
  (n: number): Buffer => {
    const out = Buffer.alloc(n, fill);
    out[0] = first;
    return out;
  };

/**
 * Classic 32-round TEA block vectors, from Bouncy Castle
 * bcgit/bc-java core/src/test/java/org/bouncycastle/crypto/test/TEATest.java
 * (themselves from Simon Shepherd's reference C results; the all-zero one is
 * the widely published 41ea3a0a94baa940).
 */
const TEA32_VECTORS: [key: string, plain: string, cipher: string][] = [
  ['00000000000000000000000000000000', '0000000000000000', '41ea3a0a94baa940'],
  ['00000000000000000000000000000000', '0102030405060708', '6a2f9cf3fccf3c55'],
  ['0123456712345678234567893456789a', '0000000000000000', '34e943b0900f5dcb'],
  ['0123456712345678234567893456789a', '0102030405060708', '773dc179878a81c0'],
];

/**
 * 16-round TEA block vector, from zkonge/rtea tests/tea_test.rs
 * (test_tea16_encrypt: zero key, zero block).
 */
const TEA16_ZERO = bytes([168, 137, 247, 152, 24, 45, 128, 131]);

/**
 * QQ TEA ciphertexts from zkonge/rtea tests/block_test.rs. In debug builds rtea
 * writes the header byte as `pad | 0xF8` and fills pad and salt with 220
 * (0xDC), so its encryption is deterministic and reproducible here.
 */
const RTEA_KEY = Buffer.alloc(16, 0xff);
const RTEA_ENCRYPT_PLAIN = Buffer.alloc(32, 0xff);
const RTEA_ENCRYPT_CIPHER = bytes([
  117, 61, 222, 94, 87, 182, 157, 64, 60, 2, 61, 98, 93, 16, 49, 145, 99, 99, 207, 164, 26, 108, 72,
  189, 100, 34, 27, 45, 206, 166, 44, 43, 157, 214, 172, 27, 75, 36, 27, 106, 250, 218, 219, 132,
  112, 70, 230, 241,
]);
const RTEA_DECRYPT_CIPHER = bytes([
  117, 61, 222, 94, 87, 182, 157, 64, 60, 2, 61, 98, 93, 16, 49, 145, 99, 99, 207, 164, 26, 108, 72,
  189, 185, 227, 206, 205, 95, 210, 147, 25,
]);
const RTEA_DECRYPT_PLAIN = Buffer.alloc(16, 0xff);

/**
 * QQ TEA (key, plaintext, ciphertext) triples from fumiama/gofastTEA tea_test.go
 * (sampleData, originally MiraiGo's TEA tests); encrypted with random pads.
 */
const GOFASTTEA_VECTORS: [key: string, plain: string, cipher: string][] = [
  ['0123456789ABCDEF', 'MiraiGO Here', 'b7b2e52af7f5b1fbf37fc3d5546ac7569aecd01bbacf09bf'],
  ['0123456789ABCDEF', 'LXY Testing~', '9d0ab85aa14f5434ee83cd2a6b28bf306263cdf88e01264c'],
  ['0123456789ABCDEF', 's', '528e8b5c48300b548e94262736ebb8b7'],
  [
    '0123456789ABCDEF',
    'long long long long long long long',
    '95715fab6efbd0fd4b76dbc80bd633ebe805849dbc242053b06557f87e748effd9f613f782749fb9fdfa3f45c0c26161',
  ],
  ['LXY1226    Mrs4s', 'LXY Testing~', 'ab20caa63f3a6503a84f3cb28f9e26b6c18c051e995d1721'],
];

/**
 * Recovers the header, pad and salt bytes (what `random` supplied) of a QQ TEA
 * ciphertext by undoing the chaining of its first two blocks.
 */
function recoverNoise(cipher: Buffer, key: Buffer): Buffer {
  const c1 = cipher.subarray(0, 8);
  const c2 = cipher.subarray(8, 16);
  const x1 = teaDecryptBlock(c1, key);
  const x2 = teaDecryptBlock(Buffer.from(c2.map((b, i) => b ^ x1[i]!)), key);
  const p2 = Buffer.from(x2.map((b, i) => b ^ c1[i]!));
  const framed = Buffer.concat([x1, p2]);
  return framed.subarray(0, 1 + (framed[0]! & 7) + 2);
}

function flipByte(buf: Buffer, index: number): Buffer {
  const out = Buffer.from(buf);
  out[index] = out[index]! ^ 0x01;
  return out;
}

describe('msdktea (QQ TEA)', () => {
  it('uses the ASCII key msdkmsdkmsdkmsdk', () => {
    assert.equal(MSDK_TEA_KEY.toString('ascii'), 'msdkmsdkmsdkmsdk');
    assert.equal(MSDK_TEA_KEY.length, 16);
  });

  it('TEA block function matches the published 32-round TEA vectors (Bouncy Castle)', () => {
    for (const [key, plain, cipher] of TEA32_VECTORS) {
      assert.equal(teaEncryptBlock(hex(plain), hex(key), 32).toString('hex'), cipher);
      assert.equal(teaDecryptBlock(hex(cipher), hex(key), 32).toString('hex'), plain);
    }
  });

  it('16-round TEA block function matches rtea', () => {
    assert.deepEqual(teaEncryptBlock(Buffer.alloc(8), Buffer.alloc(16)), TEA16_ZERO);
    assert.deepEqual(teaDecryptBlock(TEA16_ZERO, Buffer.alloc(16)), Buffer.alloc(8));
  });

  it('decrypts the rtea ciphertexts', () => {
    assert.deepEqual(teaDecrypt(RTEA_DECRYPT_CIPHER, RTEA_KEY), RTEA_DECRYPT_PLAIN);
    assert.deepEqual(teaDecrypt(RTEA_ENCRYPT_CIPHER, RTEA_KEY), RTEA_ENCRYPT_PLAIN);
  });

  it('deterministic encryption reproduces the rtea ciphertexts byte for byte', () => {
    // rtea debug: header = pad | 0xF8, pad and salt bytes = 220.
    const random = fixedNoise(0xf8, 220);
    assert.deepEqual(teaEncrypt(RTEA_ENCRYPT_PLAIN, RTEA_KEY, random), RTEA_ENCRYPT_CIPHER);
    assert.deepEqual(teaEncrypt(RTEA_DECRYPT_PLAIN, RTEA_KEY, random), RTEA_DECRYPT_CIPHER);
  });

  it('decrypts the gofastTEA/MiraiGo ciphertexts', () => {
    for (const [key, plain, cipher] of GOFASTTEA_VECTORS) {
      assert.equal(teaDecrypt(hex(cipher), Buffer.from(key)).toString('utf8'), plain);
    }
  });

  it('re-encrypting the gofastTEA/MiraiGo plaintexts with their own pad and salt gives the published ciphertexts', () => {
    for (const [key, plain, cipher] of GOFASTTEA_VECTORS) {
      const noise = recoverNoise(hex(cipher), Buffer.from(key));
      const out = teaEncrypt(Buffer.from(plain), Buffer.from(key), (n) => {
        assert.equal(n, noise.length);
        return noise;
      });
      assert.equal(out.toString('hex'), cipher);
    }
  });

  it('round-trips lengths 0..64 with the MSDK key and random keys, with correct framing sizes', () => {
    for (let len = 0; len <= 64; len++) {
      const plain = randomBytes(len);
      for (const key of [MSDK_TEA_KEY, randomBytes(16)]) {
        const cipher = teaEncrypt(plain, key);
        assert.equal(cipher.length % 8, 0);
        assert.ok(cipher.length >= 16);
        assert.equal(cipher.length, len + 10 + ((8 - ((len + 10) % 8)) % 8));
        assert.deepEqual(teaDecrypt(cipher, key), plain, `length ${len}`);
      }
    }
  });

  it('round-trips a 100 KB buffer', () => {
    const plain = randomBytes(100 * 1024);
    for (const key of [MSDK_TEA_KEY, randomBytes(16)]) {
      assert.deepEqual(teaDecrypt(teaEncrypt(plain, key), key), plain);
    }
  });

  it('encryption is randomized by default and deterministic with an injected source', () => {
    const plain = Buffer.from('{"openid":"x"}');
    assert.notDeepEqual(teaEncrypt(plain, MSDK_TEA_KEY), teaEncrypt(plain, MSDK_TEA_KEY));
    const random = fixedNoise(0x00, 0x5a);
    assert.deepEqual(
      teaEncrypt(plain, MSDK_TEA_KEY, random),
      teaEncrypt(plain, MSDK_TEA_KEY, random),
    );
  });

  it('rejects ciphertexts of a wrong length', () => {
    const cipher = teaEncrypt(Buffer.from('hello msdk'), MSDK_TEA_KEY);
    for (const bad of [
      Buffer.alloc(0),
      Buffer.alloc(8),
      cipher.subarray(0, cipher.length - 1),
      Buffer.concat([cipher, Buffer.alloc(3)]),
    ]) {
      assert.throws(() => teaDecrypt(bad, MSDK_TEA_KEY), /ciphertext length \d+ is invalid/);
    }
  });

  it('rejects a flipped byte in the trailing blocks (zero tail check)', () => {
    const cipher = teaEncrypt(Buffer.from('some request body, long enough'), MSDK_TEA_KEY);
    for (let i = cipher.length - 16; i < cipher.length; i++) {
      assert.throws(
        () => teaDecrypt(flipByte(cipher, i), MSDK_TEA_KEY),
        /msdktea: decryption failed/,
      );
    }
  });

  it('rejects a wrong key', () => {
    const plain = Buffer.from('{"appid":"1000","openid":"abc"}');
    const cipher = teaEncrypt(plain, MSDK_TEA_KEY);
    assert.throws(
      () => teaDecrypt(cipher, Buffer.from('msdkmsdkmsdkmsdl')),
      /msdktea: decryption failed/,
    );
    for (let i = 0; i < 20; i++) {
      assert.throws(() => teaDecrypt(cipher, randomBytes(16)), /msdktea: decryption failed/);
    }
  });

  it('rejects keys that are not 16 bytes', () => {
    assert.throws(() => teaEncrypt(Buffer.from('x'), Buffer.from('short')), /16 bytes/);
    assert.throws(() => teaDecrypt(Buffer.alloc(16), Buffer.alloc(15)), /16 bytes/);
  });
});
