import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { CliStorage } from '../helpers/cli.js';
import { postgresStorage, runCli, sqliteStorage } from '../helpers/cli.js';

const storages: (() => Promise<CliStorage>)[] = [() => Promise.resolve(sqliteStorage())];
if (process.env.DATABASE_URL) {
  const url = process.env.DATABASE_URL;
  storages.push(() => postgresStorage(url));
}

for (const open of storages) {
  describe('guildhall app commands', () => {
    let storage: CliStorage;
    before(async () => {
      storage = await open();
    });
    after(() => storage.cleanup());

    it('migrates, creates, lists, shows, updates and rotates an app', async () => {
      const migrate = await runCli(['migrate', ...storage.flags]);
      assert.equal(migrate.code, 0, migrate.stderr);
      assert.match(migrate.stdout, /migrations up to date/);

      const created = await runCli([
        'app',
        'create',
        '--name',
        'Tecnofut',
        '--json',
        ...storage.flags,
      ]);
      assert.equal(created.code, 0, created.stderr);
      const app = JSON.parse(created.stdout);
      assert.match(app.id, /^app_/);
      assert.equal(app.name, 'Tecnofut');
      assert.match(app.momo.appid, /^mm_/);
      assert.match(app.momo.app_secret, /^[0-9a-f]{32}$/);
      assert.match(app.msdk.qq_appid, /^[1-9]\d{9}$/);
      assert.match(app.msdk.wx_appid, /^wx[0-9a-f]{16}$/);
      assert.equal(app.msdk.guest_appid, `G_${app.msdk.qq_appid}`);
      assert.match(app.msdk.appkey, /^[0-9a-f]{32}$/);
      assert.match(app.msdk.msdkkey, /^[0-9a-f]{32}$/);
      assert.notEqual(app.msdk.appkey, app.msdk.msdkkey);
      assert.match(app.xcloud.gid, /^[1-9]\d{5,9}$/);
      assert.match(app.xcloud.app_id, /^xc[a-z2-9]{10}$/);
      assert.match(app.xcloud.key, /^[0-9a-f]{32}$/);

      const list = await runCli(['app', 'list', '--json', ...storage.flags]);
      assert.deepEqual(
        JSON.parse(list.stdout).map((a: any) => a.id),
        [app.id],
      );
      const plainList = await runCli(['app', 'list', ...storage.flags]);
      assert.match(plainList.stdout, new RegExp(`${app.id}\\s+${app.momo.appid}\\s+Tecnofut`));

      const show = await runCli(['app', 'show', app.id, ...storage.flags]);
      assert.match(show.stdout, new RegExp(app.momo.app_secret));

      const updated = await runCli([
        'app',
        'update',
        app.id,
        '--name',
        'Tecnofut 2',
        '--nearby-radius',
        '5000',
        '--emotion',
        'e1:笑脸',
        '--json',
        ...storage.flags,
      ]);
      assert.equal(updated.code, 0, updated.stderr);
      const view = JSON.parse(updated.stdout);
      assert.equal(view.name, 'Tecnofut 2');
      assert.equal(view.settings.nearby_radius_m, 5000);
      assert.deepEqual(view.settings.emotion, { id: 'e1', name: '笑脸' });
      const cleared = JSON.parse(
        (await runCli(['app', 'update', app.id, '--no-emotion', '--json', ...storage.flags]))
          .stdout,
      );
      assert.equal(cleared.settings.emotion, null);
      assert.equal(cleared.settings.nearby_radius_m, 5000);

      const rotated = JSON.parse(
        (await runCli(['app', 'rotate-secret', app.id, '--json', ...storage.flags])).stdout,
      );
      assert.notEqual(rotated.momo.app_secret, app.momo.app_secret);
      assert.equal(rotated.momo.appid, app.momo.appid);
    });

    it('sets payment settings, validates them, and prints the notify public key', async () => {
      // A fixed server key: the PostgreSQL runs would otherwise keep one in the working directory.
      const env = { GUILDHALL_SECRET_KEY: 'ab'.repeat(32) };
      const cli = (...args: string[]) => runCli([...args, ...storage.flags], env);
      const created = await cli('app', 'create', '--name', 'Sandbox Shop', '--sandbox', '--json');
      assert.equal(created.code, 0, created.stderr);
      const app = JSON.parse(created.stdout);
      assert.equal(app.settings.sandbox, true);
      assert.equal(app.settings.momo_notify_url, null);

      const updated = await cli(
        'app',
        'update',
        app.id,
        '--sandbox',
        'false',
        '--momo-notify-url',
        'https://game.example.com/notify',
        '--momo-notify-sign-type',
        'RSA2',
        '--bill-export',
        'true',
        '--timezone',
        'UTC',
        '--apns-environment',
        'sandbox',
        '--msdk-timestamp-window',
        '300',
        '--xcloud-time-window',
        'off',
        '--xcloud-landing-callback-url',
        'https://game.example.com/landed',
        '--xcloud-reward-url',
        'https://game.example.com/reward',
        '--xcloud-refund-url',
        'https://game.example.com/refund',
        '--json',
      );
      assert.equal(updated.code, 0, updated.stderr);
      assert.deepEqual(JSON.parse(updated.stdout).settings, {
        nearby_radius_m: 10_000,
        emotion: null,
        sandbox: false,
        momo_notify_url: 'https://game.example.com/notify',
        momo_notify_sign_type: 'RSA2',
        bill_export: true,
        timezone: 'UTC',
        apns_environment: 'sandbox',
        msdk_timestamp_window_sec: 300,
        xcloud_time_window_sec: null,
        xcloud_landing_callback_url: 'https://game.example.com/landed',
        xcloud_reward_url: 'https://game.example.com/reward',
        xcloud_refund_url: 'https://game.example.com/refund',
        facebook_app_id: null,
        facebook_app_secret_set: false,
        google_client_ids: [],
        apple_client_ids: [],
      });
      const show = await cli('app', 'show', app.id);
      assert.match(show.stdout, /sandbox\s+off/);
      assert.match(show.stdout, /momo notify url\s+https:\/\/game\.example\.com\/notify/);
      assert.match(show.stdout, /notify sign type\s+RSA2 \(SHA256withRSA\)/);
      assert.match(show.stdout, /bill export\s+on/);
      assert.match(show.stdout, /timezone\s+UTC/);
      assert.match(show.stdout, /apns environment\s+sandbox/);
      assert.match(show.stdout, /msdk timestamp\s+within 300 s/);
      assert.match(show.stdout, /xcloud time\s+not checked/);
      assert.match(show.stdout, /xcloud landing callback\s+https:\/\/game\.example\.com\/landed/);
      const off = await cli('app', 'update', app.id, '--msdk-timestamp-window', 'off', '--json');
      assert.equal(JSON.parse(off.stdout).settings.msdk_timestamp_window_sec, null);
      const none = await cli('app', 'update', app.id, '--momo-notify-url', 'none', '--json');
      assert.equal(JSON.parse(none.stdout).settings.momo_notify_url, null);
      assert.match((await cli('app', 'show', app.id)).stdout, /momo notify url\s+not configured/);

      const bad: [string[], RegExp][] = [
        [['--sandbox', 'maybe'], /true or false/],
        [['--bill-export', 'yes'], /true or false/],
        [['--momo-notify-sign-type', 'RSA3'], /RSA, RSA2/],
        [['--apns-environment', 'development'], /production, sandbox/],
        [['--timezone', 'Mars/Olympus_Mons'], /unknown time zone Mars\/Olympus_Mons/],
        [['--momo-notify-url', 'ftp://game.example.com'], /http/],
        [['--msdk-timestamp-window', '-5'], /positive integer/],
      ];
      for (const [flags, message] of bad) {
        const refused = await cli('app', 'update', app.id, ...flags);
        assert.equal(refused.code, 1, flags.join(' '));
        assert.match(refused.stderr, message);
      }
      const unchanged = JSON.parse((await cli('app', 'show', app.id, '--json')).stdout);
      assert.equal(unchanged.settings.timezone, 'UTC');
      assert.equal(unchanged.settings.momo_notify_sign_type, 'RSA2');

      const key = await cli('app', 'public-key', app.id);
      assert.equal(key.code, 0, key.stderr);
      assert.match(
        key.stdout,
        /^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+-----END PUBLIC KEY-----\n$/,
      );
      assert.equal(createPublicKey(key.stdout).asymmetricKeyDetails?.modulusLength, 2048);
      assert.equal((await cli('app', 'public-key', app.id)).stdout, key.stdout);
      const missing = await cli('app', 'public-key', 'app_nope');
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /no app app_nope/);
    });

    it('configures identity providers at create and update; shows the secret only as set', async () => {
      const env = { GUILDHALL_SECRET_KEY: 'cd'.repeat(32) };
      const cli = (...args: string[]) => runCli([...args, ...storage.flags], env);
      const created = await cli(
        'app',
        'create',
        '--name',
        'Identity Shop',
        '--facebook-app-id',
        '1001',
        '--facebook-app-secret',
        'fb-secret-value',
        '--google-client-ids',
        'a.apps.googleusercontent.com, b.apps.googleusercontent.com',
        '--json',
      );
      assert.equal(created.code, 0, created.stderr);
      const app = JSON.parse(created.stdout);
      assert.equal(app.settings.facebook_app_id, '1001');
      assert.equal(app.settings.facebook_app_secret_set, true);
      assert.deepEqual(app.settings.google_client_ids, [
        'a.apps.googleusercontent.com',
        'b.apps.googleusercontent.com',
      ]);
      assert.deepEqual(app.settings.apple_client_ids, []);
      assert.ok(!created.stdout.includes('fb-secret-value'));
      const show = await cli('app', 'show', app.id);
      assert.match(show.stdout, /facebook app id\s+1001/);
      assert.match(show.stdout, /facebook secret\s+set/);
      assert.match(show.stdout, /google clients\s+a\.apps\.googleusercontent\.com, b\./);
      assert.match(show.stdout, /apple clients\s+not configured/);
      assert.ok(!show.stdout.includes('fb-secret-value'));

      const updated = await cli(
        'app',
        'update',
        app.id,
        '--facebook-app-secret',
        'none',
        '--facebook-app-id',
        'none',
        '--google-client-ids',
        'none',
        '--apple-client-ids',
        'com.example.shop',
        '--json',
      );
      assert.equal(updated.code, 0, updated.stderr);
      const settings = JSON.parse(updated.stdout).settings;
      assert.equal(settings.facebook_app_id, null);
      assert.equal(settings.facebook_app_secret_set, false);
      assert.deepEqual(settings.google_client_ids, []);
      assert.deepEqual(settings.apple_client_ids, ['com.example.shop']);
    });

    it('rebuilds the rank index on demand', async () => {
      const rebuilt = await runCli(['rank', 'rebuild', ...storage.flags]);
      assert.equal(rebuilt.code, 0, rebuilt.stderr);
      assert.match(rebuilt.stdout + rebuilt.stderr, /rank index rebuilt/);
    });

    it('fails clearly on an unknown app or a bad flag', async () => {
      const missing = await runCli(['app', 'show', 'app_nope', ...storage.flags]);
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /no app app_nope/);
      const badRadius = await runCli([
        'app',
        'update',
        'app_nope',
        '--nearby-radius',
        '-3',
        ...storage.flags,
      ]);
      assert.notEqual(badRadius.code, 0);
      const noName = await runCli(['app', 'create', ...storage.flags]);
      assert.notEqual(noName.code, 0);
      assert.match(noName.stderr, /--name/);
    });
  });
}
