import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import type { App, ApnsEnvironment, NotifySignType } from '../core/apps/types.js';
import { adminApp } from '../protocols/native/admin.js';
import { NOTIFY_SIGNATURE_ALGORITHMS, notifyPublicKey } from '../protocols/native/admin-orders.js';
import type { ConfigFlags } from '../config.js';
import { withGuildhall, withStorageFlags } from './context.js';

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
  console.log(`  msdk qq appid    ${view.msdk.qq_appid} (guest ${view.msdk.guest_appid})`);
  console.log(`  msdk wx appid    ${view.msdk.wx_appid}`);
  console.log(`  msdk appkey      ${view.msdk.appkey}`);
  console.log(`  msdk msdkkey     ${view.msdk.msdkkey}`);
  console.log(`  nearby radius    ${view.settings.nearby_radius_m} m`);
  console.log(
    `  emotion          ${view.settings.emotion ? `${view.settings.emotion.id} (${view.settings.emotion.name})` : 'not configured'}`,
  );
  const onOff = (on: boolean) => (on ? 'on' : 'off');
  const signType = view.settings.momo_notify_sign_type;
  console.log(`  sandbox          ${onOff(view.settings.sandbox)}`);
  console.log(`  momo notify url  ${view.settings.momo_notify_url ?? 'not configured'}`);
  console.log(`  notify sign type ${signType} (${NOTIFY_SIGNATURE_ALGORITHMS[signType]})`);
  console.log(`  bill export      ${onOff(view.settings.bill_export)}`);
  console.log(`  timezone         ${view.settings.timezone}`);
  console.log(`  apns environment ${view.settings.apns_environment}`);
  const window = view.settings.msdk_timestamp_window_sec;
  console.log(`  msdk timestamp   ${window === null ? 'not checked' : `within ${window} s`}`);
}

function booleanValue(value: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new InvalidArgumentError('expected true or false');
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new InvalidArgumentError(`not a positive integer: ${value}`);
  return n;
}

/** Seconds, or 0 for off (commander cannot carry a null). */
function secondsOrOff(value: string): number {
  return value === 'off' ? 0 : positiveInt(value);
}

export function registerAppCommands(program: Command): void {
  const apps = program.command('app').description('manage the apps (games) this platform serves');

  withStorageFlags(apps.command('create'))
    .description('create an app with fresh credentials')
    .requiredOption('--name <name>', 'display name')
    .option('--sandbox', 'sandbox mode: clients may complete sandbox orders themselves')
    .option('--json', 'print one JSON object')
    .action((flags: Flags & { name: string; sandbox?: boolean }) =>
      withGuildhall(flags, async (guildhall) =>
        print(
          await guildhall.apps.create(flags.name, flags.sandbox ? { sandbox: true } : {}),
          flags.json,
        ),
      ),
    );

  withStorageFlags(apps.command('list'))
    .description('list apps')
    .option('--json', 'print a JSON array')
    .action((flags: Flags) =>
      withGuildhall(flags, async (guildhall) => {
        const list = await guildhall.apps.list();
        if (flags.json) console.log(JSON.stringify(list.map(adminApp)));
        else for (const app of list) console.log(`${app.id}  ${app.momo.appid}  ${app.name}`);
      }),
    );

  withStorageFlags(apps.command('show'))
    .description('show one app with its credentials and settings')
    .argument('<id>', 'app id')
    .option('--json', 'print one JSON object')
    .action((id: string, flags: Flags) =>
      withGuildhall(flags, async (guildhall) => print(await guildhall.apps.get(id), flags.json)),
    );

  withStorageFlags(apps.command('update'))
    .description("change an app's name or settings")
    .argument('<id>', 'app id')
    .option('--name <name>', 'display name')
    .option('--nearby-radius <metres>', 'radius of the nearby leaderboard', positiveInt)
    .option('--emotion <id:name>', 'the emotion the game may present, as id:name')
    .option('--no-emotion', 'remove the emotion configuration')
    .option('--sandbox <true|false>', 'sandbox mode: clients pay sandbox orders', booleanValue)
    .option('--momo-notify-url <url|none>', 'where Momo pay notifications go; none: nowhere')
    .addOption(
      new Option('--momo-notify-sign-type <type>', 'encrypt_type of pay notifications').choices([
        'RSA',
        'RSA2',
      ]),
    )
    .option('--bill-export <true|false>', 'let the game download daily bills', booleanValue)
    .option('--timezone <zone>', "IANA time zone of the app's business day")
    .addOption(
      new Option('--apns-environment <env>', 'APNs of the push certificate').choices([
        'production',
        'sandbox',
      ]),
    )
    .option(
      '--msdk-timestamp-window <seconds|off>',
      'how far an MSDK timestamp may be from now; off: not checked',
      secondsOrOff,
    )
    .option('--json', 'print one JSON object')
    .action(
      (
        id: string,
        flags: Flags & {
          name?: string;
          nearbyRadius?: number;
          emotion?: string | false;
          sandbox?: boolean;
          momoNotifyUrl?: string;
          momoNotifySignType?: NotifySignType;
          billExport?: boolean;
          timezone?: string;
          apnsEnvironment?: ApnsEnvironment;
          msdkTimestampWindow?: number;
        },
      ) =>
        withGuildhall(flags, async (guildhall) => {
          const emotion =
            flags.emotion === undefined
              ? undefined
              : flags.emotion === false
                ? null
                : {
                    id: flags.emotion.split(':')[0] ?? '',
                    name: flags.emotion.split(':').slice(1).join(':'),
                  };
          const updated = await guildhall.apps.update(id, {
            name: flags.name,
            settings: {
              ...(flags.nearbyRadius !== undefined && { nearbyRadiusM: flags.nearbyRadius }),
              ...(emotion !== undefined && { emotion }),
              ...(flags.sandbox !== undefined && { sandbox: flags.sandbox }),
              ...(flags.momoNotifyUrl !== undefined && {
                momoNotifyUrl: flags.momoNotifyUrl === 'none' ? null : flags.momoNotifyUrl,
              }),
              ...(flags.momoNotifySignType !== undefined && {
                momoNotifySignType: flags.momoNotifySignType,
              }),
              ...(flags.billExport !== undefined && { billExport: flags.billExport }),
              ...(flags.timezone !== undefined && { timezone: flags.timezone }),
              ...(flags.apnsEnvironment !== undefined && {
                apnsEnvironment: flags.apnsEnvironment,
              }),
              ...(flags.msdkTimestampWindow !== undefined && {
                msdkTimestampWindowSec: flags.msdkTimestampWindow || null,
              }),
            },
          });
          print(updated, flags.json);
        }),
    );

  withStorageFlags(apps.command('public-key'))
    .description('print the PEM public key that verifies Momo pay notifications (encrypted)')
    .argument('<id>', 'app id')
    .action((id: string, flags: Flags) =>
      withGuildhall(flags, async (guildhall) => {
        process.stdout.write((await notifyPublicKey(guildhall, id)).public_key);
      }),
    );

  withStorageFlags(apps.command('rotate-secret'))
    .description('replace the app secret (the old one stops working)')
    .argument('<id>', 'app id')
    .option('--json', 'print one JSON object')
    .action((id: string, flags: Flags) =>
      withGuildhall(flags, async (guildhall) =>
        print(await guildhall.apps.rotateSecret(id), flags.json),
      ),
    );
}
