import type { Command } from 'commander';
import { Option } from 'commander';
import type { ConfigFlags } from '../config.js';
import { CONSOLE_ROLES } from '../core/console/types.js';
import type { ConsoleRole } from '../core/console/types.js';
import type { Random } from '../core/runtime.js';
import { randomId } from '../core/runtime.js';
import { withGuildhall, withStorageFlags } from './context.js';
import { table } from './table.js';

type PasswordFlags = ConfigFlags & { password?: string };

/** The password given, else a new random one that is printed once. */
function chosenPassword(
  flags: PasswordFlags,
  random: Random,
): { password: string; generated: boolean } {
  const given = flags.password ?? process.env.GUILDHALL_CONSOLE_PASSWORD;
  return given
    ? { password: given, generated: false }
    : { password: randomId(random, 20), generated: true };
}

const passwordOption = new Option(
  '--password <password>',
  'the password (GUILDHALL_CONSOLE_PASSWORD; default: a random one, printed once)',
);

const dateTime = (ms: number | null) => (ms ? new Date(ms).toISOString() : '-');

/** `guildhall user ...`: the people who sign in to the web console. */
export function registerConsoleUserCommands(program: Command): void {
  const user = program.command('user').description('console users (web console sign-in)');

  withStorageFlags(user.command('add <email>'))
    .description('add a console user')
    .addOption(
      new Option('--role <role>', 'what the user may do')
        .choices(CONSOLE_ROLES)
        .default('operator'),
    )
    .addOption(passwordOption)
    .action((email: string, flags: PasswordFlags & { role: ConsoleRole }) =>
      withGuildhall(flags, async (guildhall) => {
        const { password, generated } = chosenPassword(flags, guildhall.random);
        const added = await guildhall.consoleUsers.add(email, password, flags.role);
        console.log(`added ${added.email} (${added.role})`);
        if (generated) console.log(`password (shown once): ${password}`);
      }),
    );

  withStorageFlags(user.command('list'))
    .description('list console users')
    .action((flags: ConfigFlags) =>
      withGuildhall(flags, async (guildhall) => {
        const users = await guildhall.consoleUsers.list();
        if (users.length === 0) return console.log('no console users');
        const rows = users.map((u) => [
          u.email,
          u.role,
          dateTime(u.lastSignInAt),
          u.lockedUntil ? `locked until ${dateTime(u.lockedUntil)}` : '',
        ]);
        for (const line of table(['email', 'role', 'last sign-in', ''], rows)) console.log(line);
      }),
    );

  withStorageFlags(user.command('remove <email>'))
    .description('remove a console user and end their sessions')
    .action((email: string, flags: ConfigFlags) =>
      withGuildhall(flags, async (guildhall) => {
        await guildhall.consoleUsers.remove(email);
        console.log(`removed ${email}`);
      }),
    );

  withStorageFlags(user.command('reset-password <email>'))
    .description('set a new password, lift a lockout and end the user’s sessions')
    .addOption(passwordOption)
    .action((email: string, flags: PasswordFlags) =>
      withGuildhall(flags, async (guildhall) => {
        const { password, generated } = chosenPassword(flags, guildhall.random);
        await guildhall.consoleUsers.resetPassword(email, password);
        console.log(`password of ${email} reset`);
        if (generated) console.log(`password (shown once): ${password}`);
      }),
    );
}
