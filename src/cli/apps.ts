import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import type { AppConfigDeclaration } from '../core/apps/declarations.js';
import type { DialectSettingChanges } from '../core/apps/service.js';
import type { App, ApnsEnvironment } from '../core/apps/types.js';
import { adminAppView, dialectCredentialsView } from '../protocols/native/admin.js';
import type { ConfigFlags } from '../config.js';
import type { Guildhall } from '../guildhall.js';
import { APP_CONFIGS } from '../guildhall.js';
import type { IdentityFlags } from './identity-flags.js';
import {
  identityLines,
  identitySettings,
  saveFacebookSecret,
  withIdentityFlags,
} from './identity-flags.js';
import { withGuildhall, withStorageFlags } from './context.js';

type Flags = ConfigFlags & { json?: boolean };

/** `  label            value`, as `app show` aligns its lines. */
const line = (label: string, value: string) => `  ${label.padEnd(16)} ${value}`;

/** Every dialect's credentials (and the values derived from them), one line each. */
export function credentialLines(app: App, declarations: readonly AppConfigDeclaration[]): string[] {
  return declarations.flatMap((declaration) => {
    const fields = [...declaration.credentials, ...(declaration.derived ?? [])];
    return Object.entries(dialectCredentialsView(app, declaration, true)).map(([name, value]) => {
      const label = fields.find((f) => f.name === name)?.label ?? name;
      return line(`${declaration.dialect} ${label}`, value);
    });
  });
}

/** The app's first appid callers name it by (the first dialect's first lookup credential). */
function firstAppid(app: App, declarations: readonly AppConfigDeclaration[]): string {
  for (const { dialect, credentials } of declarations) {
    const lookup = credentials.find((field) => field.lookup);
    if (lookup) return app.credentials[dialect]?.[lookup.name] ?? '-';
  }
  return '-';
}

async function print(guildhall: Guildhall, app: App, json?: boolean): Promise<void> {
  const { declarations } = guildhall.apps;
  // The CLI holds the database and the server key: it shows the secrets in full.
  const view = await adminAppView(guildhall, app, { reveal: true });
  if (json) {
    console.log(JSON.stringify(view));
    return;
  }
  const { settings } = app;
  const onOff = (on: boolean) => (on ? 'on' : 'off');
  const emotion = settings.emotion;
  const lines = [
    `${app.id}  ${app.name}`,
    ...credentialLines(app, declarations),
    line('nearby radius', `${settings.nearbyRadiusM} m`),
    line('emotion', emotion ? `${emotion.id} (${emotion.name})` : 'not configured'),
    line('sandbox', onOff(settings.sandbox)),
    line('bill export', onOff(settings.billExport)),
    line('timezone', settings.timezone),
    line('apns environment', settings.apnsEnvironment),
    ...identityLines(settings, view.settings.facebook_app_secret_set).map(([label, value]) =>
      line(label, value),
    ),
    ...declarations.flatMap((declaration) =>
      declaration.settings.map((setting) =>
        line(setting.label, setting.show(app.dialectSettings[declaration.dialect]?.[setting.name])),
      ),
    ),
  ];
  for (const text of lines) console.log(text);
}

/**
 * A dialect setting's `app update` flag: its declaration's parse, its errors as commander's, its
 * value boxed (commander would turn a null, e.g. `none`, into true).
 */
