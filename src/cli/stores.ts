import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { ConfigFlags } from '../config.js';
import { googlePlayView } from '../protocols/native/admin-google-play.js';
import { registerAppStoreCommands } from './app-store.js';
import { withGuildhall, withStorageFlags } from './context.js';

type Flags = ConfigFlags & {
  package?: string;
  serviceAccount?: string;
  remove?: boolean;
  json?: boolean;
};

export function registerStoreCommands(program: Command): void {
  const store = program.command('store').description('app store set-up (purchase verification)');
  registerAppStoreCommands(store);

  withStorageFlags(store.command('google-play'))
    .description(
      "set or show an app's Google Play set-up: package name and service-account key file",
    )
    .argument('<app_id>', 'app id')
    .option('--package <name>', 'the Android package name of the game')
    .option('--service-account <file>', 'the service-account key file (JSON) from Google Cloud')
    .option('--remove', 'forget the package name and the key')
    .option('--json', 'print one JSON object')
    .action((appId: string, flags: Flags) =>
      withGuildhall(flags, async (guildhall) => {
        const app = await guildhall.apps.get(appId);
        if (flags.remove) {
          const removed = await guildhall.googlePlay.remove(app.id);
          console.log(
            `${app.id}: ${removed ? 'Google Play set-up removed' : 'no Google Play set-up'}`,
          );
          return;
        }
        const changing = flags.package !== undefined || flags.serviceAccount !== undefined;
        const setup = changing
          ? await guildhall.googlePlay.set(app.id, {
              ...(flags.package !== undefined && { packageName: flags.package }),
              ...(flags.serviceAccount !== undefined && {
                keyFile: await readFile(flags.serviceAccount, 'utf8'),
              }),
            })
          : await guildhall.googlePlay.get(app.id);
        const view = googlePlayView(setup);
        if (flags.json) {
          console.log(JSON.stringify(view));
          return;
        }
        const account = view.service_account;
        console.log(`${app.id}: Google Play`);
        console.log(`  package          ${view.package_name ?? 'not set'}`);
        console.log(
          `  service account  ${account ? `${account.client_email} (project ${account.project_id})` : 'not set'}`,
        );
      }),
    );
}
