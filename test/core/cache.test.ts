import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RecentCache, RecentMap } from '../../src/core/cache.js';
import { TestClock } from '../helpers/server.js';

describe('RecentCache and RecentMap', () => {
  it('expires entries after the ttl and keeps immutable ones', () => {
    const clock = new TestClock();
    const brief = new RecentCache<string, number>(10, 1_000, clock);
    const lasting = new RecentMap<string, number>(10);
    brief.set('a', 1);
    lasting.set('a', 1);
    clock.advance(999);
    assert.equal(brief.get('a'), 1);
    clock.advance(1);
    assert.equal(brief.get('a'), undefined);
    clock.advance(1e9);
    assert.equal(lasting.get('a'), 1);
  });

  it('stays bounded, keeps recently used entries and forgets deleted ones', () => {
    const cache = new RecentMap<number, number>(100);
    for (let i = 0; i < 1_000; i++) {
      cache.set(i, i);
      assert.equal(cache.get(0), 0, 'read on every round, so never dropped');
    }
    assert.equal(cache.get(999), 999);
    assert.equal(cache.get(1), undefined, 'long unused');
    let kept = 0;
    for (let i = 0; i < 1_000; i++) if (cache.get(i) !== undefined) kept++;
    assert.ok(kept <= 100, `kept ${kept}`);
    cache.delete(999);
    assert.equal(cache.get(999), undefined);
  });
});
