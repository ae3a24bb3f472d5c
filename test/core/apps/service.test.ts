import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { AppConfigDeclaration } from '../../../src/core/apps/declarations.js';
import type { DialectSettingChanges } from '../../../src/core/apps/service.js';
import { AppService } from '../../../src/core/apps/service.js';
import { fail } from '../../../src/core/errors.js';
import type { Clock } from '../../../src/core/runtime.js';
import { cryptoRandom, randomHex, randomId } from '../../../src/core/runtime.js';
import { SecretBox } from '../../../src/core/secrets/secret-box.js';
import type { DatabaseHandle } from '../../../src/store/database.js';
import { openDatabase } from '../../../src/store/database.js';
import { migrateToLatest } from '../../../src/store/migrate.js';
import { Store } from '../../../src/store/store.js';

/** A dialect of no platform: one lookup credential, one secret, one derived value, one setting. */
const toy: AppConfigDeclaration = {
  dialect: 'toy',
  credentials: [
    { name: 'key', generate: (random) => `toy_${randomId(random, 6)}`, lookup: true },
    { name: 'token', generate: (random) => randomHex(random, 8), secret: true },
  ],
  derived: [{ name: 'shout', derive: (c) => (c.key ?? '').toUpperCase() }],
  settings: [
    {
      name: 'toy_level',
      label: 'toy level',
      defaultValue: 1,
      parse: (value) =>
        typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 10
          ? value
          : fail('invalid_argument', 'toy_level: 1 to 10'),
      flag: { spec: '--toy-level <n>', description: 'how loud', parse: Number },
      show: (value) => String(value),
    },
  ],
};

/** Another dialect, declared only after apps were made. */
const late: AppConfigDeclaration = {
  dialect: 'late',
  credentials: [{ name: 'id', generate: (random) => randomHex(random, 4), lookup: true }],
  settings: [],
};

class ManualClock implements Clock {
  time = 1_000_000;
  now(): number {
    return this.time;
  }
}