function settingOption(spec: string, description: string, parse: (text: string) => unknown) {
  return new Option(spec, description).argParser((text: string) => {
    try {
      return { value: parse(text) };
    } catch (error) {
      throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
    }
  });
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

/** The dialect settings the flags of `app update` change. */
function dialectChanges(
  options: readonly (readonly [dialect: string, setting: string, attribute: string])[],
  flags: Record<string, unknown>,
): DialectSettingChanges {
  const changes: Record<string, Record<string, unknown>> = {};
  for (const [dialect, setting, attribute] of options) {
    const given = flags[attribute] as { value: unknown } | undefined;
    if (given !== undefined) (changes[dialect] ??= {})[setting] = given.value;
  }
  return changes;
}

export function registerAppCommands(program: Command): void {
  const apps = program.command('app').description('manage the apps (games) this platform serves');

  withIdentityFlags(
    withStorageFlags(apps.command('create'))
      .description('create an app with fresh credentials')
      .requiredOption('--name <name>', 'display name')
      .option('--sandbox', 'sandbox mode: clients may complete sandbox orders themselves')
      .option('--json', 'print one JSON object'),
  ).action((flags: Flags & IdentityFlags & { name: string; sandbox?: boolean }) =>
    withGuildhall(flags, async (guildhall) => {
      const app = await guildhall.apps.create(flags.name, {
        ...(flags.sandbox && { sandbox: true }),
        ...identitySettings(flags),
      });
      await saveFacebookSecret(guildhall, app.id, flags);
      await print(guildhall, app, flags.json);
    }),
  );

  withStorageFlags(apps.command('list'))
    .description('list apps')
    .option('--json', 'print a JSON array')
    .action((flags: Flags) =>
      withGuildhall(flags, async (guildhall) => {
        const list = await guildhall.apps.list();
        if (flags.json)
          console.log(
            JSON.stringify(
              await Promise.all(list.map((app) => adminAppView(guildhall, app, { reveal: true }))),
            ),
          );
        else
          for (const app of list)
            console.log(`${app.id}  ${firstAppid(app, guildhall.apps.declarations)}  ${app.name}`);
      }),
    );

  withStorageFlags(apps.command('show'))
    .description('show one app with its credentials and settings')
    .argument('<id>', 'app id')
    .option('--json', 'print one JSON object')
    .action((id: string, flags: Flags) =>
      withGuildhall(flags, async (guildhall) =>
        print(guildhall, await guildhall.apps.get(id), flags.json),
      ),
    );

  const update = withStorageFlags(apps.command('update'))
    .description("change an app's name or settings")
    .argument('<id>', 'app id')
    .option('--name <name>', 'display name')
    .option('--nearby-radius <metres>', 'radius of the nearby leaderboard', positiveInt)
    .option('--emotion <id:name>', 'the emotion the game may present, as id:name')
    .option('--no-emotion', 'remove the emotion configuration')
    .option('--sandbox <true|false>', 'sandbox mode: clients pay sandbox orders', booleanValue)
    .option('--bill-export <true|false>', 'let the game download daily bills', booleanValue)
    .option('--timezone <zone>', "IANA time zone of the app's business day")
    .addOption(
      new Option('--apns-environment <env>', 'APNs of the push certificate').choices([
        'production',
        'sandbox',
      ]),
    )
    .option('--json', 'print one JSON object');
  withIdentityFlags(update);
  // Each dialect's settings, as its declaration spells the flag: [dialect, setting, option].
  const dialectOptions = APP_CONFIGS.flatMap((declaration) =>
    declaration.settings.map((setting) => {
      const { spec, description, parse } = setting.flag;
      const option = settingOption(spec, description, parse);
      update.addOption(option);
      return [declaration.dialect, setting.name, option.attributeName()] as const;
    }),
  );
  update.action(
    (
      id: string,
      flags: Flags &
        IdentityFlags & {
          name?: string;
          nearbyRadius?: number;
          emotion?: string | false;
          sandbox?: boolean;
          billExport?: boolean;
          timezone?: string;
          apnsEnvironment?: ApnsEnvironment;
        } & Record<string, unknown>,
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
            ...(flags.billExport !== undefined && { billExport: flags.billExport }),
            ...(flags.timezone !== undefined && { timezone: flags.timezone }),
            ...(flags.apnsEnvironment !== undefined && {
              apnsEnvironment: flags.apnsEnvironment,
            }),
            ...identitySettings(flags),
          },
          dialectSettings: dialectChanges(dialectOptions, flags),
        });
        await saveFacebookSecret(guildhall, id, flags);
        await print(guildhall, updated, flags.json);
      }),
  );

  withStorageFlags(apps.command('public-key'))
    .description('print the PEM public key that verifies Momo pay notifications (encrypted)')
    .argument('<id>', 'app id')
    .action((id: string, flags: Flags) =>
      withGuildhall(flags, async (guildhall) => {
        const app = await guildhall.apps.get(id);
        process.stdout.write(await guildhall.appSecrets.notifyPublicKey(app.id));
      }),
    );

  withStorageFlags(apps.command('rotate-secret'))
    .description("replace a dialect's secrets, by default Momo's app_secret (the old stop working)")
    .argument('<id>', 'app id')
    .option('--dialect <name>', 'whose secret credentials', 'momo')
    .option('--json', 'print one JSON object')
    .action((id: string, flags: Flags & { dialect: string }) =>
      withGuildhall(flags, async (guildhall) =>
        print(guildhall, await guildhall.apps.rotateSecret(id, flags.dialect), flags.json),
      ),
    );
}
