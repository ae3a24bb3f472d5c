import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CliStorage } from '../helpers/cli.js';
import { postgresStorage, runCli, sqliteStorage } from '../helpers/cli.js';

const storages: (() => Promise<CliStorage>)[] = [() => Promise.resolve(sqliteStorage())];
if (process.env.DATABASE_URL) {
  const url = process.env.DATABASE_URL;
  storages.push(() => postgresStorage(url));
}

const ISSUER = '57246542-96fe-1a63-e053-0824d011072a';

for (const open of storages) {
  describe('guildhall store app-store', () => {
    let storage: CliStorage;
    const env = { GUILDHALL_SECRET_KEY: randomBytes(32).toString('hex') };
    const cli = (...args: string[]) => runCli([...args, ...storage.flags], env);
    before(async () => {
      storage = await open();
    });
    after(() => storage.cleanup());

    it('sets, shows and removes the set-up without showing the key back', async () => {
      const app = JSON.parse((await cli('app', 'create', '--name', 'Store CLI', '--json')).stdout);
      const key = join(tmpdir(), `guildhall-p8-${randomBytes(4).toString('hex')}.p8`);
      writeFileSync(
        key,
        generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({
          type: 'pkcs8',
          format: 'pem',
        }),
      );
      const args = ['store', 'app-store', app.id, '--bundle-id', 'com.example.cli'];
      const keyArgs = ['--issuer-id', ISSUER, '--key-id', 'KEY1234567', '--key', key];
      const set = await cli(...args, '--apple-id', '42', ...keyArgs, '--json');
      assert.equal(set.code, 0, set.stderr);
      const view = {
        bundle_id: 'com.example.cli',
        environment: 'production',
        apple_id: 42,
        issuer_id: ISSUER,
        key_id: 'KEY1234567',
        shared_secret_set: false,
      };
      assert.deepEqual(JSON.parse(set.stdout), view);
      const shown = await cli('store', 'app-store', app.id);
      assert.equal(shown.code, 0, shown.stderr);
      assert.match(shown.stdout, /App Store com\.example\.cli \(production\)/);
      assert.doesNotMatch(shown.stdout, /PRIVATE/);

      // Production needs the Apple id; the key flags go together; the key must be a P-256 key.
      const noAppleId = await cli(...args);
      assert.equal(noAppleId.code, 1);
      assert.match(noAppleId.stderr, /apple id: required in production/);
      const half = await cli(...args, '--apple-id', '42', '--key', key);
      assert.equal(half.code, 1);
      assert.match(half.stderr, /go together/);
      writeFileSync(`${key}.bad`, 'not a key');
      const badKey = await cli(
        ...args,
        '--apple-id',
        '42',
        ...keyArgs.slice(0, 4),
        '--key',
        `${key}.bad`,
      );
      assert.equal(badKey.code, 1);
      assert.match(badKey.stderr, /not a PEM private key/);
      const badEnv = await cli(...args, '--environment', 'xcode');
      assert.equal(badEnv.code, 1);
      assert.deepEqual(
        JSON.parse((await cli('store', 'app-store', app.id, '--json')).stdout),
        view,
      );

      const sandbox = await cli(
        ...args,
        '--environment',
        'sandbox',
        '--shared-secret',
        'abc',
        '--json',
      );
      assert.equal(sandbox.code, 0, sandbox.stderr);
      assert.deepEqual(JSON.parse(sandbox.stdout), {
        ...view,
        environment: 'sandbox',
        apple_id: null,
        issuer_id: null,
        key_id: null,
        shared_secret_set: true,
      });
      assert.equal((await cli('store', 'app-store', app.id, '--remove')).code, 0);
      const gone = await cli('store', 'app-store', app.id);
      assert.equal(gone.code, 1);
      assert.match(gone.stderr, /no App Store set-up/);
    });
  });
}
