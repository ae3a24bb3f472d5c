import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, total: number, payload?: Record<string, unknown>): void;
  stop(): void;
}

/**
 * A progress bar on stderr when it is a terminal; otherwise `log` (if any) hears of the progress
 * every `logEvery` steps and at the end.
 */
export function progressBar(
  format: string,
  log?: (done: number, total: number) => void,
  logEvery = 250_000,
): Progress {
  if (!process.stderr.isTTY) {
    let lastLogged = 0;
    return {
      update: (done, total) => {
        if (log && (done === total || done - lastLogged >= logEvery)) {
          lastLogged = done;
          log(done, total);
        }
      },
      stop: () => undefined,
    };
  }
  const bar = new cliProgress.SingleBar(
    { format, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update: (done, total, payload) => {
      if (!started) bar.start(total, done, payload);
      started = true;
      bar.setTotal(total);
      bar.update(done, payload);
    },
    stop: () => started && bar.stop(),
  };
}
