import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { tokenHash } from '../src/core/runtime.js';
import type { GuildhallOptions } from '../src/guildhall.js';
import { startJobs } from '../src/jobs/index.js';
import { openGuildhall } from '../src/guildhall.js';
import { buildServer } from '../src/server.js';
import { announce, stopOnSignal } from './child.js';
import { BENCH_SECRET_KEY } from './dataset.js';

/**
 * The server under test, in its own process: the real platform on the seeded storage, the real
 * HTTP server, on a free port of 127.0.0.1.
 */
const { values } = parseArgs({
  options: {
    'sqlite-file': { type: 'string' },
    'database-url': { type: 'string' },
    'database-schema': { type: 'string' },
    'redis-url': { type: 'string' },
    'redis-key-prefix': { type: 'string' },
    rebuild: { type: 'string', default: 'always' },
    /** Write a CPU profile of the serving (start-up excluded) to this file when stopped. */
    'cpu-profile': { type: 'string' },
  },
});

const rebuild = values.rebuild;
if (rebuild !== 'always' && rebuild !== 'if-needed' && rebuild !== 'never') {
  throw new Error(`--rebuild must be always, if-needed or never, not ${rebuild}`);
}
const options: GuildhallOptions = {
  sqliteFile: values['sqlite-file'],
  databaseUrl: values['database-url'],
  databaseSchema: values['database-schema'],
  redisUrl: values['redis-url'],
  redisKeyPrefix: values['redis-key-prefix'],
  secretKey: BENCH_SECRET_KEY,
  rebuild,
};

const started = performance.now();
const guildhall = await openGuildhall(options);
const heapBefore = process.memoryUsage().heapUsed;
const warmStarted = performance.now();
await guildhall.warmPlayerCaches();
const playerCaches = {
  heapBytes: process.memoryUsage().heapUsed - heapBefore,
  ms: performance.now() - warmStarted,
};
// Nobody calls the admin API here: a random token nobody knows.
const app = await buildServer(guildhall, {
  adminTokenHash: tokenHash(randomBytes(16).toString('hex')),
});
const stopJobs = await startJobs(guildhall, pino({ level: 'warn' }));
await app.listen({ host: '127.0.0.1', port: 0 });
const profileFile = values['cpu-profile'];
const profiler = profileFile ? await startProfiler() : undefined;
announce(app, { startMs: performance.now() - started, playerCaches });
stopOnSignal(async () => {
  if (profiler && profileFile) await profiler.stop(profileFile);
  await app.close();
  await stopJobs();
  await guildhall.close();
});

async function startProfiler() {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop(file: string) {
      const { profile } = await session.post('Profiler.stop');
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}
