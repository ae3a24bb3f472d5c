import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { serverKeyOf, sqliteFileOf } from '../config.js';
import type { AppConfigDeclaration } from '../core/apps/declarations.js';
import type { App } from '../core/apps/types.js';
import { ensureAdminToken, ensureConsoleAdmin, ensureDemoApp } from '../core/setup.js';
import { startJobs } from '../jobs/index.js';
import { openGuildhall } from '../guildhall.js';
import { buildServer } from '../server.js';
import { credentialLines } from './apps.js';
import type { Progress } from './progress.js';
import { progressBar } from './progress.js';

/** The rank index rebuild's progress: a bar on a terminal, log lines otherwise. */
export function rebuildProgress(logger: Logger): Progress {
  return progressBar('rank index {bar} {value}/{total} scores', (done, total) =>
    logger.info({ done, total }, 'rebuilding rank index'),
  );
}

function warmProgress(logger: Logger): Progress {
  return progressBar('player caches {bar} {value}/{total} players', (done, total) =>
    logger.info({ done, total }, 'loading player caches'),
  );
}

function announce(lines: string[]): void {
  const width = Math.max(...lines.map((l) => l.length));
  const rule = '─'.repeat(width + 2);
  console.log(`┌${rule}┐\n${lines.map((l) => `│ ${l.padEnd(width)} │`).join('\n')}\n└${rule}┘`);
}

function demoAppLines(
  app: App,
  declarations: readonly AppConfigDeclaration[],
  baseUrl: string,
): string[] {
  return [
    'Demo app created (first start):',
    `  app id           ${app.id}`,
    ...credentialLines(app, declarations),
    `Try: curl -X POST ${baseUrl}/v1/client/login -H 'content-type: application/json' \\`,
    `       -d '{"app_id":"${app.id}","method":"guest","device_id":"my-phone"}'`,
  ];
}

export async function serve(config: Config, logger: Logger): Promise<void> {
  const progress = rebuildProgress(logger);
  const warming = warmProgress(logger);
  const guildhall = await openGuildhall({
    databaseUrl: config.databaseUrl,
    sqliteFile: sqliteFileOf(config),
    redisUrl: config.redisUrl,
    redisKeyPrefix: config.redisKeyPrefix,
    databasePoolSize: config.databasePoolSize,
    secretKey: serverKeyOf(config),
    outbox: config.outbox,
    providers: config.providers,
    stores: config.stores,
    mail: config.mail,
    publicUrl: config.publicUrl,
    logger,
    onRebuildProgress: progress.update,
    warmCaches: true,
    cachePlayers: config.cachePlayers,
    onWarmProgress: (done, total) => {
      progress.stop();
      warming.update(done, total);
    },
  });
  progress.stop();
  warming.stop();
  const admin = await ensureAdminToken(
    guildhall.store,
    guildhall.random,
    process.env.GUILDHALL_ADMIN_TOKEN,
  );
  const server = await buildServer(guildhall, { logger, adminTokenHash: admin.hash });
  const stopJobs = await startJobs(guildhall, logger);
  await server.listen({ port: config.port, host: config.host });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const baseUrl = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  const demo = await ensureDemoApp(guildhall.store, guildhall.apps);
  if (demo) announce(demoAppLines(demo, guildhall.apps.declarations, baseUrl));
  const consoleAdmin = await ensureConsoleAdmin(
    guildhall.consoleUsers,
    guildhall.random,
    process.env.GUILDHALL_CONSOLE_ADMIN_EMAIL,
  );
  if (consoleAdmin)
    announce([
      `Console: ${baseUrl}/console`,
      `  first admin ${consoleAdmin.email}, password (shown once): ${consoleAdmin.password}`,
      '  (`guildhall user add|list|remove|reset-password` manages console users)',
    ]);
  if (admin.generated)
    announce([
      'Admin token (shown once; set GUILDHALL_ADMIN_TOKEN to choose your own):',
      `  ${admin.generated}`,
    ]);
  // Last, after the first-start banners: scripts wait for this line.
  logger.info(
    {
      url: baseUrl,
      storage: guildhall.database.kind,
      rankIndex: config.redisUrl ? 'redis' : 'memory',
    },
    'guildhall listening',
  );

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    await server.close();
    await stopJobs();
    await guildhall.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.once('SIGINT', (s) => void shutdown(s));
  process.once('SIGTERM', (s) => void shutdown(s));
}
