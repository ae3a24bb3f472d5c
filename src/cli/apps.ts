import type { Command } from 'commander';
import type { App } from '../core/apps/types.js';
import { adminApp } from '../protocols/native/admin.js';
import type { ConfigFlags } from '../config.js';
import { withPlatform, withStorageFlags } from './context.js';

type Flags = ConfigFlags & { json?: boolean };

function print(app: App, json: boolean | undefined): void {
  const view = adminApp(app);
  if (json) {
    console.log(JSON.stringify(view));
    return;
  }
  console.log(`${view.id}  ${view.name}`);
  console.log(`  momo appid       ${view.momo.appid}`);
  console.log(`  momo app_secret  ${view.momo.app_secret}`);
  console.log(`  nearby radius    ${view.settings.nearby_radius_m} m`);
  console.log(
    `  emotion          ${view.settings.emotion ? `${view.settings.emotion.id} (${view.settings.emotion.name})` : 'not configured'}`,
  );
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`not a positive integer: ${value}`);
  return n;
}

export function registerAppCommands(program: Command): void {
  const apps = program.command('app').description('manage the apps (games) this platform serves');

  withStorageFlags(apps.command('create'))
    .description('create an app with fresh credentials')
    .requiredOption('--name <name>', 'display name')
    .option('--json', 'print one JSON object')
    .action((flags: Flags & { name: string }) =>
      withPlatform(flags, async (platform) =>
        print(await platform.apps.create(flags.name), flags.json),
      ),
    );

  withStorageFlags(apps.command('list'))
    .description('list apps')
    .option('--json', 'print a JSON array')
    .action((flags: Flags) =>
      withPlatform(flags, async (platform) => {
        const list = await platform.apps.list();
        if (flags.json) console.log(JSON.stringify(list.map(adminApp)));
        else for (const app of list) console.log(`${app.id}  ${app.momo.appid}  ${app.name}`);
      }),
    );

  withStorageFlags(apps.command('show'))
    .description('show one app with its credentials and settings')
    .argument('<id>', 'app id')
    .option('--json', 'print one JSON object')
    .action((id: string, flags: Flags) =>
      withPlatform(flags, async (platform) => print(await platform.apps.get(id), flags.json)),
    );

  withStorageFlags(apps.command('update'))
    .description("change an app's name or settings")
    .argument('<id>', 'app id')
    .option('--name <name>', 'display name')
    .option('--nearby-radius <metres>', 'radius of the nearby leaderboard', positiveInt)
    .option('--emotion <id:name>', 'the emotion the game may present, as id:name')
    .option('--no-emotion', 'remove the emotion configuration')
    .option('--json', 'print one JSON object')
    .action(
      (
        id: string,
        flags: Flags & { name?: string; nearbyRadius?: number; emotion?: string | false },
      ) =>
        withPlatform(flags, async (platform) => {
          const emotion =
            flags.emotion === undefined
              ? undefined
              : flags.emotion === false
                ? null
                : {
                    id: flags.emotion.split(':')[0] ?? '',
                    name: flags.emotion.split(':').slice(1).join(':'),
                  };
          const updated = await platform.apps.update(id, {
            name: flags.name,
            settings: {
              ...(flags.nearbyRadius !== undefined && { nearbyRadiusM: flags.nearbyRadius }),
              ...(emotion !== undefined && { emotion }),
            },
          });
          print(updated, flags.json);
        }),
    );

  withStorageFlags(apps.command('rotate-secret'))
    .description('replace the app secret (the old one stops working)')
    .argument('<id>', 'app id')
    .option('--json', 'print one JSON object')
    .action((id: string, flags: Flags) =>
      withPlatform(flags, async (platform) =>
        print(await platform.apps.rotateSecret(id), flags.json),
      ),
    );
}
