import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DOMAIN_ERROR_CODES } from '../../src/core/errors.js';
import { DIALECTS } from '../../src/guildhall.js';
import { NATIVE_STATUS } from '../../src/protocols/native/errors.js';
import { toyPlugin } from '../fixtures/toy-dialect.js';

describe('domain errors on every wire', () => {
  for (const plugin of [...DIALECTS, toyPlugin]) {
    it(`${plugin.name} answers every domain error it can meet with a code of its own`, () => {
      const unmapped = plugin.errors.meets.filter(
        (code) => plugin.errors.wireCode(code) === undefined,
      );
      assert.deepEqual(unmapped, []);
      for (const code of plugin.errors.meets) assert.ok(DOMAIN_ERROR_CODES.includes(code), code);
    });
  }

  it('the native API gives every domain error an HTTP status of its own', () => {
    const unmapped = DOMAIN_ERROR_CODES.filter((code) => NATIVE_STATUS[code] === undefined);
    assert.deepEqual(unmapped, []);
  });

  it('every domain error can be met on some wire', () => {
    const met = new Set([
      ...DIALECTS.flatMap((plugin) => plugin.errors.meets),
      ...Object.keys(NATIVE_STATUS),
    ]);
    assert.deepEqual(
      DOMAIN_ERROR_CODES.filter((code) => !met.has(code)),
      [],
    );
  });
});
