import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

/** What a server process reports on its first stdout line once it listens. */
export interface Announcement {
  port: number;
  /** Milliseconds from start to listening (includes the rank index rebuild). */
  startMs?: number;
  /** Heap the player caches took when loaded at start, and how long loading them took. */
  playerCaches?: { heapBytes: number; ms: number };
  rssBytes: number;
}

/** Child side: report the port (and more) to the parent as one JSON line. */
export function announce(app: FastifyInstance, extra: Omit<Announcement, 'port' | 'rssBytes'>) {
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const line: Announcement = { port, rssBytes: process.memoryUsage().rss, ...extra };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/** Child side: close cleanly on SIGTERM/SIGINT, so that --cpu-prof writes its profile. */
export function stopOnSignal(close: () => Promise<unknown>): void {
  const stop = () => {
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

export interface RunningChild {
  origin: string;
  announcement: Announcement;
  stop(): Promise<void>;
}

/** Parent side: starts `node --import tsx bench/<script>` and waits for its announcement. */
export async function startChild(
  script: string,
  args: readonly string[],
  nodeOptions: readonly string[] = [],
): Promise<RunningChild> {
  const file = fileURLToPath(new URL(script, import.meta.url));
  const child = spawn(process.execPath, [...nodeOptions, '--import', 'tsx', file, ...args], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const announcement = await firstLine(child);
  return {
    origin: `http://127.0.0.1:${announcement.port}`,
    announcement,
    stop: () => stopChild(child),
  };
}

function firstLine(child: ChildProcess): Promise<Announcement> {
  return new Promise((resolve, reject) => {
    if (!child.stdout) return reject(new Error('child has no stdout'));
    const lines = createInterface({ input: child.stdout });
    const onExit = (code: number | null) =>
      reject(new Error(`server process exited with code ${code} before listening`));
    child.once('exit', onExit);
    child.once('error', reject);
    lines.once('line', (line) => {
      child.off('exit', onExit);
      try {
        resolve(JSON.parse(line) as Announcement);
      } catch {
        reject(new Error(`unexpected output from server process: ${line}`));
      }
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
