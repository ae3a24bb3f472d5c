import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

/** The console's browser code and styles, built once per process from src/console/client. */
export interface ConsoleBundle {
  script: string;
  styles: string;
}

let built: Promise<ConsoleBundle> | undefined;

async function buildBundle(): Promise<ConsoleBundle> {
  const result = await build({
    entryPoints: { console: fileURLToPath(new URL('./client/main.ts', import.meta.url)) },
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    write: false,
    outdir: 'console',
    logLevel: 'silent',
  });
  const output = (extension: string) =>
    result.outputFiles.find((file) => file.path.endsWith(extension))?.text ?? '';
  return { script: output('.js'), styles: output('.css') };
}

/** Builds on first use (about 100 ms); every server in the process shares the result. */
export function consoleBundle(): Promise<ConsoleBundle> {
  built ??= buildBundle();
  return built;
}
