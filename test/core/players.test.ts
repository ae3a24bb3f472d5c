import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { areaName, areaOfCode, shortAreaName } from '../../src/core/players/areas.js';
import { ageOf, constellationOf, parseBirthday } from '../../src/core/players/birthday.js';
import { coveringCells, distanceM, geohashOf } from '../../src/core/players/geo.js';
import { hashPassword, verifyPassword } from '../../src/core/players/passwords.js';
import { cryptoRandom } from '../../src/core/runtime.js';

describe('cities', () => {
  it('maps division codes to the city they belong to, with the short names Momo shows', () => {
    assert.deepEqual(areaOfCode('110000'), { id: 110000, name: '北京' });
    assert.deepEqual(areaOfCode('110105'), { id: 110000, name: '北京' });
    assert.deepEqual(areaOfCode('120000'), { id: 120000, name: '天津' });
    assert.deepEqual(areaOfCode('130100'), { id: 130100, name: '石家庄' });
    assert.deepEqual(areaOfCode('130203'), { id: 130200, name: '唐山' });
    assert.deepEqual(areaOfCode('0'), { id: 0, name: '海外' });
    assert.deepEqual(areaOfCode('429004'), { id: 429004, name: '仙桃' });
    assert.deepEqual(areaOfCode('810000'), { id: 810000, name: '香港' });
    assert.equal(areaName(222400), '延边');
    assert.equal(areaName(150100), '呼和浩特');
    assert.equal(areaOfCode('999999'), undefined);
    assert.equal(areaOfCode('11'), undefined);
    assert.equal(areaOfCode('abc'), undefined);
  });

  it('keeps a name whole when stripping would leave one character', () => {
    assert.equal(shortAreaName('县'), '县');
    assert.equal(shortAreaName('黔东南苗族侗族自治州'), '黔东南');
  });
});

describe('birthdays', () => {
  it('derives age on the UTC+8 calendar and constellations numbered from Aries', () => {
    assert.equal(ageOf('1987-01-15', Date.UTC(2014, 1, 26)), 27);
    assert.equal(
      ageOf('1987-02-26', Date.UTC(2014, 1, 25, 16, 0)),
      27,
      'already the 26th in UTC+8',
    );
    assert.equal(ageOf('1987-02-27', Date.UTC(2014, 1, 26)), 26);
    assert.equal(ageOf(null, Date.now()), 0);
    assert.deepEqual(
      [
        '1987-01-15',
        '2000-01-20',
        '2000-02-19',
        '2000-03-21',
        '2000-04-19',
        '2000-12-21',
        '2000-12-22',
        '2000-12-31',
      ].map(constellationOf),
      [10, 11, 12, 1, 1, 9, 10, 10],
    );
    assert.equal(parseBirthday('2001-02-29'), undefined);
    assert.equal(parseBirthday('1990-13-01'), undefined);
    assert.deepEqual(parseBirthday('2000-02-29'), { year: 2000, month: 2, day: 29 });
  });
});

describe('geography', () => {
  it('measures great-circle distances and covers a radius with geohash cells', () => {
    assert.ok(Math.abs(distanceM(39.9, 116.4, 40.9, 116.4) - 111_195) < 10);
    assert.equal(distanceM(10, 10, 10, 10), 0);
    const cells = coveringCells(39.9, 116.4, 10_000);
    const here = geohashOf(39.9, 116.4);
    const tenKmNorth = geohashOf(39.99, 116.4);
    assert.ok(cells.some((c) => here.startsWith(c)));
    assert.ok(cells.some((c) => tenKmNorth.startsWith(c)));
    assert.ok(cells.length <= 16);
  });
});

describe('passwords', () => {
  it('verifies the password it hashed and nothing else', async () => {
    const stored = await hashPassword('correct horse', cryptoRandom);
    assert.match(stored, /^scrypt\$32768\$8\$1\$/);
    assert.equal(await verifyPassword('correct horse', stored), true);
    assert.equal(await verifyPassword('correct horse!', stored), false);
    assert.equal(await verifyPassword('correct horse', 'garbage'), false);
  });
});
