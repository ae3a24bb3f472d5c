import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { GUILDHALL_BIN } from './cli.js';

export interface RunningServe {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
  exited: Promise<number | null>;
}

/**
 * Starts `guildhall serve` on a free port with the given storage flags and environment (no
 * storage settings inherited from the test's own environment), and waits until it listens.
 */
export async function startServe(
  storageFlags: string[],
  env: Record<string, string> = {},
): Promise<RunningServe> {
  const child = spawn(
    process.execPath,
    [GUILDHALL_BIN, 'serve', '--port', '0', '--host', '127.0.0.1', ...storageFlags],
    {
      env: {
        ...process.env,
        DATABASE_URL: '',
        REDIS_URL: '',
        GUILDHALL_DATA_DIR: '',
        GUILDHALL_ADMIN_TOKEN: '',
        ...env,
      },
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  for (let i = 0; i < 300; i++) {
    const match = /"url":"(http:\/\/[^"]+)".*guildhall listening/.exec(output);
    if (match?.[1]) {
      return { child, baseUrl: match[1], output: () => output, exited };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`serve did not start:\n${output}`);
}

/** Stops serving processes (SIGTERM) and waits until each has exited. */
export async function stopServes(servers: readonly RunningServe[]): Promise<void> {
  for (const serve of servers) {
    serve.child.kill('SIGTERM');
    await serve.exited;
  }
}
