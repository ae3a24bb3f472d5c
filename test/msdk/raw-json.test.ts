import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RawJson, serializeAnswer } from '../../src/protocols/msdk/raw-json.js';

describe('msdk answers with pre-serialized fields', () => {
  it('splices RawJson fields in place, in order, leaving undefined fields out', () => {
    const lists = [{ openid: 'A', nickName: '张鸿', gender: '男' }];
    const body = {
      ret: 0,
      msg: 'success',
      lists: RawJson.of(lists),
      gone: undefined,
      extinfo: { closefriend_lists: ['A'] },
      is_lost: '0',
    };
    const bytes = serializeAnswer(body);
    assert.ok(Buffer.isBuffer(bytes));
    const text = bytes.toString('utf8');
    assert.equal(
      text,
      JSON.stringify({ ...body, lists }),
      'the same text JSON.stringify gives the plain object',
    );
  });

  it('is JSON.stringify when no field is RawJson, and works with RawJson first or alone', () => {
    assert.equal(serializeAnswer({ ret: 0, msg: 'ok' }), '{"ret":0,"msg":"ok"}');
    assert.equal(String(serializeAnswer({ a: RawJson.of([1]) })), '{"a":[1]}');
    assert.equal(
      String(serializeAnswer({ a: RawJson.of({}), b: RawJson.of('x') })),
      '{"a":{},"b":"x"}',
    );
  });
});
