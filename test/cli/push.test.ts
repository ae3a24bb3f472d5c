import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openGuildhall } from '../../src/guildhall.js';
import type { GuildhallOptions } from '../../src/guildhall.js';
import type { CliStorage } from '../helpers/cli.js';
import { postgresStorage, runCli, sqliteStorage } from '../helpers/cli.js';
import type { FakeFcm } from '../helpers/fake-fcm.js';
import { FAKE_CLIENT_EMAIL, FAKE_PROJECT_ID, startFakeFcm } from '../helpers/fake-fcm.js';

const storages: (() => Promise<CliStorage>)[] = [() => Promise.resolve(sqliteStorage())];
if (process.env.DATABASE_URL) {
  const url = process.env.DATABASE_URL;
  storages.push(() => postgresStorage(url));
}

/** The platform a CLI storage's flags point at, opened in this process. */
function optionsOf(storage: CliStorage, secretKey: Buffer): GuildhallOptions {
  const [flag, value] = storage.flags;
  return flag === '--data-dir'
    ? { sqliteFile: join(value ?? '', 'guildhall.sqlite'), secretKey, rebuild: 'never' }
    : { databaseUrl: value, secretKey, rebuild: 'never' };
}

let fcm: FakeFcm;
before(async () => {
  fcm = await startFakeFcm();
});
after(() => fcm.close());

for (const open of storages) {
  describe('guildhall push commands', () => {
    let storage: CliStorage;
    const secretKey = randomBytes(32);
    const env = { GUILDHALL_SECRET_KEY: secretKey.toString('hex') };
    const cli = (...args: string[]) => runCli([...args, ...storage.flags], env);
    before(async () => {
      storage = await open();
    });
    after(() => storage.cleanup());

    it('stores FCM credentials, lists and shows push jobs', async () => {
      const app = JSON.parse((await cli('app', 'create', '--name', 'Push CLI', '--json')).stdout);
      const file = join(tmpdir(), `guildhall-sa-${randomBytes(4).toString('hex')}.json`);
      writeFileSync(file, fcm.serviceAccountJson());
      const stored = await cli('push', 'fcm-credentials', app.id, file, '--json');
      assert.equal(stored.code, 0, stored.stderr);
      assert.deepEqual(JSON.parse(stored.stdout), {
        project_id: FAKE_PROJECT_ID,
        client_email: FAKE_CLIENT_EMAIL,
      });
      const badFile = `${file}.bad`;
      writeFileSync(badFile, '{"type":"service_account"}');
      const bad = await cli('push', 'fcm-credentials', app.id, badFile);
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /Not a usable service account key/);

      assert.deepEqual(JSON.parse((await cli('push', 'jobs', app.id, '--json')).stdout), []);

      const guildhall = await openGuildhall(optionsOf(storage, secretKey));
      let jobId: number;
      try {
        const appRecord = await guildhall.apps.get(app.id);
        // The stored account is the one the command was given, and msg/one-style pushes use it.
        assert.equal(
          (await guildhall.messaging.push.fcmServiceAccount(app.id))?.projectId,
          FAKE_PROJECT_ID,
        );
        const job = await guildhall.messaging.push.send({
          appId: appRecord.id,
          platform: 'ios',
          message: { aps: { alert: 'from the CLI test' } },
          target: { kind: 'tag', values: ['vip'] },
        });
        jobId = job.id;
      } finally {
        await guildhall.close();
      }

      const jobs = JSON.parse((await cli('push', 'jobs', app.id, '--json')).stdout);
      assert.equal(jobs.length, 1);
      assert.deepEqual(
        [jobs[0].id, jobs[0].platform, jobs[0].status, jobs[0].target],
        [jobId, 'ios', 'pending', { kind: 'tag', values: ['vip'] }],
      );
      const listed = await cli('push', 'jobs', app.id);
      assert.match(
        listed.stdout,
        new RegExp(`${jobId}\\s+ios\\s+pending\\s+sent 0 failed 0 invalid 0`),
      );

      const shown = await cli('push', 'show', String(jobId), '--json');
      assert.equal(shown.code, 0, shown.stderr);
      const detail = JSON.parse(shown.stdout);
      assert.deepEqual(
        [detail.id, detail.message, detail.results, detail.attempts],
        [jobId, { aps: { alert: 'from the CLI test' } }, [], []],
      );
      const text = await cli('push', 'show', String(jobId));
      assert.match(text.stdout, /target\s+tag vip/);
      assert.match(text.stdout, /"alert":"from the CLI test"/);

      const unknown = await cli('push', 'show', '999999');
      assert.equal(unknown.code, 1);
      assert.match(unknown.stderr, /no push job 999999/);
    });
  });
}
