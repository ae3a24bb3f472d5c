import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CliStorage } from '../helpers/cli.js';
import { postgresStorage, runCli, sqliteStorage } from '../helpers/cli.js';
import type { FakeGooglePlay } from '../helpers/fake-google-play.js';
import {
  PLAY_CLIENT_EMAIL,
  PLAY_PACKAGE,
  PLAY_PROJECT_ID,
  startFakeGooglePlay,
} from '../helpers/fake-google-play.js';

const storages: (() => Promise<CliStorage>)[] = [() => Promise.resolve(sqliteStorage())];
if (process.env.DATABASE_URL) {
  const url = process.env.DATABASE_URL;
  storages.push(() => postgresStorage(url));
}

let play: FakeGooglePlay;
before(async () => {
  play = await startFakeGooglePlay();
});
after(() => play.close());

for (const open of storages) {
  describe('guildhall store google-play', () => {
    let storage: CliStorage;
    const env = { GUILDHALL_SECRET_KEY: randomBytes(32).toString('hex') };
    const cli = (...args: string[]) => runCli([...args, ...storage.flags], env);
    before(async () => {
      storage = await open();
    });
    after(() => storage.cleanup());

    it('sets, shows and removes the set-up, never printing the key', async () => {
      const app = JSON.parse((await cli('app', 'create', '--name', 'Play CLI', '--json')).stdout);
      const file = join(tmpdir(), `guildhall-play-${randomBytes(4).toString('hex')}.json`);
      writeFileSync(file, play.serviceAccountJson());
      const view = {
        package_name: PLAY_PACKAGE,
        service_account: {
          project_id: PLAY_PROJECT_ID,
          client_email: PLAY_CLIENT_EMAIL,
          private_key_id: 'play-key-1',
        },
      };
      const stored = await cli(
        'store',
        'google-play',
        app.id,
        '--package',
        PLAY_PACKAGE,
        '--service-account',
        file,
        '--json',
      );
      assert.equal(stored.code, 0, stored.stderr);
      assert.deepEqual(JSON.parse(stored.stdout), view);

      const shown = await cli('store', 'google-play', app.id);
      assert.equal(shown.code, 0, shown.stderr);
      assert.match(shown.stdout, new RegExp(`package\\s+${PLAY_PACKAGE}`));
      assert.match(shown.stdout, new RegExp(`service account\\s+${PLAY_CLIENT_EMAIL}`));
      assert.doesNotMatch(shown.stdout, /PRIVATE KEY/);

      const badFile = `${file}.bad`;
      writeFileSync(badFile, '{"type":"service_account"}');
      const bad = await cli('store', 'google-play', app.id, '--service-account', badFile);
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /Not a usable service account key/);
      const badName = await cli('store', 'google-play', app.id, '--package', 'nodots');
      assert.equal(badName.code, 1);
      assert.match(badName.stderr, /not an Android package name/);
      assert.deepEqual(
        JSON.parse((await cli('store', 'google-play', app.id, '--json')).stdout),
        view,
      );

      const removed = await cli('store', 'google-play', app.id, '--remove');
      assert.equal(removed.code, 0, removed.stderr);
      assert.match(removed.stdout, /Google Play set-up removed/);
      const empty = await cli('store', 'google-play', app.id);
      assert.match(empty.stdout, /package\s+not set/);
      assert.match(empty.stdout, /service account\s+not set/);
    });
  });
}
