import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import type { ConfigFlags } from '../config.js';
import { fail } from '../core/errors.js';
import { APP_STORE_ENVIRONMENTS, appStoreSetupView } from '../core/payments/app-store-setup.js';
import { appStoreSetupJson } from '../protocols/native/admin-app-store.js';
import { withGuildhall, withStorageFlags } from './context.js';

type Flags = ConfigFlags & {
  bundleId?: string;
  environment?: 'production' | 'sandbox';
  appleId?: number;
  issuerId?: string;
  keyId?: string;
  key?: string;
  sharedSecret?: string;
  remove?: boolean;
  json?: boolean;
};

function appleId(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('a positive whole number');
  return n;
}

/** `store app-store`, under the `store` command group. */
export function registerAppStoreCommands(store: Command): void {
  withStorageFlags(store.command('app-store'))
    .description(
      "set an app's App Store set-up (replacing the previous one), show it, or remove it",
    )
    .argument('<app_id>', 'app id')
    .option('--bundle-id <id>', 'the bundle id of the iOS app (sets the set-up)')
    .addOption(
      new Option('--environment <env>', 'the environment whose purchases count')
        .choices(APP_STORE_ENVIRONMENTS)
        .default('production'),
    )
    .option(
      '--apple-id <n>',
      "the app's Apple id (App Store Connect, required in production)",
      appleId,
    )
    .option('--issuer-id <uuid>', 'issuer id of the In-App Purchase key')
    .option('--key-id <id>', 'key id of the In-App Purchase key')
    .option('--key <file>', 'the In-App Purchase key (.p8 file)')
    .option('--shared-secret <secret>', 'the app-specific shared secret (legacy receipts)')
    .option('--remove', 'forget the set-up')
    .option('--json', 'print one JSON object')
    .action((appId: string, flags: Flags) =>
      withGuildhall(flags, async (guildhall) => {
        const app = await guildhall.apps.get(appId);
        const setups = guildhall.appStoreSetups;
        if (flags.remove) {
          if (!(await setups.remove(app.id))) fail('not_found', 'the app has no App Store set-up');
          console.log(flags.json ? '{}' : `${app.id}: App Store set-up removed`);
          return;
        }
        let view;
        if (flags.bundleId === undefined) {
          const setup =
            (await setups.get(app.id)) ?? fail('not_found', 'the app has no App Store set-up');
          view = appStoreSetupView(setup);
        } else {
          const keyParts = [flags.issuerId, flags.keyId, flags.key];
          if (keyParts.some((part) => part !== undefined) && keyParts.includes(undefined)) {
            fail('invalid_argument', '--issuer-id, --key-id and --key go together');
          }
          view = await setups.put(app.id, {
            bundleId: flags.bundleId,
            environment: flags.environment ?? 'production',
            appAppleId: flags.appleId ?? null,
            apiKey:
              flags.key === undefined
                ? null
                : {
                    issuerId: flags.issuerId ?? '',
                    keyId: flags.keyId ?? '',
                    privateKey: await readFile(flags.key, 'utf8'),
                  },
            sharedSecret: flags.sharedSecret ?? null,
          });
        }
        const json = appStoreSetupJson(view);
        if (flags.json) {
          console.log(JSON.stringify(json));
          return;
        }
        console.log(`${app.id}: App Store ${json.bundle_id} (${json.environment})`);
        console.log(`  apple id       ${json.apple_id ?? '-'}`);
        console.log(`  issuer id      ${json.issuer_id ?? '-'}`);
        console.log(`  key id         ${json.key_id ?? '-'}`);
        console.log(`  shared secret  ${json.shared_secret_set ? 'set' : '-'}`);
      }),
    );
}
