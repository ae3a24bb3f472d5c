import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const GUILDHALL_BIN = fileURLToPath(new URL('../../bin/guildhall.js', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `guildhall ...args` as a user would, with only the storage settings given in `env`. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const cleanEnv = {
    ...process.env,
    DATABASE_URL: '',
    REDIS_URL: '',
    GUILDHALL_DATA_DIR: '',
    ...env,
  };
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [GUILDHALL_BIN, ...args],
      { env: cleanEnv },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

export interface CliStorage {
  name: string;
  /** Flags that point a command at this storage. */
  flags: string[];
  cleanup(): Promise<void>;
}

export function sqliteStorage(): CliStorage {
  const dir = mkdtempSync(join(tmpdir(), 'guildhall-cli-'));
  return { name: 'sqlite', flags: ['--data-dir', dir], cleanup: () => Promise.resolve() };
}

/** A PostgreSQL schema of its own, selected through the URL's search_path option. */
export async function postgresStorage(databaseUrl: string): Promise<CliStorage> {
  const schema = `gh_cli_${randomBytes(5).toString('hex')}`;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.end();
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    name: 'postgres',
    flags: ['--database-url', url.toString()],
    async cleanup() {
      const drop = new pg.Client({ connectionString: databaseUrl });
      await drop.connect();
      await drop.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await drop.end();
    },
  };
}
