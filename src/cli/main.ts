import { Command, Option } from 'commander';
import type { ConfigFlags } from '../config.js';
import { resolveConfig } from '../config.js';
import { registerAppCommands } from './apps.js';
import { registerAuditCommand } from './audit.js';
import { registerConsoleUserCommands } from './console-users.js';
import { createLogger, withGuildhall, withStorageFlags } from './context.js';
import { registerOrderCommands } from './orders.js';
import { registerPushCommands } from './push.js';
import { registerStatsCommands } from './stats.js';
import { registerPlayerCommands } from './players.js';
import { rebuildProgress, serve } from './serve.js';
import { registerSharingCommands } from './sharing.js';
import { registerStoreCommands } from './stores.js';

const program = new Command('guildhall')
  .description('Guildhall game platform server')
  .showHelpAfterError();

withStorageFlags(program.command('serve'))
  .description('run the HTTP server (migrates the database first)')
  .addOption(new Option('--port <port>', 'listen port (GUILDHALL_PORT, default 8080)'))
  .addOption(new Option('--host <host>', 'listen address (GUILDHALL_HOST, default 0.0.0.0)'))
  .addOption(new Option('--smtp-url <url>', 'SMTP server of password-reset mails (SMTP_URL)'))
  .addOption(new Option('--mail-from <address>', 'sender of mails (MAIL_FROM)'))
  .addOption(new Option('--public-url <url>', 'address players reach the server at (PUBLIC_URL)'))
  .action(async (flags: ConfigFlags) => {
    const config = resolveConfig(flags);
    await serve(config, createLogger(config));
  });

withStorageFlags(program.command('migrate'))
  .description('apply pending database migrations')
  .action((flags: ConfigFlags) =>
    withGuildhall(flags, async (guildhall) => {
      console.log(`database ${guildhall.database.kind}: migrations up to date`);
    }),
  );

const rank = program.command('rank').description('leaderboard index maintenance');
withStorageFlags(rank.command('rebuild'))
  .description('rebuild the rank index (Redis or memory) from the database')
  .action(async (flags: ConfigFlags) => {
    const logger = createLogger(resolveConfig(flags));
    const progress = rebuildProgress(logger);
    await withGuildhall(flags, async () => progress.stop(), {
      rebuild: 'always',
      onRebuildProgress: progress.update,
      logger,
    });
  });

registerAppCommands(program);
registerOrderCommands(program);
registerPushCommands(program);
registerStoreCommands(program);
registerSharingCommands(program);
registerStatsCommands(program);
registerConsoleUserCommands(program);
registerAuditCommand(program);
registerPlayerCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  console.error(`guildhall: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