describe('AppService with declared credentials and settings', () => {
  let handle: DatabaseHandle;
  let store: Store;
  const clock = new ManualClock();
  const box = new SecretBox(randomBytes(32));
  let apps: AppService;

  before(async () => {
    handle = openDatabase({ sqliteFile: ':memory:' });
    await migrateToLatest(handle);
    store = new Store(handle.db, handle.kind, handle.changes);
    apps = new AppService(store, clock, cryptoRandom, box, [toy], handle.changes);
  });
  after(() => handle.close());

  const storedRow = (appId: string, name: string) =>
    handle.db
      .selectFrom('app_credentials')
      .selectAll()
      .where('app_id', '=', appId)
      .where('dialect', '=', 'toy')
      .where('name', '=', name)
      .executeTakeFirstOrThrow();

  it('generates every declared credential, sealing the secret ones, and defaults settings', async () => {
    const app = await apps.create('Toy Game');
    const { key, token } = app.credentials.toy ?? {};
    assert.match(key ?? '', /^toy_[0-9a-z]{6}$/);
    assert.match(token ?? '', /^[0-9a-f]{16}$/);
    assert.deepEqual(Object.keys(app.credentials), ['toy']);
    assert.deepEqual(app.dialectSettings, { toy: { toy_level: 1 } });

    const sealed = await storedRow(app.id, 'token');
    assert.equal(sealed.sealed, 1);
    assert.notEqual(sealed.value, token);
    assert.equal(box.open(sealed.value).toString(), token);
    const plain = await storedRow(app.id, 'key');
    assert.deepEqual([plain.sealed, plain.value], [0, key]);

    const again = await apps.get(app.id);
    assert.deepEqual(again.credentials, app.credentials);
    const other = await apps.create('Other Toy Game');
    assert.notEqual(other.credentials.toy?.key, key);
    assert.notEqual(other.credentials.toy?.token, token);
  });

  it('finds an app by a lookup credential, and only by one', async () => {
    const app = await apps.create('Lookup Game');
    const key = app.credentials.toy?.key ?? '';
    assert.equal((await apps.findByCredential('toy', 'key', key))?.id, app.id);
    assert.equal(await apps.findByCredential('toy', 'key', 'toy_nobody'), undefined);
    await assert.rejects(apps.findByCredential('toy', 'token', 'x'), /not a lookup credential/);
    await assert.rejects(apps.findByCredential('nope', 'key', key), { code: 'invalid_argument' });
  });

  it('checks a secret in constant time, app.bad_secret when wrong', async () => {
    const app = await apps.create('Secret Game');
    const token = app.credentials.toy?.token ?? '';
    apps.checkSecret(app, 'toy', 'token', token);
    assert.throws(() => apps.checkSecret(app, 'toy', 'token', `${token}0`), {
      code: 'app.bad_secret',
      message: 'wrong token',
    });
    assert.throws(() => apps.checkSecret(app, 'toy', 'token', ''), { code: 'app.bad_secret' });
  });

  it('rotates the secret credentials of a dialect, keeping the lookup ones', async () => {
    const app = await apps.create('Rotating Game');
    const key = app.credentials.toy?.key ?? '';
    const oldToken = app.credentials.toy?.token ?? '';
    // Cached by the lookup: the rotation must not leave the old secret there.
    await apps.findByCredential('toy', 'key', key);
    clock.time += 1_000;
    const rotated = await apps.rotateSecret(app.id, 'toy');
    const newToken = rotated.credentials.toy?.token ?? '';
    assert.equal(rotated.credentials.toy?.key, key);
    assert.notEqual(newToken, oldToken);
    assert.equal(rotated.updatedAt, clock.time);
    const found = (await apps.findByCredential('toy', 'key', key)) ?? assert.fail('not found');
    apps.checkSecret(found, 'toy', 'token', newToken);
    assert.throws(() => apps.checkSecret(found, 'toy', 'token', oldToken), {
      code: 'app.bad_secret',
    });
    assert.equal((await storedRow(app.id, 'token')).sealed, 1);
    await assert.rejects(apps.rotateSecret(app.id, 'nope'), { code: 'invalid_argument' });
  });

  it('validates dialect settings with their declaration, and a refused change changes nothing', async () => {
    const app = await apps.create('Settings Game', {}, { toy: { toy_level: 3 } });
    assert.deepEqual(app.dialectSettings.toy, { toy_level: 3 });
    const updated = await apps.update(app.id, {
      settings: { sandbox: true },
      dialectSettings: { toy: { toy_level: 7 } },
    });
    assert.deepEqual(updated.dialectSettings.toy, { toy_level: 7 });
    assert.equal((await apps.get(app.id)).dialectSettings.toy?.toy_level, 7);

    const refused: DialectSettingChanges[] = [
      { toy: { toy_level: 11 } },
      { toy: { toy_level: '5' } },
      { toy: { toy_level: null } },
      { toy: { loudness: 5 } },
      { nope: { toy_level: 5 } },
    ];
    for (const dialectSettings of refused) {
      await assert.rejects(
        apps.update(app.id, { name: 'Renamed', settings: { sandbox: false }, dialectSettings }),
        { code: 'invalid_argument' },
        JSON.stringify(dialectSettings),
      );
    }
    const unchanged = await apps.get(app.id);
    assert.equal(unchanged.name, 'Settings Game');
    assert.equal(unchanged.settings.sandbox, true);
    assert.deepEqual(unchanged.dialectSettings.toy, { toy_level: 7 });

    const before = (await apps.list()).length;
    await assert.rejects(apps.create('Bad Game', {}, { toy: { toy_level: 0 } }), {
      code: 'invalid_argument',
    });
    assert.equal((await apps.list()).length, before);
  });

  it('gives older apps the credentials of a dialect declared since, once', async () => {
    const app = await apps.create('Older Game');
    const grown = new AppService(store, clock, cryptoRandom, box, [toy, late], handle.changes);
    const first = await grown.prepareCredentials();
    assert.ok(first.generated >= 1, JSON.stringify(first));
    assert.deepEqual(await grown.prepareCredentials(), { generated: 0, sealed: 0 });
    const id = (await grown.get(app.id)).credentials.late?.id ?? '';
    assert.match(id, /^[0-9a-f]{8}$/);
    assert.equal((await grown.findByCredential('late', 'id', id))?.id, app.id);
    assert.deepEqual((await grown.get(app.id)).credentials.toy, app.credentials.toy);
  });

  it('refuses two declarations of one dialect', () => {
    assert.throws(
      () => new AppService(store, clock, cryptoRandom, box, [toy, toy], handle.changes),
      /two/,
    );
  });
});
